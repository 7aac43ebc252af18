export const id = 378;
export const ids = [378,812];
export const modules = {

/***/ 226:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   H1: () => (/* binding */ renderSections),
/* harmony export */   NI: () => (/* binding */ fitNotes),
/* harmony export */   NU: () => (/* binding */ fitBelow),
/* harmony export */   Ro: () => (/* binding */ COMMENT_MARGIN),
/* harmony export */   Yf: () => (/* binding */ splitNotes),
/* harmony export */   cW: () => (/* binding */ sectionsIn),
/* harmony export */   wv: () => (/* binding */ SEPARATOR),
/* harmony export */   zs: () => (/* binding */ opening)
/* harmony export */ });
/* unused harmony exports JOB, NOTES_BUDGET, shares, cutMarkdown */
/* harmony import */ var _render_notes_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(13559);
/* harmony import */ var _render_escape_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(77291);
// The parts of a sticky comment that runs share (pure): refusal notes at the top, then either the
// preview that was reviewed or the limited jobs' sections, each part between its own markers. Parts
// are cut to fit GitHub's limit one by one, so that no cut falls on a marker.


const JOB = /<!-- aep-activation-plans:job:([a-z0-9+-]+)(?: at=([0-9a-f]{40}))? -->\n([\s\S]*?)\n<!-- \/aep-activation-plans:job:\1 -->/g;
/** A section's opening marker: its job's key, and (since sections name it) the commit that job ran at. */
const opening = (key, head) => head === undefined
    ? `<!-- aep-activation-plans:job:${key} -->\n`
    : `<!-- aep-activation-plans:job:${key} at=${head} -->\n`;
const closing = (key) => `\n<!-- /aep-activation-plans:job:${key} -->`;
const SEPARATOR = "\n\n---\n\n";
/** Room kept free of parts in a comment (its marker lines and what GitHub counts differently). */
const COMMENT_MARGIN = 4_000;
/** All refusal notes together take at most this much of a comment; the rest is the preview or the sections. */
const NOTES_BUDGET = 24_000;
/** The refusal notes at the top of a comment's body (after its marker lines), and what is below them. */
function splitNotes(body) {
    const notes = [...body.matchAll(_render_notes_js__WEBPACK_IMPORTED_MODULE_0__/* .REFUSED_NOTES */ .TL)].map((m) => ({ key: m[1], at: m[2], text: m[0] }));
    return { notes, below: body.replace(_render_notes_js__WEBPACK_IMPORTED_MODULE_0__/* .REFUSED_NOTES */ .TL, "").replace(/^\n*(---\n+)*/, "") };
}
/** The sections in what is below the notes. */
const sectionsIn = (below) => [...below.matchAll(JOB)].map((m) => ({ key: m[1] ?? "", at: m[2], text: m[3] ?? "" }));
/**
 * Each part's share of `budget`: a part that needs less than an equal share keeps what it needs, and
 * what it leaves goes to the longer ones (so nothing is cut while the whole fits).
 */
function shares(lengths, budget) {
    const out = new Array(lengths.length).fill(0);
    let left = Math.max(0, budget);
    let open = lengths.map((n, i) => ({ n, i })).sort((a, b) => a.n - b.n);
    while (open.length > 0) {
        const fair = Math.floor(left / open.length);
        const [first] = open;
        if (first === undefined || first.n > fair) {
            for (const p of open)
                out[p.i] = fair;
            break;
        }
        out[first.i] = first.n;
        left -= first.n;
        open = open.slice(1);
    }
    return out;
}
/**
 * Markdown cut to `budget` characters, or whole when it fits. A cut says so, and closes the
 * `<details>` blocks it leaves open: the part after it would render inside them, collapsed.
 */
function cutMarkdown(text, budget) {
    if (text.length <= budget && new TextEncoder().encode(text).length <= budget)
        return text;
    const note = "\n\n… (cut to fit this comment: the job summary has it whole)";
    const kept = (0,_render_escape_js__WEBPACK_IMPORTED_MODULE_1__/* .cutToBytes */ .zP)(text, budget - note.length - 200);
    const open = (kept.match(/<details\b/g) ?? []).length - (kept.match(/<\/details>/g) ?? []).length;
    return `${kept}${note}${"\n\n</details>".repeat(Math.max(0, open))}`;
}
/**
 * Notes that fit `budget` characters together, as far as they can: a note over its share keeps its
 * markers, its title and its way on (the confirm line), and loses the middle (why, and the pairs that
 * differ). Those it keeps even past the budget: the comment's own limit is counted with them.
 */
function fitNotes(notes, budget = NOTES_BUDGET) {
    const share = shares(notes.map((n) => n.length), budget - SEPARATOR.length * notes.length);
    return notes.map((note, i) => {
        if (note.length <= (share[i] ?? 0))
            return note;
        const lines = note.split("\n");
        const head = lines.slice(0, 2).join("\n");
        const tail = lines.slice(-4).join("\n");
        const middle = lines.slice(2, -4).join("\n");
        return `${head}\n${(0,_render_escape_js__WEBPACK_IMPORTED_MODULE_1__/* .cutToBytes */ .zP)(middle, (share[i] ?? 0) - head.length - tail.length - 8)}\n…\n\n${tail}`;
    });
}
/** Sections, sorted by key, within `budget` characters: each cut to its share, its markers whole. */
function renderSections(sections, budget) {
    const markers = sections.reduce((n, s) => n + opening(s.key, s.at).length + closing(s.key).length + SEPARATOR.length, 0);
    const sorted = [...sections].sort((a, b) => (a.key < b.key ? -1 : 1));
    const share = shares(sorted.map((s) => new TextEncoder().encode(s.text).length), budget - markers);
    return sorted
        .map((s, i) => `${opening(s.key, s.at)}${cutMarkdown(s.text, share[i] ?? 0)}${closing(s.key)}`)
        .join(SEPARATOR);
}
/** What is below the notes, cut to `budget` characters: the sections each to its share, or the preview. */
function fitBelow(below, budget) {
    const sections = sectionsIn(below);
    return sections.length === 0 ? cutMarkdown(below, budget) : renderSections(sections, budget);
}


/***/ }),

/***/ 52873:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   CX: () => (/* binding */ ourSticky),
/* harmony export */   O5: () => (/* binding */ tellRefused),
/* harmony export */   PS: () => (/* binding */ tellConfirmed),
/* harmony export */   ht: () => (/* binding */ tryComment)
/* harmony export */ });
/* harmony import */ var _github_comment_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(63812);
/* harmony import */ var _render_notes_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(13559);
/* harmony import */ var _comment_parts_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(226);
/* harmony import */ var _render_preview_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(79294);
// The PR channel: the sticky comment, written when the token may, and a summary-only fallback otherwise.




/** This step's sticky comment on a PR, as this token wrote it; undefined without a token or a repository. */
const ourSticky = async (ctx, pr) => ctx.gh === undefined || ctx.settings.repository === undefined
    ? undefined
    : (0,_github_comment_js__WEBPACK_IMPORTED_MODULE_0__.findSticky)(ctx.gh, ctx.settings.repository, pr, ctx.settings.stepKey, await ctx.githubIdentity());
/** Creates or updates this step's sticky comment on a PR, redacted, as this token's identity. */
const writeSticky = async (ctx, gh, repository, pr, body) => (0,_github_comment_js__WEBPACK_IMPORTED_MODULE_0__.upsertSticky)(gh, repository, pr, ctx.redact(body), ctx.settings.stepKey, await ctx.githubIdentity());
/** Writes the sticky comment; false when there was none to write or it could not be written. */
async function tryComment(ctx, pr, body) {
    const { gh, settings, port } = ctx;
    if (gh === undefined || pr === undefined || settings.repository === undefined) {
        port.info("No PR comment: no token or no pull request; the preview is in the job summary.");
        return false;
    }
    try {
        await writeSticky(ctx, gh, settings.repository, pr, body);
        return true;
    }
    catch (error) {
        const status = error.status;
        port.warning(`Could not write the PR comment (HTTP ${status ?? "error"}${status === 403 ? ": a read-only token, as on pull requests from forks" : ""}); the preview is in the job summary.`);
        return false;
    }
}
/**
 * Each refused merge's PR hears it: a note at the top of its sticky comment (the verdict, both plan
 * hashes, the confirm line, the run), above the preview that was reviewed, whose marker lines stay
 * as they are. A rerun replaces the note; a PR without a comment gets one with no plan hash.
 */
async function tellRefused(ctx, refused) {
    const { gh, settings, port } = ctx;
    if (gh === undefined || settings.repository === undefined)
        return;
    for (const m of refused) {
        if (m.pr === undefined || m.reason === "github-unavailable")
            continue;
        const key = settings.sandboxes.join("+");
        const note = (0,_render_notes_js__WEBPACK_IMPORTED_MODULE_1__/* .renderRefusedNote */ .jS)(m, settings.runUrl, key === "" ? undefined : key);
        try {
            const existing = await ourSticky(ctx, m.pr);
            const [sticky = "", hash = "", ...rest] = existing?.body.split("\n") ?? [];
            const { notes, below } = (0,_comment_parts_js__WEBPACK_IMPORTED_MODULE_2__/* .splitNotes */ .Yf)(rest.join("\n"));
            // An unlimited run's note replaces every note; a limited job's replaces its own, beside the
            // notes of other sandboxes' jobs. Each part is cut on its own: no cut falls on a marker.
            const kept = key === "" ? [] : notes.filter((n) => n.key !== key).map((n) => n.text);
            const top = `${sticky}\n${hash}\n${(0,_comment_parts_js__WEBPACK_IMPORTED_MODULE_2__/* .fitNotes */ .NI)([...kept, note]).join("\n\n")}${_comment_parts_js__WEBPACK_IMPORTED_MODULE_2__/* .SEPARATOR */ .wv}`;
            const body = existing === undefined
                ? (0,_github_comment_js__WEBPACK_IMPORTED_MODULE_0__.withMarkers)(note, "none: a refused merge", settings.stepKey)
                : top + (0,_comment_parts_js__WEBPACK_IMPORTED_MODULE_2__/* .fitBelow */ .NU)(below, _render_preview_js__WEBPACK_IMPORTED_MODULE_3__/* .COMMENT_LIMIT */ .W$ - _comment_parts_js__WEBPACK_IMPORTED_MODULE_2__/* .COMMENT_MARGIN */ .Ro - top.length);
            await writeSticky(ctx, gh, settings.repository, m.pr, body);
        }
        catch (error) {
            port.warning(`Could not tell PR #${m.pr} its merge was not applied (HTTP ${error.status ?? "error"}); the job summary says why.`);
        }
    }
}
/**
 * A confirm run tells each confirmed merge's PR: the refusal notes that showed its confirm line
 * (`confirm: PR HASH`) are replaced by what it sent. A PR with no such note is left as it is.
 */
async function tellConfirmed(ctx, confirmed) {
    const { gh, settings, port } = ctx;
    if (gh === undefined || settings.repository === undefined)
        return;
    for (const { results, windows, ...merge } of confirmed) {
        const c = { ...merge, ...(0,_render_notes_js__WEBPACK_IMPORTED_MODULE_1__/* .confirmedCounts */ .EW)(results, windows) };
        // Nothing reached Platform and something was held (pre-flight, a stop): the refusal's confirm line
        // is still the way on, and the summary says why.
        if (c.succeeded + c.failed === 0 && c.held > 0)
            continue;
        // An earlier run's word on this confirmation stands unless this run sent pairs again.
        const again = results.some((r) => r.sent === true);
        try {
            const existing = await ourSticky(ctx, c.pr);
            if (existing === undefined)
                continue;
            const line = `\`confirm: ${c.pr} ${c.hash}\``;
            const answered = (0,_comment_parts_js__WEBPACK_IMPORTED_MODULE_2__/* .splitNotes */ .Yf)(existing.body).notes.filter((n) => n.text.includes(`run the manual workflow with ${line}`) ||
                (again && n.text.includes(`confirmed ${line}`)));
            if (answered.length === 0)
                continue;
            let body = existing.body;
            for (const n of answered)
                body = body.replace(n.text, () => (0,_render_notes_js__WEBPACK_IMPORTED_MODULE_1__/* .renderConfirmedNote */ .S$)(c, { url: settings.runUrl, actor: settings.triggeringActor }, n));
            await writeSticky(ctx, gh, settings.repository, c.pr, body);
        }
        catch (error) {
            port.warning(`Could not tell PR #${c.pr} its confirmed merge was sent (HTTP ${error.status ?? "error"}); the job summary says what was sent.`);
        }
    }
}


/***/ }),

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


/***/ }),

/***/ 13559:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   EW: () => (/* binding */ confirmedCounts),
/* harmony export */   S$: () => (/* binding */ renderConfirmedNote),
/* harmony export */   TL: () => (/* binding */ REFUSED_NOTES),
/* harmony export */   Ze: () => (/* binding */ differenceLines),
/* harmony export */   cC: () => (/* binding */ confirmHint),
/* harmony export */   cU: () => (/* binding */ NOTE_ITEMS),
/* harmony export */   jS: () => (/* binding */ renderRefusedNote),
/* harmony export */   kB: () => (/* binding */ renderMergeNotes)
/* harmony export */ });
/* unused harmony exports REFUSED_BEGIN, REFUSED_END */
/* harmony import */ var _activation_outcome_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(83238);
/* harmony import */ var _escape_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(77291);
// The notes around an apply's summary: the merges of a run that were not applied and the pairs not
// sent (and why), and the note on a refused merge's PR (the scheduled run's view is in
// scheduled-view.ts). Pure; every plan-provided string is escaped.


/** At most this many pairs are listed in a note; the rest are counted. */
const NOTE_ITEMS = 20;
/** How a person says yes to a merge a run did not send: the manual run's confirm input. */
function confirmHint(m) {
    if (m.pr === undefined || m.hash === undefined)
        return "";
    // A limited run's hash covers its sandboxes only: the manual run is limited the same way.
    const limit = m.sandboxes === undefined || m.sandboxes.length === 0
        ? ""
        : ` and ${(0,_escape_js__WEBPACK_IMPORTED_MODULE_1__/* .code */ .aY)(`sandboxes: ${m.sandboxes.join(",")}`)}`;
    return ` To send it as merged, with a person's yes: run the manual workflow with ${(0,_escape_js__WEBPACK_IMPORTED_MODULE_1__/* .code */ .aY)(`confirm: ${m.pr} ${m.hash}`)}${limit}.`;
}
/** Where a refusal note starts and ends in a PR's comment (replaced, never stacked, on a rerun). */
const REFUSED_BEGIN = "<!-- aep-activation-plans:refused -->";
const REFUSED_END = "<!-- /aep-activation-plans:refused -->";
/** The pairs a refused merge changed against its review, each side cut at `most` lines. */
function differenceLines(d, most = 20, quote = "") {
    if (d === undefined)
        return [];
    if (d.merged.length === 0 && d.reviewed.length === 0)
        return [
            `${quote}The same pairs as reviewed: what changed is how they are sent (their jobs, or their plans' windows).`,
        ];
    const side = (title, pairs) => pairs.length === 0
        ? []
        : [
            `${quote}**${title}** (${pairs.length}):`,
            ...pairs
                .slice(0, most)
                .map((p) => `${quote}- ${(0,_escape_js__WEBPACK_IMPORTED_MODULE_1__/* .code */ .aY)(p.audience)} → ${(0,_escape_js__WEBPACK_IMPORTED_MODULE_1__/* .code */ .aY)(p.destination)} (${(0,_escape_js__WEBPACK_IMPORTED_MODULE_1__/* .code */ .aY)(p.plan)})`),
            ...(pairs.length > most ? [`${quote}- … and ${pairs.length - most} more`] : []),
        ];
    const merged = side("Merged, never reviewed", d.merged);
    const reviewed = side("Reviewed, not in the merge", d.reviewed);
    // A blank (quoted) line between the two lists: else the second title continues the first list.
    return merged.length > 0 && reviewed.length > 0
        ? [...merged, quote.trimEnd(), ...reviewed]
        : [...merged, ...reviewed];
}
/**
 * Every refusal note in a comment: an unlimited run's (one, between REFUSED_BEGIN and REFUSED_END),
 * or a limited job's, named by its key and the commit it refused (one per sandboxes' job).
 */
const REFUSED_NOTES = /<!-- aep-activation-plans:refused(?::([a-z0-9+-]+) at=([0-9a-f]{40}))? -->\n[\s\S]*?\n<!-- \/aep-activation-plans:refused(?::\1)? -->/g;
/** `key`: the limited job's (its sandboxes), whose note stands beside the other sandboxes' jobs' notes. */
function renderRefusedNote(m, runUrl, key) {
    const why = m.why.length > 3_000 ? `${m.why.slice(0, 3_000)}…` : m.why;
    const differs = differenceLines(m.differs);
    return [
        key === undefined ? REFUSED_BEGIN : `<!-- aep-activation-plans:refused:${key} at=${m.head} -->`,
        `### ❌ Not applied${key === undefined ? "" : ` in ${key.split("+").join(", ")}`}: merged as ${(0,_escape_js__WEBPACK_IMPORTED_MODULE_1__/* .code */ .aY)(m.head.slice(0, 12))}`,
        "",
        (0,_escape_js__WEBPACK_IMPORTED_MODULE_1__/* .escapeSentence */ .FV)(why),
        "",
        ...(differs.length === 0 ? [] : [...differs, ""]),
        `${confirmHint(m).trim() || "A manual run of its plans sends them, with a person's yes."}${runUrl === undefined ? "" : ` [The run that refused it](${runUrl}).`}`,
        "",
        key === undefined
            ? "The preview below is what was reviewed."
            : "Below: the preview that was reviewed, or what the other sandboxes' jobs did with it.",
        key === undefined ? REFUSED_END : `<!-- /aep-activation-plans:refused:${key} -->`,
    ].join("\n");
}
/** What became of a confirmed merge's pairs: from their results, and its pairs pending for a window. */
function confirmedCounts(results, windows) {
    const count = (f) => results.filter(f).length;
    const attention = (r) => r.code === undefined || (0,_activation_outcome_js__WEBPACK_IMPORTED_MODULE_0__/* .needsAttentionCode */ .DN)(r.code);
    return {
        succeeded: count((r) => r.code === "succeeded" || r.code === "succeeded-earlier"),
        failed: count((r) => r.sent === true && attention(r)),
        held: count((r) => r.sent !== true && attention(r)),
        waiting: windows + count((r) => r.code === "first-activation-wait"),
    };
}
/**
 * A confirm run's word on a merge it sent, in place of the refusal note on its PR (the same markers,
 * so a later note of that job replaces it in turn): what was sent, whether it succeeded, the run.
 */
function renderConfirmedNote(c, run, marker) {
    const { key, at } = marker;
    const keyed = key !== undefined && at !== undefined;
    const where = keyed ? ` in ${key.split("+").join(", ")}` : "";
    const merged = `merged as ${(0,_escape_js__WEBPACK_IMPORTED_MODULE_1__/* .code */ .aY)(c.head.slice(0, 12))}`;
    const went = c.succeeded + c.failed;
    const bad = c.failed + c.held;
    const wait = c.waiting === 0
        ? ""
        : `${(0,_escape_js__WEBPACK_IMPORTED_MODULE_1__/* .plural */ .LS)(c.waiting, "pair")} wait for their plan's window or Adobe's hour after an audience's first activation: a later run sends them.`;
    const title = went + bad + c.waiting === 0
        ? `### ✅ Confirmed${where}: ${merged}, nothing left to send`
        : went === 0
            ? `### 🕒 Confirmed${where}: ${merged}, waiting to be sent`
            : bad === 0
                ? `### ✅ Sent with a person's yes${where}: ${merged}`
                : `### ⚠️ Sent with a person's yes${where}: ${merged}; ${bad} of ${(0,_escape_js__WEBPACK_IMPORTED_MODULE_1__/* .plural */ .LS)(went + bad, "pair")} did not succeed`;
    const what = went + bad + c.waiting === 0
        ? "its pairs were sent since by a later request, or removed by a later merge; none was sent now."
        : went === 0
            ? wait
            : `${bad === 0 ? `${(0,_escape_js__WEBPACK_IMPORTED_MODULE_1__/* .plural */ .LS)(c.succeeded, "pair")} sent and succeeded.` : `${c.succeeded} succeeded, ${bad} did not (the run's summary gives each reason).`}${wait === "" ? "" : ` ${wait}`}`;
    const sent = went > 0 ? " and sent what was merged" : "";
    return [
        keyed ? `<!-- aep-activation-plans:refused:${key} at=${at} -->` : REFUSED_BEGIN,
        title,
        "",
        `A manual run${run.actor === undefined ? "" : ` by ${(0,_escape_js__WEBPACK_IMPORTED_MODULE_1__/* .code */ .aY)(run.actor)}`} confirmed ${(0,_escape_js__WEBPACK_IMPORTED_MODULE_1__/* .code */ .aY)(`confirm: ${c.pr} ${c.hash}`)}${sent}: ${what}${run.url === undefined ? "" : ` [The run](${run.url}).`}`,
        "",
        keyed
            ? "Below: the preview that was reviewed, or what the other sandboxes' jobs did with it."
            : "The preview below is what was reviewed.",
        keyed ? `<!-- /aep-activation-plans:refused:${key} -->` : REFUSED_END,
    ].join("\n");
}
/**
 * Above the summary of a run of several merges: the merges whose review did not hold, each with its
 * PR and why (their pairs were not submitted; the reviewed merges' were), then the pairs that were
 * not sent for another reason: revoked by a later merge, or asked for by no merge on its own.
 */
function renderMergeNotes(notes) {
    const { refused, revoked, unasked, missed = [] } = notes;
    const out = [];
    if (refused.length > 0)
        out.push("> [!CAUTION]", `> **${(0,_escape_js__WEBPACK_IMPORTED_MODULE_1__/* .plural */ .LS)(refused.length, "merge")} of this run ${refused.length === 1 ? "was" : "were"} not applied.** ${refused.length === 1 ? "Its" : "Their"} pairs were not submitted; the reviewed merges' pairs below were.`, ">", ...refused.flatMap((m) => [
            `> - ${m.pr === undefined ? `Commit ${(0,_escape_js__WEBPACK_IMPORTED_MODULE_1__/* .code */ .aY)(m.head.slice(0, 12))}` : `PR #${m.pr}`} (${(0,_escape_js__WEBPACK_IMPORTED_MODULE_1__/* .code */ .aY)(m.reason)}): ${(0,_escape_js__WEBPACK_IMPORTED_MODULE_1__/* .escapeSentence */ .FV)(m.why)}${confirmHint(m)}`,
            ...differenceLines(m.differs, 20, ">   "),
        ]), "");
    const items = [
        ...revoked.map((p) => `> - ${(0,_escape_js__WEBPACK_IMPORTED_MODULE_1__/* .code */ .aY)(p.destination.id)} / ${(0,_escape_js__WEBPACK_IMPORTED_MODULE_1__/* .code */ .aY)(p.audience.id)} (${(0,_escape_js__WEBPACK_IMPORTED_MODULE_1__/* .code */ .aY)(p.file)}): asked for by a reviewed merge, removed by a later one (revoked).`),
        ...unasked.map((p) => `> - ${(0,_escape_js__WEBPACK_IMPORTED_MODULE_1__/* .code */ .aY)(p.destination)} / ${(0,_escape_js__WEBPACK_IMPORTED_MODULE_1__/* .code */ .aY)(p.audience)}: the whole change asks for it, but no merge asks for it on its own (a window that opened since, say); a manual run sends it.`),
        ...missed.map((p) => `> - ${(0,_escape_js__WEBPACK_IMPORTED_MODULE_1__/* .code */ .aY)(p.destination)} / ${(0,_escape_js__WEBPACK_IMPORTED_MODULE_1__/* .code */ .aY)(p.audience)}: asked for by a merge whose run was missed; with require-reviewed-plan: false it is not caught up, so a manual run sends it.`),
    ];
    if (items.length > 0)
        out.push("> [!NOTE]", `> **${(0,_escape_js__WEBPACK_IMPORTED_MODULE_1__/* .plural */ .LS)(items.length, "pair")} not sent:**`, ">", ...items.slice(0, NOTE_ITEMS), ...(items.length > NOTE_ITEMS ? [`> - and ${items.length - NOTE_ITEMS} more`] : []), "");
    return out.length === 0 ? "" : `${out.join("\n")}\n`;
}


/***/ }),

/***/ 56486:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   W: () => (/* binding */ renderHeld),
/* harmony export */   z: () => (/* binding */ renderPolicy)
/* harmony export */ });
/* harmony import */ var _escape_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(77291);

function renderPolicy(view, max = 50) {
    if (view.problems.length === 0 && view.approvals.length === 0 && view.notes.length === 0)
        return "";
    const refused = view.problems
        .slice(0, max)
        .map((p) => `- ${(0,_escape_js__WEBPACK_IMPORTED_MODULE_0__/* .code */ .aY)(`${p.file}:${p.line}`)} ${(0,_escape_js__WEBPACK_IMPORTED_MODULE_0__/* .escapeSentence */ .FV)(p.message)}`);
    const more = view.problems.length - refused.length;
    const source = `_Judged by ${(0,_escape_js__WEBPACK_IMPORTED_MODULE_0__/* .code */ .aY)(view.file)} as of ${(0,_escape_js__WEBPACK_IMPORTED_MODULE_0__/* .code */ .aY)(view.at.slice(0, 12))}, this PR's base: a PR cannot loosen the rules that judge it._`;
    return [
        "",
        "",
        view.problems.length > 0
            ? `#### ❌ The activation policy refuses this change (${(0,_escape_js__WEBPACK_IMPORTED_MODULE_0__/* .plural */ .LS)(view.problems.length, "problem")})`
            : view.missing > 0
                ? `#### ⚠️ The activation policy needs ${(0,_escape_js__WEBPACK_IMPORTED_MODULE_0__/* .plural */ .LS)(view.missing, "approval")} before a merge sends anything`
                : view.notes.length > 0
                    ? "#### ⚠️ The activation policy could not check everything here"
                    : "#### ✅ The activation policy's approvals are given",
        "",
        ...refused,
        ...(more > 0 ? [`- … and ${(0,_escape_js__WEBPACK_IMPORTED_MODULE_0__/* .plural */ .LS)(more, "more problem")}`] : []),
        ...view.approvals.map((a) => `- ${(0,_escape_js__WEBPACK_IMPORTED_MODULE_0__/* .escapeSentence */ .FV)(a)}`),
        ...view.notes.map((n) => `- ${(0,_escape_js__WEBPACK_IMPORTED_MODULE_0__/* .escapeSentence */ .FV)(n)}`),
        "",
        source,
    ].join("\n");
}
/** Pending pairs a later run held under the policy (the approvals recorded at their merge). */
function renderHeld(held) {
    if (held.length === 0)
        return "";
    return [
        "> [!CAUTION]",
        `> **${(0,_escape_js__WEBPACK_IMPORTED_MODULE_0__/* .plural */ .LS)(held.reduce((n, h) => n + h.pairs, 0), "pair")} waiting since ${held.length === 1 ? "its merge was" : "their merges were"} not sent: the activation policy refuses ${held.length === 1 ? "it" : "them"} under the approvals recorded when ${held.length === 1 ? "it was" : "they were"} merged.** They stay pending; a manual run with \`confirm\` by an approver sends them.`,
        ">",
        ...held.map((h) => `> - \`${h.commit.slice(0, 12)}\` (${(0,_escape_js__WEBPACK_IMPORTED_MODULE_0__/* .plural */ .LS)(h.pairs, "pair")}): ${(0,_escape_js__WEBPACK_IMPORTED_MODULE_0__/* .escapeSentence */ .FV)(h.why)}`),
        "",
        "",
    ].join("\n");
}


/***/ }),

/***/ 79294:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Bt: () => (/* binding */ renderPreview),
/* harmony export */   Tr: () => (/* binding */ renderPreflightNotes),
/* harmony export */   W$: () => (/* binding */ COMMENT_LIMIT),
/* harmony export */   yt: () => (/* binding */ renderPreflightFindings)
/* harmony export */ });
/* unused harmony exports CHANGE_LABEL, summaryLine */
/* harmony import */ var _escape_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(77291);
/* harmony import */ var _names_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(28570);


/** GitHub's limit for an issue or PR comment body. */
const COMMENT_LIMIT = 65_536;
const CHANGE_LABEL = {
    added: "added",
    modified: "new pairs",
    revision: "run again",
    deleted: "deleted",
    unchanged: "no activation",
    "outside-window": "outside window",
    "window-opened": "window opened",
    retry: "retried",
};
function summaryLine(outcome) {
    const { changes, execution } = outcome;
    return `${(0,_escape_js__WEBPACK_IMPORTED_MODULE_1__/* .plural */ .LS)(changes.length, "plan")} changed · ${(0,_escape_js__WEBPACK_IMPORTED_MODULE_1__/* .plural */ .LS)(execution.pairs.length, "pair")} to activate · ${(0,_escape_js__WEBPACK_IMPORTED_MODULE_1__/* .plural */ .LS)(execution.jobs.length, "job")} · ${(0,_escape_js__WEBPACK_IMPORTED_MODULE_1__/* .plural */ .LS)(execution.waves, "wave")}`;
}
function plansTable(outcome, maxRows) {
    if (outcome.changes.length === 0)
        return [
            outcome.limit === undefined
                ? "No plan changed between these commits, so a merge activates nothing."
                : `No plan in ${outcome.limit.sandboxes.map(_escape_js__WEBPACK_IMPORTED_MODULE_1__/* .code */ .aY).join(", ")} changed between these commits, so this run activates nothing there; plans in other sandboxes are left to their own jobs.`,
        ];
    const rows = outcome.changes
        .slice(0, maxRows)
        .map((c) => `| ${(0,_escape_js__WEBPACK_IMPORTED_MODULE_1__/* .code */ .aY)(c.name)}<br><sub>${(0,_escape_js__WEBPACK_IMPORTED_MODULE_1__/* .code */ .aY)(c.file)}</sub> | ${c.pending === undefined ? CHANGE_LABEL[c.change] : "pending"} | ${(c.pending?.pairs ?? c.pairs).length.toLocaleString("en-US")}${c.pending === undefined ? "" : " later"} | ${(0,_escape_js__WEBPACK_IMPORTED_MODULE_1__/* .escapeText */ .X1)(c.reason)} |`);
    const more = outcome.changes.length - rows.length;
    return [
        "| plan | change | pairs | why |",
        "| --- | --- | ---: | --- |",
        ...rows,
        ...(more > 0 ? [`| … | | | ${(0,_escape_js__WEBPACK_IMPORTED_MODULE_1__/* .plural */ .LS)(more, "more plan")} in the full preview |`] : []),
    ];
}
const JOBS_HEADING = {
    preview: "#### Jobs a merge will submit",
    running: "#### Jobs this run submits",
    // What each job did (submitted or not, and how it ended) is the summary's Jobs table above.
    after: "#### Jobs the run planned",
    "dry-run": "#### Jobs this run would submit",
    refused: "#### Jobs the merge asked for (none was submitted)",
};
function jobsTable(outcome, maxRows, stage = "preview") {
    const { jobs } = outcome.execution;
    if (jobs.length === 0)
        return [];
    const rows = jobs
        .slice(0, maxRows)
        .map((j) => `| ${j.wave} | ${(0,_escape_js__WEBPACK_IMPORTED_MODULE_1__/* .code */ .aY)(j.id)} | ${(0,_escape_js__WEBPACK_IMPORTED_MODULE_1__/* .code */ .aY)(j.sandbox)} | ${Object.keys(j.activationInfo).length} | ${j.audienceCount} | ${j.pairCount} |`);
    const more = jobs.length - rows.length;
    return [
        "",
        JOBS_HEADING[stage],
        "",
        "Jobs of one wave run together; a wave starts when the one before it has finished.",
        "",
        "| wave | job | sandbox | destinations | audiences | pairs |",
        "| ---: | --- | --- | ---: | ---: | ---: |",
        ...rows,
        ...(more > 0 ? [`| … | ${(0,_escape_js__WEBPACK_IMPORTED_MODULE_1__/* .plural */ .LS)(more, "more job")} in the full preview | | | | |`] : []),
    ];
}
/** Up to this many pairs, who receives what is shown open; more are behind a click. */
const OPEN_PAIRS = 25;
/** Who receives what: each destination by name, and the audiences it receives (with the plans asking). */
function recipients(outcome, names) {
    const { pairs } = outcome.execution;
    if (pairs.length === 0)
        return [];
    const byDestination = [...Map.groupBy(pairs, (p) => `${p.sandbox}\n${p.destination}`)].sort(([a], [b]) => a < b ? -1 : 1);
    const open = pairs.length <= OPEN_PAIRS;
    const what = `${(0,_escape_js__WEBPACK_IMPORTED_MODULE_1__/* .plural */ .LS)(pairs.length, "pair")} to ${(0,_escape_js__WEBPACK_IMPORTED_MODULE_1__/* .plural */ .LS)(byDestination.length, "destination")}`;
    const lines = [
        "",
        open ? "#### Who receives what" : `<details><summary>Who receives what (${what})</summary>`,
        "",
        (0,_names_js__WEBPACK_IMPORTED_MODULE_0__/* .namesSource */ .QM)(names),
        "",
    ];
    for (const [, list] of byDestination) {
        const first = list[0];
        if (first === undefined)
            continue;
        const total = (0,_names_js__WEBPACK_IMPORTED_MODULE_0__/* .exportsOf */ .v1)(list, names);
        lines.push(`- ${(0,_names_js__WEBPACK_IMPORTED_MODULE_0__/* .named */ .KT)(first.destination, (0,_names_js__WEBPACK_IMPORTED_MODULE_0__/* .nameFor */ .Fe)(first, "destination", names))} · sandbox ${(0,_escape_js__WEBPACK_IMPORTED_MODULE_1__/* .code */ .aY)(first.sandbox)} · ${(0,_escape_js__WEBPACK_IMPORTED_MODULE_1__/* .plural */ .LS)(list.length, "audience")}${total === undefined ? "" : ` · ${(0,_names_js__WEBPACK_IMPORTED_MODULE_0__/* .exportsPhrase */ .Bk)(total)}`}`);
        for (const p of list)
            lines.push(`  - ${(0,_names_js__WEBPACK_IMPORTED_MODULE_0__/* .named */ .KT)(p.audience, (0,_names_js__WEBPACK_IMPORTED_MODULE_0__/* .nameFor */ .Fe)(p, "audience", names))}${(0,_names_js__WEBPACK_IMPORTED_MODULE_0__/* .sizeNote */ .wB)(p, names)} ← ${p.requestedBy.map((r) => (0,_escape_js__WEBPACK_IMPORTED_MODULE_1__/* .code */ .aY)(r.plan)).join(", ")}`);
    }
    if (!open)
        lines.push("", "</details>");
    return lines;
}
/** The mechanics (plans, jobs, waves), behind a click: what a merge does, not whom it reaches. */
function mechanics(outcome, rows, stage) {
    return [
        "",
        `<details><summary>Plans, jobs and waves: ${summaryLine(outcome)}</summary>`,
        "",
        ...plansTable(outcome, rows),
        ...jobsTable(outcome, rows, stage),
        "",
        "</details>",
    ];
}
/** When, and by which run, the preview was written (a comment outlives the run that wrote it). */
function describedBy(options) {
    if (options.writtenAt === undefined)
        return "";
    const when = (0,_escape_js__WEBPACK_IMPORTED_MODULE_1__/* .utcMinute */ .vD)(options.writtenAt);
    return ` · written ${when}${options.runUrl === undefined ? "" : ` by [this run](${options.runUrl})`}`;
}
function render(outcome, options, level) {
    const title = options.title ?? "Activation preview";
    const head = [`### ${options.verdict ?? `${title}: ${summaryLine(outcome)}`}`, ""];
    if (options.lead !== undefined && options.lead !== "")
        head.push(options.lead.trim(), "");
    const waiting = outcome.changes.reduce((n, c) => n + (c.pending?.pairs.length ?? 0), 0);
    if (waiting > 0)
        head.push(`${(0,_escape_js__WEBPACK_IMPORTED_MODULE_1__/* .plural */ .LS)(waiting, "pair")} ${waiting === 1 ? "waits" : "wait"} for ${waiting === 1 ? "its" : "their"} plan's window: recorded as pending by the merge, sent by the first scheduled run after the window opens (see why below).`, "");
    else if (outcome.execution.pairs.length === 0 && outcome.changes.length > 0) {
        head.push("Nothing will be activated: no plan asks for a new pair.", "");
    }
    const note = level > 0
        ? [
            "",
            `> [!NOTE]\n> This preview is shortened to fit a comment.${options.fullPreviewUrl === undefined ? " The full preview is in the job summary of this run." : ` [Read the full preview](${options.fullPreviewUrl}).`}`,
        ]
        : [];
    const footer = [
        "",
        `<sub>Plan hash ${(0,_escape_js__WEBPACK_IMPORTED_MODULE_1__/* .code */ .aY)(outcome.execution.planHash)}${outcome.baseSha === undefined ? "" : ` · ${(0,_escape_js__WEBPACK_IMPORTED_MODULE_1__/* .shortId */ .m_)(outcome.baseSha)}`} → ${(0,_escape_js__WEBPACK_IMPORTED_MODULE_1__/* .shortId */ .m_)(outcome.headSha)}${describedBy(options)}</sub>`,
    ];
    if (level >= 3) {
        const kinds = new Map();
        for (const c of outcome.changes)
            kinds.set(CHANGE_LABEL[c.change], (kinds.get(CHANGE_LABEL[c.change]) ?? 0) + 1);
        const counts = [...kinds].map(([k, n]) => `${k}: ${n.toLocaleString("en-US")}`).join(" · ");
        return [...head, `Plans by change: ${counts}.`, ...note, ...footer].join("\n");
    }
    const rows = level === 2 ? 50 : Infinity;
    return [
        ...head.slice(0, -1),
        ...(level === 0 ? recipients(outcome, options.names) : []),
        ...mechanics(outcome, rows, options.stage),
        ...note,
        ...footer,
    ].join("\n");
}
/** Markdown preview of a plan outcome, within `budget` UTF-8 bytes (default: a PR comment's limit). */
function renderPreview(outcome, options = {}) {
    const budget = options.budget ?? COMMENT_LIMIT;
    let text = "";
    for (let level = 0; level <= 3; level++) {
        text = render(outcome, options, level);
        if ((0,_escape_js__WEBPACK_IMPORTED_MODULE_1__/* .bytes */ .ee)(text) <= budget)
            return text;
    }
    return (0,_escape_js__WEBPACK_IMPORTED_MODULE_1__/* .cutToBytes */ .zP)(text, budget);
}
/** What the pre-flight noticed that is no problem (a scheduled export running now), for the PR preview. */
function renderPreflightNotes(notes) {
    if (notes.length === 0)
        return "";
    return ["", "", "#### ℹ️ Pre-flight notes", "", ...notes.map((n) => `- ${(0,_escape_js__WEBPACK_IMPORTED_MODULE_1__/* .escapeText */ .X1)(n)}`)].join("\n");
}
/** Pre-flight findings for the PR preview: escaped, at most `max` listed, the rest counted. */
function renderPreflightFindings(reasons, max = 50) {
    if (reasons.length === 0)
        return "";
    const listed = reasons.slice(0, max).map((r) => `- ${(0,_escape_js__WEBPACK_IMPORTED_MODULE_1__/* .escapeText */ .X1)(r)}`);
    const more = reasons.length - listed.length;
    return [
        "",
        "",
        "#### ⚠️ Pre-flight found problems a merge would hit",
        "",
        ...listed,
        ...(more > 0 ? [`- … and ${(0,_escape_js__WEBPACK_IMPORTED_MODULE_1__/* .plural */ .LS)(more, "more problem")}`] : []),
    ].join("\n");
}


/***/ }),

/***/ 10547:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  p: () => (/* binding */ SUMMARY_BUDGET),
  I: () => (/* binding */ renderApplySummary)
});

// EXTERNAL MODULE: ./build/src/activation/stopping.js
var stopping = __webpack_require__(25880);
// EXTERNAL MODULE: ./build/src/render/escape.js
var render_escape = __webpack_require__(77291);
// EXTERNAL MODULE: ./build/src/render/preview.js
var render_preview = __webpack_require__(79294);
// EXTERNAL MODULE: ./build/src/render/names.js
var render_names = __webpack_require__(28570);
// EXTERNAL MODULE: ./build/src/render/results-text.js
var results_text = __webpack_require__(72626);
// EXTERNAL MODULE: ./build/src/activation/outcome.js
var outcome = __webpack_require__(83238);
;// CONCATENATED MODULE: ./build/src/render/timeline.js
// The Mermaid timeline of an apply's summary: one bar per job (per wave when there are too many
// jobs for Mermaid to draw), coloured by how its runs ended (classifyRun, the one classification),
// with ticks chosen for the span (seconds to days) and a legend. Pure.
//
// GitHub draws Mermaid in the reader's browser, which places epoch times in the reader's own time
// zone. So the times are written as UTC wall-clock strings that Mermaid reads and prints in the
// same zone: the axis shows UTC, whoever reads it.

/** Above this many jobs the timeline draws one bar per wave: GitHub refuses Mermaid sources over 50,000 characters. */
const BARS_PER_JOB_UP_TO = 100;
/** Spans of over ten days: a tick a day still (Mermaid has no coarser unit that reads well). */
const DAYS = [86_400_000, "1day", "%d %b"];
/** Mermaid's gantt tick intervals, smallest first, with the axis format that reads at that scale. */
const TICKS = [
    [1_000, "1second", "%H:%M:%S"],
    [2_000, "2second", "%H:%M:%S"],
    [5_000, "5second", "%H:%M:%S"],
    [10_000, "10second", "%H:%M:%S"],
    [15_000, "15second", "%H:%M:%S"],
    [30_000, "30second", "%H:%M:%S"],
    [60_000, "1minute", "%H:%M"],
    [120_000, "2minute", "%H:%M"],
    [300_000, "5minute", "%H:%M"],
    [600_000, "10minute", "%H:%M"],
    [900_000, "15minute", "%H:%M"],
    [1_800_000, "30minute", "%H:%M"],
    [3_600_000, "1hour", "%H:%M"],
    [7_200_000, "2hour", "%H:%M"],
    [10_800_000, "3hour", "%H:%M"],
    [21_600_000, "6hour", "%H:%M"],
    [43_200_000, "12hour", "%H:%M"],
    DAYS,
];
/** At most this many ticks on the axis. */
const MAX_TICKS = 10;
/** The tick interval and axis format for a span: the finest whose ticks fit, never the same label twice. */
function ticksFor(spanMs) {
    const [ms, interval, axis] = TICKS.find(([ms]) => spanMs / ms <= MAX_TICKS) ?? DAYS;
    // Over a day, an hour of the day comes back: the label names the day too.
    return { interval, axis: spanMs > 86_400_000 && ms < 86_400_000 ? `%d %b ${axis}` : axis };
}
/** An instant as the UTC wall-clock string of `dateFormat YYYY-MM-DD HH:mm:ss.SSS`. */
const wall = (ms) => new Date(ms).toISOString().replace("T", " ").replace("Z", "");
const tag = (b) => (b.failed > 0 ? "crit" : b.running > 0 ? "active" : "done");
/** The timeline's lines (a heading, the Mermaid block and its legend), or none without runs. */
function renderTimeline(report) {
    if (report.runs.length === 0)
        return [];
    const jobs = new Set(report.runs.map((r) => r.jobId)).size;
    const perWave = jobs > BARS_PER_JOB_UP_TO;
    const bars = new Map();
    for (const r of report.runs) {
        const key = perWave ? `wave ${r.wave}` : r.jobId;
        const end = r.endedAt ?? report.finishedAt;
        const b = bars.get(key) ?? {
            label: key,
            wave: r.wave,
            start: r.submittedAt,
            end,
            runs: 0,
            failed: 0,
            running: 0,
        };
        b.start = Math.min(b.start, r.submittedAt);
        b.end = Math.max(b.end, end);
        b.runs++;
        const ended = (0,outcome/* classifyRun */.I5)(r.status);
        if (ended === "failed")
            b.failed++;
        if (ended === "running")
            b.running++;
        bars.set(key, b);
    }
    const all = [...bars.values()];
    const first = Math.min(...all.map((b) => b.start));
    const last = Math.max(...all.map((b) => b.end));
    const { interval, axis } = ticksFor(last - first);
    const lines = [
        "",
        "#### Timeline",
        "",
        "```mermaid",
        "gantt",
        "  dateFormat YYYY-MM-DD HH:mm:ss.SSS",
        `  axisFormat ${axis}`,
        `  tickInterval ${interval}`,
        "  todayMarker off",
    ];
    const waves = [...new Set(all.map((b) => b.wave))].sort((a, b) => a - b);
    let n = 0;
    for (const w of waves) {
        lines.push(`  section Wave ${w}`);
        for (const b of all.filter((x) => x.wave === w)) {
            const what = perWave
                ? `${new Set(report.runs.filter((r) => r.wave === w).map((r) => r.jobId)).size} jobs · ${b.runs} runs`
                : `${b.label} · ${b.runs} run${b.runs === 1 ? "" : "s"}`;
            const failed = b.failed > 0 ? ` · ${b.failed} failed` : "";
            // At least a millisecond long, or Mermaid draws nothing.
            lines.push(`  ${what}${failed} :${tag(b)}, t${++n}, ${wall(b.start)}, ${wall(Math.max(b.end, b.start + 1))}`);
        }
    }
    lines.push("```");
    lines.push("", `<sub>Times in UTC, ${wall(first).slice(0, 19)} to ${wall(last).slice(0, 19)}. Each bar is ${perWave ? `a wave (${jobs} jobs: too many to draw one by one)` : "a job"}, from its submission to the end of its last run: grey, every run succeeded; red, a run failed or was cancelled; blue, still running when the run stopped following it.</sub>`);
    return lines;
}

;// CONCATENATED MODULE: ./build/src/render/summary.js
// The job summary after an apply: what ran, failures first with the reason and the fix, per job,
// and a Mermaid timeline of waves and runs. Pure; every plan-provided string is escaped.






/** GitHub's limit for one step's job summary is 1 MiB; stay well under it. */
const SUMMARY_BUDGET = 900_000;
function ms(n) {
    return n === undefined ? "–" : n < 60_000 ? `${(n / 1000).toFixed(1)} s` : `${(n / 60_000).toFixed(1)} min`;
}
/** The run's Platform calls, when it counted them (its log lists them by kind). */
function calls(report) {
    if (report.traffic === undefined)
        return "";
    return ` · ${(0,render_escape/* plural */.LS)(report.traffic.calls.reduce((n, [, c]) => n + c, 0), "Platform call")} (at most ${report.traffic.limit} at once)`;
}
/** The pair as people read it: names with short IDs (Platform's names when pre-flight read them). */
const pairNames = (r, names) => `${(0,render_names/* named */.KT)(r.audience, (0,render_names/* nameFor */.Fe)(r, "audience", names))} → ${(0,render_names/* named */.KT)(r.destination, (0,render_names/* nameFor */.Fe)(r, "destination", names))}`;
function plans(r) {
    return r.requestedBy
        .map((q) => `${(0,render_escape/* code */.aY)(q.plan)} <sub>${(0,render_escape/* code */.aY)(`${q.file}:${q.audience.pos.line}`)}</sub>`)
        .join("<br>");
}
/** Rows per level: 0 everything (with timeline and plan), then shorter tables, then counts only. */
const LEVELS = [
    { attention: 500, jobs: Infinity, extras: true },
    { attention: 100, jobs: 50, extras: false },
    { attention: 20, jobs: 0, extras: false },
    { attention: 0, jobs: 0, extras: false },
];
/** A run that stopped says so first: the next run goes on from where it stopped. */
const stoppedTitle = (report) => report.stopped === "cancelled"
    ? " cancelled"
    : report.stopped === "budget-ended"
        ? " stopped (time budget ended)"
        : "";
/** A pair whose run was still going when the run stopped following it (recorded, followed by the next run). */
const inFlightPair = (p) => p.detail?.stopped !== undefined && p.runId !== undefined && p.code === "run-timeout";
const inFlight = (report) => report.results.filter(inFlightPair).length;
/** The status people read: a pair in flight is not called failed (the headline counts it apart). */
const shownStatus = (p) => (inFlightPair(p) ? "in flight" : p.status);
function render(outcome, report, options, level) {
    const { attention, jobs: jobRows, extras, } = LEVELS[Math.min(level, LEVELS.length - 1)] ?? { attention: 0, jobs: 0, extras: false };
    const c = (0,results_text/* counts */.tQ)(report.results);
    const names = (0,render_names/* namesOf */.eZ)(report);
    const title = options.title ?? (report.dryRun ? "Activation dry run" : "Activation");
    const bad = (0,stopping/* needsAttention */.e_)(report);
    const icon = bad.length > 0 ? "❌" : report.dryRun ? "🧪" : "✅";
    const going = inFlight(report);
    const lines = [
        report.dryRun
            ? `### ${icon} ${title}: ${(0,render_escape/* plural */.LS)(c["would-submit"], "pair")} would be submitted · ${c["not-submitted"].toLocaleString("en-US")} not submitted`
            : `### ${icon} ${title}${stoppedTitle(report)}: ${(0,render_escape/* plural */.LS)(c.succeeded, "pair")} succeeded · ${(c.failed - going).toLocaleString("en-US")} failed${going > 0 ? ` · ${going.toLocaleString("en-US")} in flight` : ""} · ${c["not-submitted"].toLocaleString("en-US")} not submitted`,
        "",
        `${(0,render_escape/* plural */.LS)(report.submissions, "submission")} · ${(0,render_escape/* plural */.LS)(report.polls, "status poll")}${calls(report)} · ${ms(report.finishedAt - report.startedAt)} · plan hash ${(0,render_escape/* code */.aY)(outcome.execution.planHash)}`,
    ];
    // A dry run's notes (a scheduled export running now): information, not a pair's outcome.
    for (const note of report.notes ?? [])
        lines.push("", `> [!NOTE]\n> ${(0,render_escape/* escapeText */.X1)(note)}`);
    if (report.frozen === true)
        lines.push("", "> [!IMPORTANT]\n> The activation freeze is on (input `freeze`): nothing new was submitted; runs already started were followed. Run this workflow run again when the freeze is lifted.");
    if (level > 0) {
        lines.push("", `> [!NOTE]\n> Shortened to fit.${options.fullUrl === undefined ? " The full summary is in the job summary of this run." : ` [Read the full summary](${options.fullUrl}).`}`);
    }
    if (bad.length > 0 && attention > 0) {
        lines.push("", "#### Needs attention", "", "| status | plan (file:line) | audience → destination | reason and fix |", "| --- | --- | --- | --- |");
        for (const r of bad.slice(0, attention)) {
            lines.push(`| ${shownStatus(r)} | ${plans(r)} | ${pairNames(r, names)} | ${(0,render_escape/* escapeText */.X1)(r.reason ?? "")} |`);
        }
        if (bad.length > attention)
            lines.push(`| … | ${(0,render_escape/* plural */.LS)(bad.length - attention, "more pair")} | | |`);
    }
    // Not sent by this run, needing no one: kept pending by the state (a later run sends them), or
    // left to a later merge's request for the same pair (a rerun of an older run).
    for (const [code, heading, why] of [
        ["first-activation-wait", "Pending", "why, and when it goes out"],
        ["superseded", "Not sent: a later merge asked for them again", "why"],
    ]) {
        const quiet = report.results.filter((r) => r.code === code);
        if (quiet.length === 0 || attention === 0)
            continue;
        lines.push("", `#### ${heading}`, "", `| plan (file:line) | audience → destination | ${why} |`, "| --- | --- | --- |", ...quiet
            .slice(0, attention)
            .map((r) => `| ${plans(r)} | ${pairNames(r, names)} | ${(0,render_escape/* escapeText */.X1)(r.reason ?? "")} |`));
        if (quiet.length > attention)
            lines.push(`| ${(0,render_escape/* plural */.LS)(quiet.length - attention, "more pair")} | | |`);
    }
    if (jobRows > 0) {
        const byJob = new Map();
        for (const r of report.results) {
            const list = byJob.get(r.jobId);
            if (list === undefined)
                byJob.set(r.jobId, [r]);
            else
                list.push(r);
        }
        lines.push("", "#### Jobs", "", "| wave | job | sandbox | pairs | succeeded | records | files | duration |", "| ---: | --- | --- | ---: | ---: | ---: | ---: | ---: |");
        for (const job of outcome.execution.jobs.slice(0, jobRows)) {
            const rs = byJob.get(job.id) ?? [];
            const runs = rs.map((r) => r.run).filter((r) => r !== undefined);
            // A succeeded pair whose run this run did not read (a rerun takes it from the state), or a run
            // still going: its records and files are not known here, so the job's are at least what is
            // known, or "–".
            const unread = rs.some((r) => (r.status === "succeeded" || inFlightPair(r)) && r.run?.outputRecords === undefined);
            const sum = (n) => !unread ? n.toLocaleString("en-US") : n > 0 ? `≥ ${n.toLocaleString("en-US")}` : "–";
            const records = sum(runs.reduce((n, r) => n + (r.outputRecords ?? 0), 0));
            const files = sum(runs.reduce((n, r) => n + (r.outputFiles ?? 0), 0));
            const longest = runs.reduce((m, r) => Math.max(m, (r.completedAt ?? 0) - (r.startedAt ?? 0)), 0);
            lines.push(`| ${job.wave} | ${(0,render_escape/* code */.aY)(job.id)} | ${(0,render_escape/* code */.aY)(job.sandbox)} | ${rs.length} | ${rs.filter((r) => r.status === "succeeded").length} | ${records} | ${files} | ${ms(longest > 0 ? longest : undefined)} |`);
        }
        const more = outcome.execution.jobs.length - jobRows;
        if (more > 0)
            lines.push(`| … | ${(0,render_escape/* plural */.LS)(more, "more job")} | | | | | | |`);
    }
    if (!extras)
        return lines.join("\n");
    lines.push(...renderTimeline(report));
    const head = lines.join("\n");
    const preview = (0,render_preview/* renderPreview */.Bt)(outcome, {
        budget: (options.budget ?? SUMMARY_BUDGET) - (0,render_escape/* bytes */.ee)(head) - 100,
        title: "What was planned",
        names,
        stage: report.dryRun ? "dry-run" : "after",
    });
    return `${head}\n\n${preview}\n`;
}
/** The job summary (and PR comment) after an apply, within `budget` UTF-8 bytes. */
function renderApplySummary(outcome, report, options = {}) {
    const budget = options.budget ?? SUMMARY_BUDGET;
    let text = "";
    for (let level = 0; level < LEVELS.length; level++) {
        text = render(outcome, report, options, level);
        if ((0,render_escape/* bytes */.ee)(text) <= budget)
            return text;
    }
    return (0,render_escape/* cutToBytes */.zP)(text, budget);
}


/***/ })

};
