export const id = 812;
export const ids = [812];
export const modules = {

/***/ 63812:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   MARKER: () => (/* binding */ MARKER),
/* harmony export */   MARKERS_LENGTH: () => (/* binding */ MARKERS_LENGTH),
/* harmony export */   WORKFLOW_BOT: () => (/* binding */ WORKFLOW_BOT),
/* harmony export */   checkReviewRun: () => (/* binding */ checkReviewRun),
/* harmony export */   findSticky: () => (/* binding */ findSticky),
/* harmony export */   markersLength: () => (/* binding */ markersLength),
/* harmony export */   pullRequestForCommit: () => (/* binding */ pullRequestForCommit),
/* harmony export */   reviewedHash: () => (/* binding */ reviewedHash),
/* harmony export */   stickyMarker: () => (/* binding */ stickyMarker),
/* harmony export */   tokenIdentity: () => (/* binding */ tokenIdentity),
/* harmony export */   upsertSticky: () => (/* binding */ upsertSticky),
/* harmony export */   withMarkers: () => (/* binding */ withMarkers)
/* harmony export */ });
const MARKER = "<!-- aep-activation-plans:sticky -->";
const HASH = /<!-- aep-activation-plans:plan-hash=(sha256:[0-9a-f]{64})(?: run=(\d{1,20}) head=([0-9a-f]{40}))?(?: sandboxes=([a-z0-9:,-]{1,60000}))? -->/;
/** Who writes with the workflow token (`GITHUB_TOKEN` is an installation token, prefix `ghs_`). */
const WORKFLOW_BOT = "github-actions[bot]";
/** The first line of a step's sticky comment: steps with their own `step-key` keep their own comment. */
const stickyMarker = (stepKey = "") => stepKey === "" ? MARKER : `<!-- aep-activation-plans:sticky:${encodeURIComponent(stepKey)} -->`;
/** Characters the two marker lines add to a body. */
const markersLength = (stepKey = "", sandboxes) => withMarkers("", `sha256:${"0".repeat(64)}`, stepKey, { runId: "0".repeat(20), head: "0".repeat(40) }, sandboxes).length;
const MARKERS_LENGTH = markersLength();
/** `by`: the run whose preview this is, and its PR head (a merge passes on the reviewed ones). */
function withMarkers(body, planHash, stepKey = "", by, sandboxes) {
    const run = by === undefined ? "" : ` run=${by.runId} head=${by.head}`;
    const each = Object.entries(sandboxes ?? {}).map(([name, hash]) => `${name}:${hash}`);
    const per = each.length === 0 ? "" : ` sandboxes=${each.join(",")}`;
    return `${stickyMarker(stepKey)}\n<!-- aep-activation-plans:plan-hash=${planHash}${run}${per} -->\n${body}`;
}
function reviewedHash(body) {
    const m = HASH.exec(body);
    if (m?.[1] === undefined)
        return undefined;
    const sandboxes = m[4]?.split(",").map((e) => e.split(/:(?=sha256:)/));
    return {
        hash: m[1],
        by: m[2] === undefined || m[3] === undefined ? undefined : { runId: m[2], head: m[3] },
        ...(sandboxes === undefined
            ? {}
            : {
                sandboxes: Object.fromEntries(sandboxes.filter((e) => e.length === 2 && /^sha256:[0-9a-f]{64}$/.test(e[1] ?? ""))),
            }),
    };
}
/**
 * The login that comments made with this token carry: the workflow token's bot, or for a personal
 * token its user (`GET /user`, which installation tokens may not call). Undefined when unknown.
 */
async function tokenIdentity(gh, token) {
    if (token.startsWith("ghs_"))
        return WORKFLOW_BOT;
    try {
        return (await gh.rest.users.getAuthenticated()).data.login;
    }
    catch (error) {
        const status = error.status;
        if (status === 401 || status === 403)
            return undefined; // a token that may not say who it is
        throw error;
    }
}
/** This step's sticky comment on a PR: the first with its marker written by `author`; others' are never ours. */
async function findSticky(gh, repo, pr, stepKey, author) {
    if (author === undefined)
        return undefined;
    const marker = `${stickyMarker(stepKey)}\n`;
    const pages = gh.paginate.iterator(gh.rest.issues.listComments, {
        ...repo,
        issue_number: pr,
        per_page: 100,
    });
    for await (const { data } of pages) {
        const found = data.find((c) => c.user?.login === author && c.body?.startsWith(marker) === true);
        if (found !== undefined)
            return { id: found.id, body: found.body ?? "" };
    }
    return undefined;
}
async function upsertSticky(gh, repo, pr, body, stepKey, author) {
    const existing = await findSticky(gh, repo, pr, stepKey, author);
    if (existing === undefined)
        await gh.rest.issues.createComment({ ...repo, issue_number: pr, body });
    else
        await gh.rest.issues.updateComment({ ...repo, comment_id: existing.id, body });
}
/**
 * The PR that `sha` merged (for a push to the default branch): one whose merge commit it is. A push
 * of an open PR's head is no merge of that PR.
 */
async function pullRequestForCommit(gh, repo, sha) {
    const { data } = await gh.rest.repos.listPullRequestsAssociatedWithCommit({ ...repo, commit_sha: sha });
    return data.find((p) => p.merge_commit_sha === sha && p.merged_at !== null)?.number;
}
/**
 * A preview is trusted when the run that wrote it is a `pull_request` run of this repository, for the
 * PR's head commit as merged, when the PR changes no workflow or local action; or a `pull_request_target`
 * run of this repository (its workflow comes from the base branch, which the PR cannot change; its
 * own commit is the base's, so the PR head it previewed is the one its marker names).
 */
async function checkReviewRun(gh, repo, pr, by) {
    const runId = by.runId;
    const run = await gh.rest.actions
        .getWorkflowRun({ ...repo, run_id: Number(runId) })
        .then((r) => r.data)
        .catch((error) => {
        if (error.status === 404)
            return undefined;
        throw error;
    });
    if (run === undefined)
        return { code: "run-not-found", runId };
    const full = `${repo.owner}/${repo.repo}`.toLowerCase();
    if ((run.event !== "pull_request" && run.event !== "pull_request_target") ||
        run.repository.full_name.toLowerCase() !== full)
        return { code: "run-foreign", runId, event: run.event, repository: run.repository.full_name };
    const { data: pull } = await gh.rest.pulls.get({ ...repo, pull_number: pr });
    const previewed = run.event === "pull_request" ? run.head_sha : by.head;
    if (previewed !== pull.head.sha)
        return { code: "run-stale", runId, runHead: previewed, prHead: pull.head.sha };
    // For either event: a workflow or local action the PR adds or edits runs with this repository's
    // token and could post as the bot, citing a genuine run (a pull_request_target one included).
    // A pull_request run's own workflow file counts too; GitHub lists at most 3,000 files, so a PR
    // whose list is cut cannot be checked and is refused.
    const workflow = run.event === "pull_request"
        ? (run.path ?? "").replace(/@[^@]*$/, "").replace(/^.*?(?=\.github\/workflows\/)/, "")
        : undefined;
    const files = await gh.paginate(gh.rest.pulls.listFiles, { ...repo, pull_number: pr, per_page: 100 });
    const changed = files
        .flatMap((f) => [f.filename, f.previous_filename ?? ""])
        .find((name) => name === workflow || /^\.github\/(workflows|actions)\//.test(name));
    const unchecked = typeof pull.changed_files === "number" && files.length < pull.changed_files;
    if (workflow === "" || changed !== undefined || unchecked)
        return {
            code: "workflow-changed",
            runId,
            workflow: changed ?? (unchecked ? `more files than GitHub lists (${pull.changed_files})` : "(unknown)"),
        };
    return undefined;
}


/***/ })

};
