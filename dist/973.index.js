export const id = 973;
export const ids = [973];
export const modules = {

/***/ 19973:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  apply: () => (/* binding */ apply)
});

// EXTERNAL MODULE: ./build/src/activation/stopping.js
var stopping = __webpack_require__(25880);
// EXTERNAL MODULE: ./build/src/clock.js + 1 modules
var src_clock = __webpack_require__(71053);
// EXTERNAL MODULE: ./build/src/plan/ids.js
var ids = __webpack_require__(73891);
;// CONCATENATED MODULE: ./build/src/state/types.js
// The durable activation state: one record per requested pair, kept across workflow runs so that a
// pair is submitted at most once and always ends known. Pure data; the homes (a state branch on
// GitHub, a local file) implement StateStore. A state is keyed by the Adobe org, the sandbox and the
// `step-key` input, never by the sandbox name alone (two orgs may both have a `prod`).

/** Every RecordState, for the decoders. */
const RECORD_STATES = new Set([
    "intent",
    "submitted",
    "unknown",
    "succeeded",
    "failed",
    "expired",
    "pending",
]);
/** The state could not be read, locked or written: nothing may be submitted. */
class StateUnavailable extends Error {
    remedy;
    constructor(message, 
    /** What people can do about it, e.g. the permission to grant or the rule to relax. */
    remedy) {
        super(message);
        this.remedy = remedy;
    }
}
/** Another run wrote the key since it was read (compare-and-swap refused). */
class StateConflict extends Error {
}
/**
 * The key that holds a step's reconcile pointer (ActivationState.reconciled) and no records: its
 * sandbox is empty, which no plan's sandbox can be (its path is `<org>/%/<step>`).
 */
const reconcileKey = (org, stepKey) => ({ org, sandbox: "", stepKey });
const types_requestId = (commit, destination, audience) => `${commit}|${(0,ids/* canonicalId */.i)(destination)}|${(0,ids/* canonicalId */.i)(audience)}`;
const SAFE = /^[A-Za-z0-9._-]$/;
/**
 * One segment of a key's path: each UTF-8 byte outside [A-Za-z0-9._-] (`%` included) as %XX, so
 * that distinct values never share a directory. Git refuses `.` and `..` as names, and `""` would
 * be no directory at all, so those are escaped too: `%2E`, `%2E%2E` and a bare `%` (never the
 * output of escaping, so still one-to-one).
 */
function segment(s) {
    if (s === "")
        return "%";
    let out = "";
    for (const b of Buffer.from(s, "utf8")) {
        const c = String.fromCharCode(b);
        out += SAFE.test(c) ? c : `%${b.toString(16).toUpperCase().padStart(2, "0")}`;
    }
    return out === "." || out === ".." ? out.replace(/\./g, "%2E") : out;
}
/**
 * A path-safe name for a key (org IDs hold `@`): `<org>/<sandbox>/<step-key or "default">`, one
 * key to one path. The empty step key is `default`, so a step key spelled `default` is `%64efault`.
 */
function keyPath(key) {
    const step = key.stepKey === "" ? "default" : key.stepKey === "default" ? "%64efault" : segment(key.stepKey);
    return `${segment(key.org)}/${segment(key.sandbox)}/${step}`;
}

// EXTERNAL MODULE: ./build/src/plan/changes.js
var plan_changes = __webpack_require__(52388);
;// CONCATENATED MODULE: ./build/src/app/state-lock.js
// Taking the lock of one state key: read it, wait (bounded) while another run holds it, then write
// this run as the holder with compare-and-swap; a lost race reads again.




/** The keys a plan touches: each sandbox of its jobs, under one org and step key. */
function keysOf(jobs, org, stepKey) {
    return [...new Set(jobs.map((j) => j.sandbox))].map((sandbox) => ({ org, sandbox, stepKey }));
}
/**
 * What a run of `commit` on `pairs` needs of the state: the records of every head plan asking for
 * one of the pairs, and (the home adds them from its index) of every plan holding a record of the
 * commit: an earlier run on it may have selected other plans, and recorded a pair under one of them.
 * "" is the plan of a pair no plan asked for.
 */
function scopeOf(commit, pairs, headPlans, merges = []) {
    const id = (sandbox, destination, audience) => `${sandbox}|${(0,ids/* canonicalId */.i)(destination)}|${(0,ids/* canonicalId */.i)(audience)}`;
    const wanted = new Set(pairs.map((p) => id(p.sandbox, p.destination, p.audience)));
    const plans = new Set([""]);
    for (const plan of headPlans)
        if ((0,plan_changes/* planPairs */.PG)(plan).some((r) => wanted.has(id(r.sandbox, r.destination.id, r.audience.id))))
            plans.add(plan.file);
    return merges.length === 0 ? { commit, plans } : { commit, merges, plans };
}
/** Wait for another holder as long as the run may wait for anything; a killed run's lock frees after two of those and ten minutes. */
function lockTimes(timeoutMinutes) {
    return { lockWaitMs: timeoutMinutes * 60_000, lockTtlMs: 2 * timeoutMinutes * 60_000 + 10 * 60_000 };
}
// Each look costs a few GitHub requests: start at 15 s and back off to 2 min (about 35 looks an
// hour, well inside the token's 1,000 requests an hour); say so once, then every 5 minutes.
const POLL = { firstMs: 15_000, maxMs: 120_000, factor: 1.5, reportEveryMs: 300_000 };
async function acquire(o, key, deadline) {
    const { store, clock } = o;
    let pollMs = POLL.firstMs;
    let reported;
    for (;;) {
        const snap = await store.read(key, o.scope);
        if (snap.state === undefined && !o.init)
            throw new StateUnavailable(`there is no activation state for ${keyPath(key)} in ${store.where}`, "if this is the first run for this org, sandbox and step-key, run once manually with init: true (CLI: --init); if the state was deleted or renamed, restore it: starting afresh could activate pairs twice");
        const state = snap.state ?? { key, records: new Map() };
        const lock = state.lock;
        const now = clock.now();
        if (lock !== undefined &&
            lock.holder !== o.holder &&
            lock.until > now &&
            o.supersedes?.(lock.holder) !== true) {
            const stopped = (0,src_clock/* stopReason */.PJ)(o.stop, now);
            if (now >= deadline || stopped !== undefined)
                throw new StateUnavailable(`${keyPath(key)} is locked by ${lock.holder} until ${new Date(lock.until).toISOString()}; ${stopped === "cancelled" ? "the run was cancelled while waiting for it" : stopped === "budget-ended" ? "the run's time budget ended while waiting for it" : `waited ${(0,src_clock/* formatDuration */.a3)(o.lockWaitMs)}`}`, "run again when that run has finished; a run that was killed holds its lock until the time shown");
            if (reported?.holder !== lock.holder || now - reported.at >= POLL.reportEveryMs) {
                o.log(`The state of ${keyPath(key)} is locked by ${lock.holder}; waiting for it (up to ${(0,src_clock/* formatDuration */.a3)(deadline - now)} more).`);
                reported = { holder: lock.holder, at: now };
            }
            await (0,src_clock/* sleepUnless */.uj)(clock, Math.min(pollMs, deadline - now), o.stop);
            pollMs = Math.min(POLL.maxMs, pollMs * POLL.factor);
            continue;
        }
        state.lock = { holder: o.holder, until: now + o.lockTtlMs };
        try {
            const version = await store.write(state, snap.version);
            return { state, version };
        }
        catch (error) {
            if (error instanceof StateConflict)
                continue; // another run got there first: read again
            throw error;
        }
    }
}

// EXTERNAL MODULE: ./build/src/render/plan-json.js
var plan_json = __webpack_require__(48618);
// EXTERNAL MODULE: ./build/src/render/preview.js
var preview = __webpack_require__(79294);
// EXTERNAL MODULE: ./build/src/render/results-text.js
var results_text = __webpack_require__(72626);
// EXTERNAL MODULE: ./build/src/render/summary.js + 1 modules
var summary = __webpack_require__(10547);
// EXTERNAL MODULE: ./build/src/render/notes.js
var render_notes = __webpack_require__(13559);
// EXTERNAL MODULE: ./build/src/action/comment.js
var action_comment = __webpack_require__(52873);
// EXTERNAL MODULE: ./build/src/github/comment.js
var comment = __webpack_require__(63812);
// EXTERNAL MODULE: ./build/src/action/comment-parts.js
var comment_parts = __webpack_require__(226);
;// CONCATENATED MODULE: ./build/src/action/comment-sections.js
// A run's report on its PRs' sticky comments. A run limited to some sandboxes (input `sandboxes`)
// writes its own section of each comment, beside the sections and refusal notes of the other
// sandboxes' jobs, and looks again after its last write for a write of theirs that dropped it.





/** How long a limited job waits before it looks whether another job's write dropped its section. */
const SECTION_SETTLE_MS = 5_000;
/** Writes of a section, the first included, before a job leaves it to the job summary. */
const SECTION_WRITES = 3;
/** The start of a section that tells its final result from its "running" note, however it was cut. */
const SECTION_START = 200;
/**
 * The body of a PR's comment with this job's part: a limited job's section, beside the sections and
 * refusal notes the other sandboxes' jobs wrote for the same review or the same push (without the
 * review gate each job's hash covers its own sandboxes only); a new preview starts the comment afresh.
 * Unlimited runs write the whole comment. Throws when the comment cannot be read: written blind, the
 * other jobs' parts would be lost.
 */
async function jobSections(ctx, report, head, markdown) {
    const { settings } = ctx;
    if (settings.sandboxes.length === 0 || ctx.gh === undefined)
        return markdown;
    const key = settings.sandboxes.join("+");
    const [, hashLine = "", ...rest] = (await (0,action_comment/* ourSticky */.CX)(ctx, report.pr))?.body.split("\n") ?? [];
    const sameReview = hashLine.includes(`plan-hash=${report.hash}`);
    const { notes, below } = (0,comment_parts/* splitNotes */.Yf)(rest.join("\n"));
    const keptNotes = (0,comment_parts/* fitNotes */.NI)(notes.filter((n) => sameReview || n.at === head).map((n) => n.text));
    const sections = new Map();
    for (const s of (0,comment_parts/* sectionsIn */.cW)(below))
        if (s.key !== key && (sameReview || s.at === head))
            sections.set(s.key, s);
    sections.set(key, { key, at: head, text: markdown });
    // What is not a section: the marker lines and the notes (each section's markers are counted in it).
    const fixed = (0,comment.markersLength)(settings.stepKey, report.sandboxes) + keptNotes.join(comment_parts/* SEPARATOR */.wv).length + comment_parts/* SEPARATOR */.wv.length;
    const body = (0,comment_parts/* renderSections */.H1)([...sections.values()], preview/* COMMENT_LIMIT */.W$ - comment_parts/* COMMENT_MARGIN */.Ro - fixed);
    return [...keptNotes, body].join(comment_parts/* SEPARATOR */.wv);
}
/**
 * The PRs a run reports on, each under the markers of its review (kept for later runs' gates), from
 * the run at `head`. `final`: the run's last word. Other sandboxes' jobs write the same comment,
 * each from a copy read a moment before its write, and GitHub has no conditional update: a copy read
 * before this write and written after it drops this job's section. So a limited job looks again once
 * such a write would have landed (once for all its PRs), and writes its section back when it is gone,
 * unless the comment has moved on to another review.
 */
async function tellPrs(ctx, reports, markdown, at) {
    /** Unread: the comment could not be read, so nothing was written over the other jobs' parts. */
    const write = async (r) => {
        let body;
        try {
            body = await jobSections(ctx, r, at.head, markdown);
        }
        catch (error) {
            ctx.port.warning(`Could not read PR #${r.pr}'s comment (HTTP ${error.status ?? "error"}): this job's section is not written over the other sandboxes' jobs' parts${at.final === true ? "; trying again shortly" : ""}.`);
            return "unread";
        }
        const markers = (0,comment.withMarkers)(body, r.hash, ctx.settings.stepKey, r.by, r.sandboxes);
        return (await (0,action_comment/* tryComment */.ht)(ctx, r.pr, markers)) ? "written" : "failed";
    };
    const check = [];
    /** Reports whose comment could not be read at their last write: nothing of this job's is there yet. */
    const unread = new Set();
    const again = async (r) => {
        const result = await write(r);
        if (result === "unread")
            unread.add(r);
        else
            unread.delete(r);
        if (result !== "failed")
            check.push(r);
    };
    for (const r of reports)
        await again(r);
    if (ctx.settings.sandboxes.length === 0 || at.final !== true)
        return;
    const mine = (0,comment_parts/* opening */.zs)(ctx.settings.sandboxes.join("+"), at.head) + ctx.redact(markdown).slice(0, SECTION_START);
    for (let round = 1; check.length > 0; round++) {
        await (0,src_clock/* sleepUnless */.uj)(ctx.clock, SECTION_SETTLE_MS, ctx.stop);
        for (const r of check.splice(0)) {
            const now = (await (0,action_comment/* ourSticky */.CX)(ctx, r.pr).catch(() => undefined))?.body;
            // Unreadable after a write: it stands, as far as this job can tell. Another review's: not ours.
            if ((now === undefined && !unread.has(r)) || now?.includes(mine) === true)
                continue;
            if (now !== undefined &&
                !now.split("\n")[1]?.includes(`plan-hash=${r.hash}`) &&
                !now.includes(` at=${at.head} -->`))
                continue;
            if (round === SECTION_WRITES) {
                ctx.port.warning(`PR #${r.pr}'s comment still lacks this job's section after ${round} tries; the job summary has its results.`);
                continue;
            }
            ctx.port.info(`PR #${r.pr}'s comment lacks this job's section (another job's write?); writing it again.`);
            await again(r);
        }
    }
}

// EXTERNAL MODULE: ./build/src/action/context.js
var context = __webpack_require__(9323);
// EXTERNAL MODULE: ./build/src/app/plan-change.js + 1 modules
var plan_change = __webpack_require__(55415);
;// CONCATENATED MODULE: ./build/src/jobs/merges.js
// A push may carry several merges (a merge queue, or several PRs merged between two runs): each one's
// pairs go out only under its own PR's review. Pure: the first-parent line with each commit's PR in;
// merges, and the pairs of the reviewed ones that the head still asks for, out.

/**
 * The first-parent commits after `base` (oldest first) as merges: a PR's merge commit ends one,
 * together with the commits before it that no PR was merged as (a rebase merge's earlier commits);
 * commits after the last PR's form one merge without a PR (a direct push).
 */
function groupMerges(base, commits) {
    const merges = [];
    let from = base;
    commits.forEach((c, i) => {
        if (c.pr === undefined && i < commits.length - 1)
            return;
        merges.push({ base: from, head: c.sha, pr: c.pr });
        from = c.sha;
    });
    return merges;
}
/** A request is a plan's (by name): another plan asking for the pair at the head does not keep it. */
const asked = (p) => `${p.plan}\u0000${(0,plan_changes/* pairKey */.Yz)(p.sandbox, p.destination.id, p.audience.id)}`;
/**
 * A rerun of an older run: its changes' pairs still asked for at a later head (`plans`), and those a
 * later merge removed since (revoked, never sent), as a catch-up to that head would have them.
 */
function keptAt(changes, plans) {
    const atHead = new Set(plans.flatMap(plan_changes/* planPairs */.PG).map(asked));
    const revoked = changes.flatMap((c) => c.pairs.filter((p) => !atHead.has(asked(p))));
    if (revoked.length === 0)
        return { changes: [...changes], requested: changes.flatMap((c) => c.pairs), revoked };
    const kept = changes.map((c) => {
        const pairs = c.pairs.filter((p) => atHead.has(asked(p)));
        const gone = c.pairs.length - pairs.length;
        return gone === 0
            ? c
            : { ...c, pairs, reason: `${c.reason}; ${gone} removed by a later merge (revoked)` };
    });
    return { changes: kept, requested: kept.flatMap((c) => c.pairs), revoked };
}
/** What the reviewed merges of a push ask for, as of its head. */
function combineMerges(reviewed, headPlans) {
    const atHead = new Set(headPlans.flatMap(plan_changes/* planPairs */.PG).map(asked));
    const out = {
        changes: [],
        requested: [],
        commits: new Map(),
        reviews: new Map(),
        revoked: [],
        pending: [],
    };
    for (const { changes, commit, review } of reviewed)
        for (const change of changes) {
            for (const pair of change.pending?.pairs ?? [])
                if (!atHead.has(asked(pair)))
                    out.revoked.push(pair);
                else
                    out.pending.push({ pair, commit, review, opens: change.pending?.opens ?? 0 });
            const pairs = change.pairs.filter((p) => {
                const kept = atHead.has(asked(p));
                if (!kept)
                    out.revoked.push(p);
                else {
                    const key = (0,plan_changes/* pairKey */.Yz)(p.sandbox, p.destination.id, p.audience.id);
                    out.commits.set(key, commit);
                    out.reviews.set(key, review);
                }
                return kept;
            });
            out.requested.push(...pairs);
            const gone = change.pairs.length - pairs.length;
            out.changes.push(gone === 0
                ? change
                : { ...change, pairs, reason: `${change.reason}; ${gone} removed by a later merge (revoked)` });
        }
    return out;
}

// EXTERNAL MODULE: ./build/src/jobs/planner.js + 1 modules
var jobs_planner = __webpack_require__(19844);
// EXTERNAL MODULE: ./build/src/sources/git.js + 3 modules
var sources_git = __webpack_require__(29293);
// EXTERNAL MODULE: ./build/src/action/planning.js + 10 modules
var planning = __webpack_require__(91288);
;// CONCATENATED MODULE: ./build/src/action/landed-hash.js
// The plan hash of a merge's change as it was when the merge landed: a window that opened since the
// review moves pairs from pending to due without changing what was reviewed.



/** How far ahead of the clock a commit's date may be and still be believed. */
const CLOCK_SKEW_MS = 5 * 60_000;
/**
 * The plan hash of a merge's change (`base` → `head`) with plan windows judged at the moment the
 * merge landed (its commit time), when a plan it touches has a window; else undefined. A rerun, or
 * a catch-up, after a window opened sees the pending pairs of the review as due: the content is the
 * same, and the run sends them now (or expires them) by the windows as they are now.
 */
async function landedHash(ctx, base, head, outcome) {
    if (!outcome.changes.some((c) => c.plan.window !== undefined))
        return undefined;
    try {
        const at = await ctx.git.commitTime(await ctx.git.resolve(head));
        // A commit dated ahead of now says nothing true about when it landed.
        if (at > ctx.clock.now() + CLOCK_SKEW_MS)
            return undefined;
        const then = await (0,plan_change/* planChanges */.X)(ctx.git, { ...(0,planning/* planRequest */.NX)(ctx, base, head, false), now: new Date(at) }, () => { });
        // Only what was due or pending then may be due or pending now: a window that opened since moves
        // a pair from pending to due, never a pair in that was in neither.
        const asked = (o) => new Set([
            ...o.execution.pairs.map((p) => (0,plan_changes/* pairKey */.Yz)(p.sandbox, p.destination, p.audience)),
            ...o.changes.flatMap((c) => (c.pending?.pairs ?? []).map((p) => (0,plan_changes/* pairKey */.Yz)(p.sandbox, p.destination.id, p.audience.id))),
        ]);
        const was = asked(then);
        if ([...asked(outcome)].some((k) => !was.has(k)))
            return undefined;
        return { hash: then.execution.planHash, sandboxes: then.execution.sandboxHashes };
    }
    catch {
        return undefined;
    }
}

// EXTERNAL MODULE: ./build/src/action/policy-gate.js + 1 modules
var policy_gate = __webpack_require__(82687);
// EXTERNAL MODULE: ./build/src/sources/policy-file.js + 2 modules
var policy_file = __webpack_require__(56650);
// EXTERNAL MODULE: ./build/src/policy/messages.js
var messages = __webpack_require__(66962);
;// CONCATENATED MODULE: ./build/src/action/reviewed-pairs.js
// What a merge refused as `plan-changed` changed against its review: the pairs the merged commit
// asks for that the reviewed PR head did not, and the reverse. The reviewed change is planned from
// where the PR branched off the merge's base to the head its preview names (the preview's own base
// may have been older: pairs main gained since are not the PR's).



const labels = (o) => new Map(o.execution.pairs.map((p) => [
    (0,plan_changes/* pairKey */.Yz)(p.sandbox, p.destination, p.audience),
    { destination: p.destination, audience: p.audience, plan: p.requestedBy[0]?.plan ?? "" },
]));
/** The difference, or undefined when the reviewed head cannot be read or planned. */
async function reviewedDifference(ctx, merged, reviewedHead) {
    try {
        const base = merged.baseSha === undefined
            ? undefined
            : ((await ctx.git.mergeBase(merged.baseSha, reviewedHead)) ?? merged.baseSha);
        const reviewed = await (0,plan_change/* planChanges */.X)(ctx.git, (0,planning/* planRequest */.NX)(ctx, base, reviewedHead, false), () => { });
        if (reviewed.problems.length > 0)
            return undefined;
        const a = labels(merged);
        const b = labels(reviewed);
        return {
            merged: [...a].filter(([k]) => !b.has(k)).map(([, v]) => v),
            reviewed: [...b].filter(([k]) => !a.has(k)).map(([, v]) => v),
        };
    }
    catch {
        return undefined;
    }
}

;// CONCATENATED MODULE: ./build/src/action/review-gate.js
// The review gate of one merge: the PR merged as its commit, that PR's preview written by this token's
// identity in a run this repository trusts, and the plan hash it shows against what the merge derives.
// A GitHub that cannot be read is not a missing review: the gate fails closed, and says which.


/** After one merge of several is refused: what happened to the rest, and how to send its pairs. */
const ELSEWHERE = "the push's other merges were checked on their own. Check what was merged against what was reviewed.";
/** GitHub could not say which PR a commit of the push was merged as. */
const unreadableMerges = (head, problem) => ({
    head,
    pr: undefined,
    reason: "github-unavailable",
    title: "Not applied: GitHub could not be read",
    why: `The merges of this push could not be checked: ${problem}. Nothing was applied. Re-run the job when GitHub answers.`,
});
const unreadable = (what, error) => {
    const status = error.status;
    return `could not read ${what} from GitHub (${status === undefined ? error.message : `HTTP ${status}`})`;
};
async function mergedPullRequest(ctx, sha) {
    const { gh, settings } = ctx;
    if (gh === undefined || settings.repository === undefined)
        return { pr: undefined };
    return (0,comment.pullRequestForCommit)(gh, settings.repository, sha).then((pr) => ({ pr }), (error) => ({ unreadable: unreadable("the merged pull request", error) }));
}
/**
 * Whether `outcome`, derived from the merge that ends at `head`, is what its PR's preview showed.
 * `alone`: the merge is the whole push (a refusal stops the run); otherwise one of several.
 */
async function gateMerge(ctx, outcome, head, merged, alone = true, 
/**
 * The hash of the same change with plan windows judged when the merge landed (see landedHash):
 * a window that opened since the review changes what is pending, not what was reviewed.
 */
landed) {
    const { gh, settings } = ctx;
    const repository = settings.repository;
    const pr = "pr" in merged ? merged.pr : undefined;
    const refused = (reason, title, why) => ({
        refused: { head, pr, reason, title, why },
    });
    const read = async (what, get) => get().catch((error) => ({ unreadable: unreadable(what, error) }));
    let problem = "unreadable" in merged ? merged.unreadable : undefined;
    const sticky = problem !== undefined || pr === undefined || gh === undefined || repository === undefined
        ? undefined
        : await read(`the comments of PR #${pr}`, () => ctx.githubIdentity().then((author) => (0,comment.findSticky)(gh, repository, pr, settings.stepKey, author)));
    if (sticky !== undefined && "unreadable" in sticky)
        problem = sticky.unreadable;
    const reviewed = sticky === undefined || "unreadable" in sticky ? undefined : (0,comment.reviewedHash)(sticky.body);
    const by = reviewed?.by;
    const check = by === undefined || pr === undefined || gh === undefined || repository === undefined
        ? undefined
        : await read(`the workflow run that wrote the preview on PR #${pr}`, () => (0,comment.checkReviewRun)(gh, repository, pr, by));
    if (check !== undefined && "unreadable" in check)
        problem = check.unreadable;
    if (problem !== undefined)
        return refused("github-unavailable", "Not applied: GitHub could not be read", `The reviewed preview could not be checked: ${problem}. ${alone ? "Nothing was applied" : "Its pairs were not applied"}. Re-run the job when GitHub answers.`);
    const refusal = check;
    if (reviewed === undefined || by === undefined || pr === undefined || refusal !== undefined) {
        const identity = await ctx.githubIdentity().catch(() => undefined);
        return refused("not-reviewed", "Not applied: no reviewed preview", notReviewedSentence(head, pr, identity, reviewed, refusal, alone));
    }
    if (settings.sandboxes.length > 0)
        return limitedVerdict(ctx, outcome, head, { pr, hash: reviewed.hash, by, sandboxes: reviewed.sandboxes }, alone, landed);
    if (reviewed.hash !== outcome.execution.planHash && reviewed.hash !== landed?.hash) {
        const differs = await reviewedDifference(ctx, outcome, by.head);
        const verdict = refused("plan-changed", "Not applied: the plan changed since review", `The plan derived from the merged commit (${outcome.execution.planHash}) differs from the one reviewed on PR #${pr} (${reviewed.hash}): ${alone ? "the base moved, or the plans changed after the review. Nothing was applied. Check what was merged (below) against what was reviewed." : `the merge changed it after the review. Its pairs were not applied; ${ELSEWHERE}`}`);
        if (differs !== undefined && "refused" in verdict)
            verdict.refused.differs = differs;
        return verdict;
    }
    return {
        reviewed: {
            pr,
            hash: reviewed.hash,
            by,
            ...(reviewed.sandboxes === undefined ? {} : { sandboxes: reviewed.sandboxes }),
        },
    };
}
/**
 * A run limited to some sandboxes (input `sandboxes`) checks only their hashes: each sandbox's plan
 * as merged against the hash the preview recorded for it (none on either side: nothing there).
 */
async function limitedVerdict(ctx, outcome, head, reviewed, alone, landed) {
    const { pr, by, sandboxes } = reviewed;
    const limit = ctx.settings.sandboxes;
    const refused = (reason, title, why) => ({
        refused: { head, pr, reason, title, why, sandboxes: limit },
    });
    const next = alone ? "Nothing was applied" : `Its pairs were not applied; ${ELSEWHERE}`;
    if (sandboxes === undefined)
        return refused("not-reviewed", "Not applied: no hash per sandbox", `The preview on PR #${pr} records no hash per sandbox (an earlier version wrote it), and this run is limited to ${limit.join(", ")}. ${next}. Re-run the PR's check so this Action writes a fresh preview.`);
    const mine = outcome.execution.sandboxHashes;
    // As merged, or as it landed (a window that opened since moves pairs from pending to due).
    const differ = limit.filter((s) => mine[s] !== sandboxes[s] && (landed === undefined || landed.sandboxes[s] !== sandboxes[s]));
    if (differ.length === 0)
        return { reviewed: { pr, hash: reviewed.hash, by, sandboxes } };
    const show = (h) => differ.map((s) => `${s} ${h[s] ?? "nothing"}`).join(", ");
    const verdict = refused("plan-changed", "Not applied: the plan changed since review", `The plan derived from the merged commit (${show(mine)}) differs from the one reviewed on PR #${pr} (${show(sandboxes)}): the base moved, or the plans changed after the review. ${next}. Check what was merged (below) against what was reviewed.`);
    const differs = await reviewedDifference(ctx, outcome, by.head);
    if (differs !== undefined && "refused" in verdict)
        verdict.refused.differs = differs;
    return verdict;
}
/** Why a merge found no preview it can trust, and what to do. */
function notReviewedSentence(head, pr, identity, reviewed, refusal, alone) {
    const next = alone
        ? "Activations reach customers, so nothing was applied. Re-run the PR's check so this Action writes a fresh preview, run it manually (workflow_dispatch), or set require-reviewed-plan: false."
        : `Activations reach customers, so its pairs were not applied; ${ELSEWHERE}`;
    if (pr === undefined)
        return `${head.slice(0, 12)} is not the merge commit of a pull request (a direct push, or a token that cannot read pull requests). ${next}`;
    if (reviewed === undefined)
        return `PR #${pr} has no preview written by ${identity ?? "this token's identity (GitHub did not say who it is)"}; comments by anyone else do not count. ${next}`;
    if (refusal === undefined)
        return `The preview on PR #${pr} does not name the workflow run that wrote it (it predates this version). ${next}`;
    switch (refusal.code) {
        case "run-not-found":
            return `The preview on PR #${pr} names workflow run ${refusal.runId}, which this repository does not have. ${next}`;
        case "run-foreign":
            return `The preview on PR #${pr} names workflow run ${refusal.runId}, a ${refusal.event} run of ${refusal.repository}, not a pull_request run of this repository. ${next}`;
        case "run-stale":
            return `The preview on PR #${pr} was written for ${refusal.runHead.slice(0, 12)}, but the PR's head is ${refusal.prHead.slice(0, 12)}: the last change was never previewed. ${next}`;
        case "workflow-changed":
            return `PR #${pr} changes ${refusal.workflow}: code the PR adds to workflows or local actions runs with this repository's token and could write a preview in this Action's name, so no preview on it can vouch for the review. Merge workflow changes in a PR of their own, or run manually. ${next}`;
    }
}

// EXTERNAL MODULE: ./build/src/github/reviews.js
var reviews = __webpack_require__(1752);
;// CONCATENATED MODULE: ./build/src/action/policy-runs.js






/** A manual run that sends pairs anew: judged by the policy at its head, its starter the approver. */
async function judgeManual(ctx, outcome, head) {
    const by = { kind: "starter", login: ctx.settings.triggeringActor };
    const merge = { at: head, head, pr: undefined, from: "all" };
    const judged = await (0,policy_gate/* judgeUnderPolicy */.CW)(ctx, outcome, merge, by, true);
    if (judged !== undefined && "refused" in judged)
        throw new context/* ActionFailure */.d("policy", judged.refused.why);
}
/**
 * A confirmed merge (input `confirm`): the policy at its first parent, with the person who started
 * this run as the approval. Refused: nothing is sent. Returns its review with who approved.
 */
async function confirmedUnderPolicy(ctx, own, merge, 
/** The merge's base as the push run grouped it (a rebase merge's commits are one merge). */
base, review) {
    const actor = ctx.settings.triggeringActor;
    const at = { at: await (0,policy_gate/* firstParent */.v1)(ctx, base, merge), head: merge, pr: review.pr, from: base };
    const as = (login) => ({ kind: "starter", login });
    let judged = await (0,policy_gate/* judgeUnderPolicy */.CW)(ctx, own, at, as(actor), true);
    // As on GitHub, a PR's author cannot approve it: when the confirm's approval is its author's, none.
    const lower = actor?.toLowerCase();
    if (judged !== undefined &&
        "approvedBy" in judged &&
        judged.approvedBy.some((l) => l.toLowerCase() === lower))
        if ((await authorOf(ctx, review.pr))?.toLowerCase() === lower) {
            ctx.port.info(`${actor ?? ""} opened PR #${review.pr}: their confirm is not an approval of it.`);
            judged = await (0,policy_gate/* judgeUnderPolicy */.CW)(ctx, own, at, { kind: "starter", login: actor, opened: true }, true);
        }
    if (judged !== undefined && "refused" in judged)
        throw new context/* ActionFailure */.d("policy", `input 'confirm': PR #${review.pr}: ${judged.refused.why}`);
    const approvedBy = judged?.approvedBy ?? [];
    return approvedBy.length === 0 ? review : { ...review, approvedBy };
}
/** The PR's author; unreadable refuses (the confirm is judged without knowing whose PR it is). */
async function authorOf(ctx, pr) {
    const { gh, settings } = ctx;
    if (gh === undefined || settings.repository === undefined)
        return undefined;
    const repository = settings.repository;
    return (0,reviews/* pullAuthor */.XV)(gh, repository, pr).catch(() => {
        throw new context/* ActionFailure */.d("github-unavailable", `input 'confirm': PR #${pr} could not be read from GitHub to know who opened it; nothing was sent. Run it again when GitHub answers.`);
    });
}
/**
 * A push applied without the review gate (require-reviewed-plan: false): judged whole by the policy at
 * its first parent, with the approvals its PR has at the PR's head now. Refused, or undefined to go on.
 */
async function judgeUnreviewed(ctx, outcome, base, head, merged) {
    const at = await (0,policy_gate/* firstParent */.v1)(ctx, base, head);
    if ((await (0,policy_gate/* policyAt */.E4)(ctx, at, head)) === undefined)
        return undefined;
    const { gh, settings } = ctx;
    if ("unreadable" in merged)
        return unreadableMerges(head, merged.unreadable);
    const pr = merged.pr;
    // The PR's head is read only when a rule asks for an approval (its failure refuses, to re-check).
    const reviewedHead = async () => pr === undefined || gh === undefined || settings.repository === undefined
        ? head
        : (0,reviews/* pullHead */.gR)(gh, settings.repository, pr);
    const judged = await (0,policy_gate/* judgeUnderPolicy */.CW)(ctx, outcome, { at, head, pr, from: base }, { kind: "review", reviewedHead }, true);
    return judged !== undefined && "refused" in judged
        ? { ...judged.refused, hash: outcome.execution.planHash }
        : undefined;
}
/**
 * A merge that sends nothing but changes the policy file: judged by the policy before it (its
 * policy-changed rules), with the approvals its PR has at its head (such a PR may have no preview).
 * The change is merged either way; a refusal fails the run and tells the PR. To stop an unapproved
 * change from landing at all, protect the file with CODEOWNERS (see the README).
 */
async function judgePolicyChange(ctx, own, base, head, merged) {
    const at = await (0,policy_gate/* firstParent */.v1)(ctx, base, head);
    if (at === head || !(await (0,policy_file/* policyChanged */.XX)(ctx.git, at, head, ctx.settings.policy.file)))
        return undefined;
    const refused = await judgeUnreviewed(ctx, own, base, head, merged ?? (await mergedPullRequest(ctx, head)));
    if (refused === undefined || refused.reason !== "policy")
        return refused;
    // Nothing to send or confirm (no plan hash): the change itself is what was not approved.
    return {
        head: refused.head,
        pr: refused.pr,
        reason: refused.reason,
        title: "The activation policy changed without the approval it asks for",
        why: messages/* say */.c.policyChangeRefused(refused.why),
        ...(refused.recheck === true ? { recheck: true } : {}),
    };
}

;// CONCATENATED MODULE: ./build/src/action/merges.js
// A push of several merges (a merge queue, or PRs merged one after another before a run applied
// them): walk the first-parent line from the push's base, find each merge's PR, and let each merge's
// pairs go out only under its own PR's review. A merge whose review does not hold is refused alone.











/**
 * The merges a push carries, oldest first; undefined when it is one merge (the usual push), or when
 * its base is not on the head's first-parent line (a force push): then its whole change must match
 * the head PR's review. Each commit a shallow clone lacks is fetched.
 */
async function walkMerges(ctx, base, head, headPr, 
/** Catching up: even one merge is walked (each is checked for lateness). */
catchingUp = false) {
    if (sources_git/* ZERO_SHA */.gy.test(base))
        return undefined;
    const from = await ctx.git.resolve(base);
    const chain = await ctx.git.firstParentChain(from, head, sources_git/* FIRST_PARENT_LIMIT */.iv);
    if (chain === undefined) {
        ctx.port.info(`The push's base ${from.slice(0, 12)} is not within ${sources_git/* FIRST_PARENT_LIMIT */.iv} first-parent commits of ${head.slice(0, 12)}: its whole change is checked against the head's review.`);
        return undefined;
    }
    if (chain.length <= 1 && !catchingUp)
        return undefined;
    const commits = [];
    for (const sha of chain) {
        const merged = sha === head ? headPr : await mergedPullRequest(ctx, sha);
        if ("unreadable" in merged)
            return merged;
        commits.push({ sha, pr: merged.pr });
    }
    const merges = groupMerges(from, commits);
    return merges.length > 1 || (catchingUp && merges.length > 0) ? merges : undefined;
}
/**
 * Where the merge that ends at `merge` starts, as a push run groups it: its first parent, or before a
 * rebase merge's earlier commits (merged as no PR); undefined at the repository's first commit.
 */
async function groupBase(ctx, merge) {
    const parentOf = async (sha) => {
        const [parent] = await ctx.git.parents(sha);
        return parent === undefined ? undefined : ctx.git.resolve(parent);
    };
    let base = await parentOf(merge);
    for (let k = 0; base !== undefined && k < sources_git/* FIRST_PARENT_LIMIT */.iv; k++) {
        const merged = await mergedPullRequest(ctx, base);
        if ("unreadable" in merged)
            return merged;
        if (merged.pr !== undefined)
            break;
        const before = await parentOf(base);
        if (before === undefined)
            break;
        base = before;
    }
    return { base };
}
/** A merge that landed longer than max-lateness ago, refused as too-late; undefined when in time. */
async function lateness(ctx, m, asOf) {
    const age = asOf - (await ctx.git.commitTime(m.head));
    const max = ctx.settings.maxLatenessMs;
    if (age <= max)
        return undefined;
    return {
        head: m.head,
        pr: m.pr,
        reason: "too-late",
        title: "Not applied: merged too long ago",
        why: `It landed ${(0,src_clock/* formatAge */.nV)(age)} ago, longer than max-lateness (${(0,src_clock/* formatAge */.nV)(max)}): a catch-up does not send what may be out of date without a person's yes. Its pairs were not applied${m.pr === undefined ? "; to send them now, run this workflow manually (workflow_dispatch) on the plans it touches" : ""}.`,
    };
}
/**
 * Each merge's own change (first parent → its head) against its PR's review. `late`: a catch-up,
 * where a merge before the push's own (`own`: its `before`; none for a scheduled run) that landed
 * longer than max-lateness before `asOf` is not sent without a person's yes.
 */
async function gateMerges(ctx, whole, merges, late) {
    const { port, settings } = ctx;
    port.info(`This run walks ${merges.length} merge(s); each is applied only under its own PR's review.`);
    const reviewed = [];
    const refused = [];
    const accepted = [];
    // Every pair some merge asks for on its own, sent or not.
    const asked = new Set();
    let caughtUp = late !== undefined;
    for (const m of merges) {
        if (m.base === late?.own)
            caughtUp = false; // from here on, the push's own merges
        const own = await (0,plan_change/* planChanges */.X)(ctx.git, (0,planning/* planRequest */.NX)(ctx, m.base, m.head, false), () => { });
        for (const p of own.execution.pairs)
            asked.add((0,plan_changes/* pairKey */.Yz)(p.sandbox, p.destination, p.audience));
        const name = `${m.pr === undefined ? "Commit" : `PR #${m.pr}, merged as`} ${m.head.slice(0, 12)}`;
        const waits = own.changes.some((c) => c.pending !== undefined);
        if (own.problems.length === 0 && own.execution.jobs.length === 0 && !waits) {
            // It may change the policy: then its policy-changed rules judge it (a refusal sends nothing).
            const policyOnly = await judgePolicyChange(ctx, own, m.base, m.head, { pr: m.pr });
            if (policyOnly !== undefined) {
                port.info(`${name}: changes the activation policy without the approval it asks for.`);
                refused.push({ ...policyOnly, pairs: 0 });
                continue;
            }
            port.info(`${name}: asks for no activation.`);
            continue;
        }
        const tooLate = caughtUp && late !== undefined ? await lateness(ctx, m, late.asOf) : undefined;
        const verdict = tooLate !== undefined
            ? { refused: tooLate }
            : await gateMerge(ctx, own, m.head, { pr: m.pr }, false, await landedHash(ctx, m.base, m.head, own));
        if ("refused" in verdict) {
            port.info(`${name}: not applied (${verdict.refused.reason}).`);
            refused.push({
                ...verdict.refused,
                pairs: own.execution.pairs.length,
                ...(verdict.refused.reason === "github-unavailable" ? {} : { hash: own.execution.planHash }),
            });
            continue;
        }
        const { pr, hash } = verdict.reviewed;
        port.info(`${name}: matches the preview reviewed on it (${hash}).`);
        const at = { at: await (0,policy_gate/* firstParent */.v1)(ctx, m.base, m.head), head: m.head, pr: m.pr, from: m.base };
        const judged = await (0,policy_gate/* judgeUnderPolicy */.CW)(ctx, own, at, { kind: "review", reviewedHead: verdict.reviewed.by.head }, false);
        if (judged !== undefined && "refused" in judged) {
            port.info(`${name}: not applied (policy).`);
            refused.push({ ...judged.refused, pairs: own.execution.pairs.length, hash: own.execution.planHash });
            continue;
        }
        reviewed.push(verdict.reviewed);
        const approvedBy = judged?.approvedBy ?? [];
        accepted.push({
            changes: own.changes,
            commit: m.head,
            review: { pr, hash, ...(approvedBy.length === 0 ? {} : { approvedBy }) },
        });
    }
    const combined = combineMerges(accepted, whole.headPlans);
    const unasked = whole.execution.pairs.filter((p) => !asked.has((0,plan_changes/* pairKey */.Yz)(p.sandbox, p.destination, p.audience)));
    const execution = (0,jobs_planner/* planJobs */.K)(combined.requested, {
        maxPerJob: settings.maxPerJob,
        countBy: settings.countBy,
        apiVersion: settings.apiVersion,
    });
    return {
        outcome: { ...whole, changes: combined.changes, execution },
        commits: combined.commits,
        reviews: combined.reviews,
        reviewed,
        refused,
        revoked: combined.revoked,
        unasked,
        pending: combined.pending,
    };
}
/**
 * A rerun of an older run, with the pointer ahead at `at`: the pairs a later merge removed are not
 * sent (revoked, listed), as a catch-up to `at` would have them.
 */
async function revokedSince(ctx, gated, at) {
    const later = await (0,plan_change/* planChanges */.X)(ctx.git, (0,planning/* planRequest */.NX)(ctx, undefined, at, false), () => { });
    const kept = keptAt(gated.outcome.changes, later.headPlans);
    if (kept.revoked.length === 0)
        return gated;
    ctx.port.info(`A later merge (up to ${at.slice(0, 12)}) removed ${kept.revoked.length} pair(s) this merge asked for: they are not sent (revoked).`);
    const { settings } = ctx;
    const execution = (0,jobs_planner/* planJobs */.K)(kept.requested, {
        maxPerJob: settings.maxPerJob,
        countBy: settings.countBy,
        apiVersion: settings.apiVersion,
    });
    return {
        ...gated,
        outcome: { ...gated.outcome, changes: kept.changes, execution },
        revoked: [...gated.revoked, ...kept.revoked],
    };
}

;// CONCATENATED MODULE: ./build/src/action/later-requests.js


/** How many first-parent steps after the head a later merge may be (one fetch brings them). */
const STEPS = 20;
/**
 * Only a rerun (`GITHUB_RUN_ATTEMPT` > 1) looks: a first attempt comes before any later merge's run
 * (a run the pointer has passed is `known`, from the reconcile pointer). A commit is later when the
 * head is on its first-parent line within STEPS commits; committer times decide nothing (clocks
 * skew, merges share a second). A commit that cannot be read is not taken for later.
 */
async function laterRequests(ctx, states, head, pairs, known = []) {
    if (ctx.settings.runAttempt <= 1)
        return known;
    const key = (sandbox, p) => (0,plan_changes/* pairKey */.Yz)(sandbox, (0,ids/* canonicalId */.i)(p.destination), (0,ids/* canonicalId */.i)(p.audience));
    const wanted = new Set(pairs.map((p) => key(p.sandbox, p)));
    const candidates = new Set();
    for (const s of states)
        for (const r of s.records.values())
            if (r.commit !== head && !known.includes(r.commit) && wanted.has(key(s.key.sandbox, r)))
                candidates.add(r.commit);
    const later = [...known];
    for (const c of candidates)
        if (await after(ctx.git, head, c))
            later.push(c);
    if (later.length > known.length)
        ctx.port.info(`A rerun: ${later.length - known.length} later merge(s) asked again for pairs of this run (${later
            .slice(known.length)
            .map((c) => c.slice(0, 12))
            .join(", ")}); their requests stand for these.`);
    return later;
}
/** Whether `head` is on `c`'s first-parent line within STEPS commits (at most one fetch brings them). */
async function after(git, head, c) {
    let sha = c;
    let fetched = false;
    for (let i = 0; i <= STEPS; i++) {
        if (sha === head)
            return true;
        if ((await git.tryResolve(sha)) === undefined) {
            if (fetched || !(await git.fetchCommit(sha, STEPS + 1 - i).catch(() => false)))
                return false;
            fetched = true;
        }
        const [parent] = await git.parents(sha).catch(() => []);
        if (parent === undefined)
            return false;
        sha = parent;
    }
    return false;
}

;// CONCATENATED MODULE: ./build/src/action/reconcile.js
// Where a push or scheduled run applies from: the step's reconcile pointer (the last reconciled
// commit) when runs were missed, the first start of a catch-up run for its rerun, or the push's own
// `before`; what a scheduled run with nothing to catch up says; and when the setup run may restart
// reconciliation at its commit.


/**
 * Where a push (or scheduled) run applies from: the step's last reconciled commit when runs were
 * missed (it lies before the push's `before` on the head's first-parent line; a scheduled run has
 * no `before`); for a rerun of a catch-up run, where its first attempt started; else the push's own
 * `before`. A pointer that is neither behind nor ahead of the head fails closed: merges in between
 * would go unchecked.
 */
async function startFrom(ctx, pointer, before, head) {
    const { git, port } = ctx;
    const own = { base: before, catchingUp: false, forward: true };
    const on = async (from) => from === head || (await git.firstParentChain(from, head, sources_git/* FIRST_PARENT_LIMIT */.iv)) !== undefined;
    const at = pointer?.commit;
    if (at === undefined || at === before || (before !== undefined && sources_git/* ZERO_SHA */.gy.test(before)))
        return own;
    // A rerun of a catch-up run (the pointer at its head, or moved on since): from its first start again.
    const rerun = async (forward) => {
        const first = pointer?.starts().find(([h]) => h === head)?.[1];
        if (first === undefined || first.from === before || !(await on(first.from)))
            return undefined;
        port.info(`A rerun of the run that caught up to ${head.slice(0, 12)} from ${first.from.slice(0, 12)}: it applies from there again, judging lateness as of its first attempt (what succeeded is not sent twice).`);
        return { base: first.from, catchingUp: true, forward, asOf: first.at };
    };
    if (at === head)
        return (await rerun(true)) ?? own;
    if (await on(at)) {
        // A catch-up that ended before it moved the pointer (killed, or its writes failed), rerun.
        const again = await rerun(true);
        if (again !== undefined)
            return again;
        port.info(before === undefined
            ? `The activation state last reconciled ${at.slice(0, 12)}: the merges since, up to ${head.slice(0, 12)}, had no run that applied them, so they are caught up, each under its own PR's review.`
            : `The activation state last reconciled ${at.slice(0, 12)}, not this push's base ${before.slice(0, 12)}: a run was missed, so the merges since are caught up, each under its own PR's review.`);
        return { base: at, catchingUp: true, forward: true, record: { from: at, at: ctx.clock.now() } };
    }
    if (await ahead(ctx, at, head)) {
        const later = (await git.firstParentChain(head, at, sources_git/* FIRST_PARENT_LIMIT */.iv)) ?? [];
        const again = await rerun(false);
        if (again !== undefined)
            return { ...again, later };
        // A catch-up walked this head's merges: they were sent, refused or revoked there, under their own
        // merge commits; this run (the missed run's, rerun) must not send them again its own way.
        for (const [by, start] of pointer?.starts() ?? []) {
            const walked = by !== head && (await git.firstParentChain(start.from, by, sources_git/* FIRST_PARENT_LIMIT */.iv));
            if (walked && walked.includes(head) && start.from !== head) {
                port.notice(`The catch-up run at ${by.slice(0, 12)} already walked this merge (sent, refused or revoked there, and reported): nothing is applied again. To send its pairs now, run this workflow manually (workflow_dispatch) on its plans.`);
                return { base: undefined, catchingUp: false, forward: false, walked: by };
            }
        }
        port.info(`A later run already reconciled up to ${at.slice(0, 12)}: ${before === undefined ? "nothing to catch up" : "this run applies its own push only (pairs already recorded are not submitted again)"}.`);
        return { ...own, forward: false, later };
    }
    throw new context/* ActionFailure */.d("configuration", `The activation state last reconciled ${at.slice(0, 12)}, which is not within ${sources_git/* FIRST_PARENT_LIMIT */.iv} first-parent commits before ${head.slice(0, 12)} (a force push rewrote the branch, or runs were missed for that long). Nothing was applied, so that no merge in between goes unchecked. Check what those merges should have activated, then run the manual workflow once with init: true and dry-run: true: it records ${head.slice(0, 12)} as where reconciliation starts.`);
}
/** With the reviewed gate off, a missed run is not caught up: the warning that says so, if one was. */
function missedWithoutGate(at, before, head) {
    if (at === undefined || before === undefined || at === before || at === head || sources_git/* ZERO_SHA */.gy.test(before))
        return undefined;
    return `The activation state last reconciled ${at.slice(0, 12)}, not this push's base ${before.slice(0, 12)}: a run was missed. With require-reviewed-plan: false, the merges in between are not caught up (their pairs cannot be told apart from this push's): send their plans with a manual run.`;
}
/** Whether the setup run may record `head` as where reconciliation starts: none yet, or unreachable. */
async function mayRestart(ctx, pointer, head) {
    if (pointer === undefined)
        return true;
    if (pointer === head)
        return false; // already there: it keeps its catch-up runs' starts
    if ((await ctx.git.firstParentChain(pointer, head, sources_git/* FIRST_PARENT_LIMIT */.iv)) !== undefined) {
        ctx.port.info(`Reconciliation continues from ${pointer.slice(0, 12)}: the merges since are caught up by the next push or scheduled run (the setup run records a start only where none is, or where it cannot be reached).`);
        return false;
    }
    return !(await ahead(ctx, pointer, head));
}
/** The pointer is past the head on its line (a later run reconciled further; fetched when missing). */
const ahead = (ctx, pointer, head) => ctx.git
    .resolve(pointer)
    .then((sha) => ctx.git.isAncestor(head, sha))
    .catch(() => false);
/** Why a scheduled run cannot read the activation state, and what to set. */
function unreadableSchedule(settings) {
    const what = settings.credentials === undefined
        ? "No Platform credentials: set client-id, org-id and client-secret (or access-token)"
        : settings.repository === undefined
            ? "No repository (GITHUB_REPOSITORY): run it on GitHub Actions"
            : "No GitHub token: set github-token (its default, the workflow's token, needs contents: write)";
    return `${what}. A scheduled run, or a manual run with plans at its default, reads the activation state to catch up merges no run applied and to send pending pairs; without it nothing is read, so nothing could be sent.`;
}
/** Why a scheduled run has nothing to catch up, or undefined when it may have. */
function idleSchedule(settings, pointer, head) {
    if (!settings.requireReviewedPlan)
        return "A scheduled run catches up merges under their own PRs' reviews; with require-reviewed-plan: false it does nothing (each push applies its own change).";
    if (pointer === undefined)
        return "A scheduled run catches up merges no run applied, from the activation state; this run cannot read it (it needs the Platform credentials' org-id and the GitHub token).";
    if (pointer.commit === undefined)
        return "No reconciled commit is recorded yet: run the setup run once (manual, init: true, dry-run: true); push runs record it too.";
    if (pointer.commit === head)
        return `Nothing to catch up: ${head.slice(0, 12)} is reconciled.`;
    return undefined;
}

// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(77598);
// EXTERNAL MODULE: ./build/src/activation/outcome.js
var activation_outcome = __webpack_require__(83238);
;// CONCATENATED MODULE: ./build/src/state/earlier.js


/** The commit whose request a pair is. */
const askedBy = (ctx, p) => ctx.commits?.get((0,activation_outcome/* pairKey */.Yz)(p.sandbox, p.destination, p.audience)) ?? ctx.commit;
const idOf = (ctx, p) => types_requestId(askedBy(ctx, p), p.destination, p.audience);
/**
 * The engine's view of earlier attempts of this commit's pairs: succeeded (not submitted again,
 * unless `force`), running (followed), unknown (held: never resubmitted without a decision).
 * Failed, pending (a window that opened since) and never-tried pairs are absent, so they are
 * submitted, unless one of `later` (merges after this run's head: a rerun of an older run) asked
 * for the pair too: that request stands for this one (superseded). When a record was last written
 * says nothing of which request came first (expiring or following an older one rewrites it), so
 * the shell finds `later` from the commits themselves.
 */
function earlierEntries(state, request, pairs, force, later = []) {
    const earlier = new Map();
    for (const p of pairs) {
        const r = state.records.get(idOf(request, p));
        const key = (0,activation_outcome/* pairKey */.Yz)(p.sandbox, p.destination, p.audience);
        if (r === undefined || r.state === "failed" || r.state === "pending") {
            const by = later.findLast((c) => state.records.has(types_requestId(c, p.destination, p.audience)));
            if (by !== undefined) {
                earlier.set(key, { state: "superseded", by });
                continue;
            }
        }
        if (r === undefined)
            continue;
        if (r.state === "succeeded" && !force)
            earlier.set(key, { state: "succeeded" });
        else if (r.state === "submitted" && r.runIds?.[0] !== undefined)
            earlier.set(key, { state: "running", runId: r.runIds[0], recordedAt: r.updatedAt });
        else if (r.state === "intent" || r.state === "unknown" || r.state === "expired")
            earlier.set(key, {
                state: "unknown",
                ...(r.candidates === undefined ? {} : { candidates: r.candidates }),
            });
    }
    return earlier;
}

;// CONCATENATED MODULE: ./build/src/state/records.js



function upsert(state, ctx, p, change) {
    const id = idOf(ctx, p);
    const before = state.records.get(id);
    const review = ctx.reviews?.get((0,activation_outcome/* pairKey */.Yz)(p.sandbox, p.destination, p.audience)) ?? ctx.review;
    const record = {
        commit: askedBy(ctx, p),
        plan: p.requestedBy[0]?.file ?? "",
        destination: p.destination,
        audience: p.audience,
        ...(review === undefined ? {} : { review }),
        attempts: 0,
        ...before,
        ...change,
        updatedAt: ctx.now,
    };
    state.records.set(id, record);
    return record;
}
/** Before a wave is submitted: the intent of each pair about to be sent. A succeeded pair resent by `force` keeps its old runs. */
function recordIntents(state, pairs, ctx) {
    for (const p of pairs) {
        const before = state.records.get(idOf(ctx, p));
        const forced = before?.state === "succeeded" ? [...(before.forced ?? []), ...(before.runIds ?? [])] : before?.forced;
        upsert(state, ctx, p, {
            state: "intent",
            job: p.jobId,
            intentAt: ctx.now,
            client: ctx.client,
            attempts: (before?.attempts ?? 0) + 1,
            runIds: [],
            ...(forced === undefined ? {} : { forced }),
        });
        const r = state.records.get(idOf(ctx, p));
        if (r !== undefined)
            delete r.code;
    }
}
/** Codes after which Platform may hold runs nobody can name: the pair stays unknown. */
const UNKNOWN_CODES = new Set([
    "reply-lost",
    "no-run-returned",
    "earlier-unknown",
]);
/** Codes of a run that was started and not seen to end: followed by the next run. */
const STILL_RUNNING = new Set(["run-timeout", "internal"]);
/** Pre-flight ends that count as a try (retried later, up to max-attempts): nothing was submitted. */
const COUNTED_TRIES = new Set([
    "export-in-progress",
    "preflight-unreadable",
]);
/**
 * The code a record keeps: the outcome code, except that a throttled rejection (429, after the
 * client's own retries) is `rejected-429`: the record alone must tell a retry apart. (A 5xx on a
 * submission is never a rejection: the reply may be lost, so the pair is unknown.)
 */
function recordCode(p) {
    return p.code === "rejected" && p.detail?.httpStatus === 429 ? "rejected-429" : p.code;
}
/** Record codes worth retrying by a later run: Platform refused for a passing reason. */
const RETRYABLE = new Set([
    "rejected-429",
    "export-in-progress",
    "preflight-unreadable",
    "conflict-timeout",
    "unreachable",
    "cancelled",
    "budget-ended",
]);
/**
 * Whether a failed record is worth retrying by a later run: throttled, a run or a scheduled export
 * in progress, unreachable, or its lists could not be read. A lost reply is never retried: it is
 * unknown, not failed.
 */
const retryable = (code) => code !== undefined && RETRYABLE.has(code);
/** The state a pair's result leads to, or undefined when the result changes nothing recorded. */
function stateOf(p) {
    if (p.code === "first-activation-wait")
        return "pending";
    if (p.status === "succeeded")
        return p.code === "succeeded-earlier" ? undefined : "succeeded";
    // Superseded: the later request is the one recorded; this one stays as it was.
    if (p.code === "dry-run" || p.code === "superseded")
        return undefined;
    if (p.runId !== undefined &&
        (p.status === "pending" || (p.code !== undefined && STILL_RUNNING.has(p.code))))
        return "submitted";
    if (p.code !== undefined && UNKNOWN_CODES.has(p.code))
        return "unknown";
    if (p.status === "pending")
        return undefined;
    return "failed";
}
/**
 * After a wave's replies, and at the end: what each pair became. Only pairs this run touched (an
 * intent, a followed run) or settled are written; a pair held as unknown keeps its earlier record.
 */
function recordResults(state, results, ctx) {
    for (const p of results) {
        const next = stateOf(p);
        if (next === undefined)
            continue;
        const before = state.records.get(idOf(ctx, p));
        if (p.code === "earlier-unknown" && before !== undefined)
            continue; // held, unchanged
        if (next === "failed" && before?.state === "unknown")
            continue; // never turn an unknown into a retry
        // A pending pair the run stopped before sending stays pending: the next scheduled run judges it again.
        if (before?.state === "pending" &&
            p.runId === undefined &&
            (p.code === "cancelled" || p.code === "budget-ended"))
            continue;
        const code = recordCode(p);
        upsert(state, ctx, p, {
            state: next,
            ...(code === undefined ? {} : { code }),
            ...(p.runId === undefined ? {} : { runIds: [p.runId] }),
            // A try that pre-flight ended for a passing reason counts, though nothing was submitted.
            ...(p.code !== undefined && COUNTED_TRIES.has(p.code) ? { attempts: (before?.attempts ?? 0) + 1 } : {}),
        });
    }
}
/** Runs one accepted pair made, learned from the replies of this run's accepted submissions. */
function learnRunsPerPair(state, results) {
    const accepted = results.filter((p) => p.runId !== undefined && p.code !== "succeeded-earlier");
    if (accepted.length === 0)
        return;
    const runs = new Set(accepted.map((p) => p.runId)).size;
    state.runsPerPair = runs / accepted.length;
}
/**
 * Records pairs asked for before their plan's window opens as pending, each under the merge and
 * review that asked; a request already recorded, in any state, is left as it is. Returns how many
 * were added.
 */
function addPending(states, pending, now) {
    let added = 0;
    for (const p of pending) {
        const state = states.find((s) => s.key.sandbox === p.pair.sandbox);
        const id = types_requestId(p.commit, p.pair.destination.id, p.pair.audience.id);
        if (state === undefined || state.records.has(id))
            continue;
        state.records.set(id, {
            commit: p.commit,
            plan: p.pair.file,
            destination: p.pair.destination.id,
            audience: p.pair.audience.id,
            ...(p.review === undefined ? {} : { review: p.review }),
            state: "pending",
            code: "window-pending",
            due: p.opens,
            attempts: 0,
            updatedAt: now,
        });
        added++;
    }
    return added;
}

;// CONCATENATED MODULE: ./build/src/state/resolve.js
const RESOLVE_DEFAULTS = { settleMs: 120_000, skewMs: 60_000, guardMs: 15 * 60_000 };
/** The dataflows whose runs must be listed (since `since`) to resolve a state's unknown records. */
function flowsToList(state) {
    const since = new Map();
    for (const r of state.records.values()) {
        if ((r.state !== "intent" && r.state !== "unknown") || r.intentAt === undefined)
            continue;
        since.set(r.destination, Math.min(since.get(r.destination) ?? Infinity, r.intentAt));
    }
    return since;
}
/** How long to wait before resolving: until the newest intent or unknown record's runs have had time to be listed. */
function settleWaitMs(state, settleMs, now) {
    let newest = 0;
    for (const r of state.records.values())
        if (r.state === "intent" || r.state === "unknown")
            newest = Math.max(newest, r.intentAt ?? 0);
    return newest + settleMs - now;
}
function resolveUnknowns(state, runsByFlow, o) {
    const attributed = new Set();
    for (const r of state.records.values())
        for (const id of [...(r.runIds ?? []), ...(r.forced ?? [])])
            attributed.add(id);
    const verdicts = new Map();
    const unexplained = [];
    const pending = [...state.records].filter(([, r]) => (r.state === "intent" || r.state === "unknown") && r.intentAt !== undefined);
    for (const [flow, runs] of runsByFlow) {
        const mine = runs.filter((run) => run.createdClient === o.client && !attributed.has(run.id));
        const here = pending.filter(([, r]) => r.destination === flow);
        // Submissions: the pairs of one job sent at one time.
        const groups = Map.groupBy(here, ([, r]) => `${r.job ?? ""}@${r.intentAt ?? 0}`);
        const matched = new Set();
        for (const group of groups.values()) {
            const at = group[0]?.[1].intentAt ?? 0;
            const inWindow = mine.filter((run) => within(run, at - o.skewMs, at + o.settleMs));
            const verdict = judge(group.map(([, r]) => r), inWindow, mine, groups.size, state.runsPerPair, o, at);
            for (const [id] of group)
                verdicts.set(id, verdict);
            if (verdict.kind === "submitted")
                for (const run of verdict.runIds)
                    matched.add(run);
        }
        // Candidates that stayed ambiguous are unexplained too: someone else may have made them.
        unexplained.push(...mine.filter((run) => !matched.has(run.id)));
    }
    return { verdicts, unexplained };
}
function within(run, from, to) {
    return run.createdAt !== undefined && run.createdAt >= from && run.createdAt <= to;
}
function judge(group, inWindow, mine, submissions, runsPerPair, o, at) {
    const candidates = inWindow.map((r) => r.id);
    // The list may still lag behind the submission: wait before concluding anything.
    if (o.now < at + o.settleMs)
        return { kind: "ambiguous", candidates, why: "too-early" };
    if (runsPerPair === undefined)
        return { kind: "ambiguous", candidates, why: "runs-unknown" };
    const near = mine.filter((run) => within(run, at - o.guardMs, at + o.guardMs) && !candidates.includes(run.id));
    // Another submission on this dataflow, or runs by this credential nearby that nothing explains:
    // a run in the window could be theirs.
    if (submissions > 1 || near.length > 0)
        return { kind: "ambiguous", candidates, why: "crowded" };
    if (candidates.length === 0) {
        // Runs by this credential after the window: Platform's clock may be ahead of ours. Show them.
        const later = mine.filter((run) => run.createdAt !== undefined && run.createdAt >= at - o.skewMs);
        if (later.length > 0)
            return { kind: "ambiguous", candidates: later.map((r) => r.id), why: "count" };
        return { kind: "no-run", candidates: [] };
    }
    // Which run belongs to which audience cannot be told: only a single pair is resolved to its runs.
    const expected = Math.max(1, Math.round(group.length * runsPerPair));
    if (group.length === 1 && candidates.length === expected)
        return { kind: "submitted", runIds: candidates };
    return { kind: "ambiguous", candidates, why: "count" };
}
/** Apply verdicts: matched pairs become submitted (followed next); the rest stay unknown, with their candidates. */
function applyVerdicts(state, verdicts, now) {
    for (const [id, v] of verdicts) {
        const r = state.records.get(id);
        if (r === undefined)
            continue;
        if (v.kind === "submitted") {
            r.state = "submitted";
            r.runIds = v.runIds;
            r.code = "resolved";
            delete r.candidates;
        }
        else if (v.kind === "no-run") {
            // No run by this credential is listed, but a list can lag longer than any wait and clocks
            // differ: that is not proof. It stays unknown until a person records not-activated.
            r.state = "unknown";
            r.code = "no-run-found";
            r.candidates = [];
        }
        else {
            r.state = "unknown";
            r.candidates = v.candidates;
            r.code = `ambiguous-${v.why}`;
        }
        r.updatedAt = now;
    }
}

;// CONCATENATED MODULE: ./build/src/app/state-session.js






class StateSession {
    o;
    held;
    constructor(o, held) {
        this.o = o;
        this.held = held;
    }
    /** Read and lock each key (in a fixed order, so two runs cannot deadlock). */
    static async open(o, keys) {
        const held = new Map();
        const session = new StateSession(o, held);
        const sorted = [...new Map(keys.map((k) => [keyPath(k), k])).entries()].sort(([a], [b]) => a.localeCompare(b));
        const deadline = o.clock.now() + o.lockWaitMs;
        try {
            for (const [path, key] of sorted)
                held.set(path, await acquire(o, key, deadline));
        }
        catch (error) {
            await session.release();
            throw error;
        }
        return session;
    }
    async save(path) {
        const h = this.held.get(path);
        if (h === undefined)
            return;
        if (h.state.lock !== undefined)
            h.state.lock.until = this.o.clock.now() + this.o.lockTtlMs;
        try {
            h.version = await this.o.store.write(h.state, h.version);
        }
        catch (error) {
            if (error instanceof StateConflict)
                throw new StateUnavailable(`the state of ${path} was changed by another run while this one held its lock`);
            throw error;
        }
    }
    stateOf(sandbox) {
        for (const h of this.held.values())
            if (h.state.key.sandbox === sandbox)
                return h.state;
        return undefined;
    }
    /**
     * Resolve intent and unknown records from each dataflow's runs, before anything is submitted.
     * Returns the runs made by this credential that no record explains (to warn about).
     */
    async resolve(platform, client, settleMs = RESOLVE_DEFAULTS.settleMs) {
        const unexplained = [];
        for (const [path, h] of this.held) {
            const flows = flowsToList(h.state);
            if (flows.size === 0)
                continue;
            const wait = settleWaitMs(h.state, settleMs, this.o.clock.now());
            if (wait > 0) {
                this.o.log(`Waiting ${(0,src_clock/* formatDuration */.a3)(wait)} for Platform's run lists to settle before resolving unknown pairs.`);
                await (0,src_clock/* sleepUnless */.uj)(this.o.clock, wait, this.o.stop);
            }
            const runs = new Map();
            try {
                for (const [flow, since] of flows)
                    runs.set(flow, await platform.listRuns(h.state.key.sandbox, flow, since - RESOLVE_DEFAULTS.guardMs));
            }
            catch (error) {
                this.o.log(`Could not list runs to resolve unknown pairs of ${path}: ${error.message}; they stay unknown.`);
                continue;
            }
            const result = resolveUnknowns(h.state, runs, {
                client,
                now: this.o.clock.now(),
                settleMs,
                skewMs: RESOLVE_DEFAULTS.skewMs,
                guardMs: RESOLVE_DEFAULTS.guardMs,
            });
            applyVerdicts(h.state, result.verdicts, this.o.clock.now());
            const counts = Map.groupBy(result.verdicts.values(), (v) => v.kind);
            this.o.log(`Resolving unknown pairs of ${path}: ${counts.get("submitted")?.length ?? 0} matched to their runs, ${(counts.get("no-run")?.length ?? 0) + (counts.get("ambiguous")?.length ?? 0)} still unknown (${counts.get("no-run")?.length ?? 0} with no run found yet).`);
            unexplained.push(...result.unexplained);
            await this.save(path);
        }
        return unexplained;
    }
    /** The engine's hooks for a commit's pairs: earlier outcomes, intents before each wave, replies after. */
    hooks(commit, pairs, force, ctx, later = []) {
        const previous = new Map();
        for (const [sandbox, ps] of Map.groupBy(pairs, (p) => p.sandbox)) {
            const state = this.stateOf(sandbox);
            if (state !== undefined)
                for (const [k, e] of earlierEntries(state, { ...ctx, commit }, ps, force, later))
                    previous.set(k, e);
        }
        const context = () => ({ ...ctx, commit, now: this.o.clock.now() });
        // A reply that cannot be recorded stops further submissions (the next intent write refuses);
        // the runs already started are still followed, and the end tries to record them again.
        let broken;
        return {
            previous,
            beforeSubmit: async (fresh) => {
                if (broken !== undefined)
                    throw broken;
                await this.record(fresh, (s, ps) => recordIntents(s, ps, context()));
            },
            onSubmitted: (results) => this.record(results, (s, ps) => {
                recordResults(s, ps, context());
                learnRunsPerPair(s, ps);
            }).catch((error) => {
                broken = error;
                this.o.log(`Could not record the replies in the activation state: ${broken.message}. Nothing more is submitted.`);
            }),
        };
    }
    async record(pairs, change) {
        for (const [sandbox, ps] of Map.groupBy(pairs, (p) => p.sandbox)) {
            const state = this.stateOf(sandbox);
            if (state === undefined)
                throw new StateUnavailable(`no state is held for sandbox ${sandbox}`);
            change(state, ps);
            await this.save(keyPath(state.key));
        }
    }
    /** Record every pair's outcome and release the locks. */
    async finish(report, commit, ctx) {
        if (!report.dryRun)
            for (const [sandbox, ps] of Map.groupBy(report.results, (p) => p.sandbox)) {
                const state = this.stateOf(sandbox);
                if (state !== undefined)
                    recordResults(state, ps, { ...ctx, commit, now: this.o.clock.now() });
            }
        return this.release();
    }
    /**
     * Write each key without this run's lock. Best effort at the end of a run (an expired lock frees
     * itself); `strict` (decisions people asked to record) throws instead.
     */
    async release(strict = false) {
        let problem;
        for (const [path, h] of this.held) {
            if (h.state.lock?.holder === this.o.holder)
                delete h.state.lock;
            try {
                h.version = await this.o.store.write(h.state, h.version);
            }
            catch (error) {
                if (strict)
                    throw error;
                problem = `the state of ${path} could not be written at the end: ${error.message}`;
                this.o.log(`${problem}.`);
                // A finished run must not keep the key locked: give the lock back over what is stored.
                await this.unlock(h);
            }
        }
        return problem;
    }
    async unlock(h) {
        try {
            // The run's own scope: giving the lock back needs no more than taking it did.
            const snap = await this.o.store.read(h.state.key, this.o.scope);
            if (snap.state?.lock?.holder !== this.o.holder)
                return;
            delete snap.state.lock;
            await this.o.store.write(snap.state, snap.version);
        }
        catch (error) {
            this.o.log(`Could not give back the lock of ${keyPath(h.state.key)}: ${error.message}. It frees itself when it expires.`);
        }
    }
    /** Give the locks back over the state as it is stored, dropping what this run changed in memory. */
    async abandon() {
        for (const h of this.held.values())
            await this.unlock(h);
    }
    /** Every record of the held keys (for the summary and the CLI). */
    states() {
        return [...this.held.values()].map((h) => h.state);
    }
}

;// CONCATENATED MODULE: ./build/src/state/cells.js
/** A shard (or one of its cells) that does not read back as it was written. */
class ShardError extends Error {
}
// Date#toISOString's text, in half its time for the 200,000 dates of a write: the date part is made
// once per day (a state's dates are close together), the time of day by arithmetic.
const DAY = 86_400_000;
let day = NaN;
let dayText = "";
const pad = (n, width) => String(n).padStart(width, "0");
function isoString(ms) {
    const d = Math.floor(ms / DAY);
    if (d !== day) {
        day = d;
        dayText = new Date(d * DAY).toISOString().slice(0, -"00:00:00.000Z".length);
    }
    const t = ms - d * DAY;
    return `${dayText}${pad(Math.floor(t / 3_600_000), 2)}:${pad(Math.floor(t / 60_000) % 60, 2)}:${pad(Math.floor(t / 1000) % 60, 2)}.${pad(t % 1000, 3)}Z`;
}
const iso = (ms) => ms === undefined
    ? undefined
    : Number.isInteger(ms) && !Object.is(ms, -0) && Math.abs(ms) <= 8.64e15
        ? isoString(ms)
        : Object.is(ms, -0)
            ? "-0"
            : String(ms); // not a date in milliseconds: kept as the number it is
const fromIso = (cell) => cell === undefined ? undefined : cell.includes("T") ? Date.parse(cell) : Number(cell);
// Lists are space-separated items (run IDs are UUIDs); `%`, whitespace and an empty item are
// escaped so that any list comes back as it was. An absent list is a bare empty cell, [] a quoted one.
const ESCAPED = /[%\s]/u;
const item = (s) => s === "" ? "%-" : ESCAPED.test(s) ? s.replace(/[%\s]/gu, encodeURIComponent) : s;
const unitem = (s) => {
    try {
        return s === "%-" ? "" : s.includes("%") ? decodeURIComponent(s) : s;
    }
    catch {
        throw new ShardError(`list item '${s}' is not escaped as written`);
    }
};
const list = (xs) => xs === undefined ? undefined : xs.length === 1 ? item(xs[0] ?? "") : xs.map(item).join(" ");
const unlist = (cell) => cell === undefined
    ? undefined
    : cell === ""
        ? []
        : cell.includes(" ")
            ? cell.split(" ").map(unitem)
            : [unitem(cell)];

;// CONCATENATED MODULE: ./build/src/state/meta.js
// The small files beside a key's shards: `state.json` (the lock, runs per pair, how many records are
// still to resolve) and `commits.json` (which plan files hold each commit's records). Pure.

const STATE_FILE = "state.json";
const COMMITS_FILE = "commits.json";
const FORMAT = 1;
/**
 * `commits.json`: each commit with records, and the plan files holding them (what a scoped read
 * of that commit must read too: an earlier run on it may have recorded a pair under a plan this
 * run did not select). A scoped state adds its records to the index it read.
 */
function commitsIndex(state) {
    const index = new Map();
    for (const [commit, plans] of state.partial?.commits ?? [])
        index.set(commit, new Set(plans));
    for (const r of state.records.values()) {
        let plans = index.get(r.commit);
        if (plans === undefined)
            index.set(r.commit, (plans = new Set()));
        plans.add(r.plan);
    }
    const commits = Object.fromEntries([...index].sort(([a], [b]) => (a < b ? -1 : 1)).map(([commit, plans]) => [commit, [...plans].sort()]));
    return `${JSON.stringify({ format: FORMAT, commits })}\n`;
}
/** `commits.json` read. Throws ShardError. */
function parseCommits(text) {
    try {
        const { format, commits } = JSON.parse(text);
        if (format === FORMAT && typeof commits === "object" && commits !== null)
            if (Object.values(commits).every((plans) => Array.isArray(plans) && plans.every((p) => typeof p === "string")))
                return new Map(Object.entries(commits));
    }
    catch (e) {
        throw new ShardError(`${COMMITS_FILE}: ${e.message}`);
    }
    throw new ShardError(`${COMMITS_FILE}: not {"format":${FORMAT},"commits":{…}}`);
}
/** `state.json`'s text read. Throws ShardError. */
function parseMeta(text) {
    let meta;
    try {
        meta = JSON.parse(text);
    }
    catch (e) {
        throw new ShardError(`${STATE_FILE}: ${e.message}`);
    }
    if (meta.format !== FORMAT || meta.key === undefined)
        throw new ShardError(`${STATE_FILE}: format ${meta.format} is not ${FORMAT}, or no key`);
    return meta;
}

;// CONCATENATED MODULE: ./build/src/state/csv.js
// RFC 4180 CSV, with one addition that keeps a round trip exact: an empty field written bare is
// "absent" (undefined) and an empty field written quoted (`""`) is the empty string. GitHub's table
// view shows both as an empty cell.
const NEEDS_QUOTES = /[",\r\n]/;
/** One field as written in a line (quoted when needed). */
function field(value) {
    if (value === undefined)
        return "";
    if (value === "" || NEEDS_QUOTES.test(value))
        return `"${value.replace(/"/g, '""')}"`;
    return value;
}
/** One line, ending in "\n". */
function csvRow(cells) {
    return `${cells.map(field).join(",")}\n`;
}
class CsvError extends Error {
    line;
    constructor(message, line) {
        super(`line ${line}: ${message}`);
        this.line = line;
    }
}
/**
 * Rows of cells; a final line ending is optional. Line numbers in errors count physical lines, from
 * `firstLine` (a piece of a longer text, see rowPieces).
 */
function parseCsv(text, firstLine = 1) {
    const rows = [];
    let row = [];
    let line = firstLine;
    let i = 0;
    const n = text.length;
    if (n === 0)
        return rows;
    // Where the next quote and carriage return are: a line with neither is split natively, which is
    // most of a shard (100,000 rows are read per run); others take the field-by-field path below.
    let quote = text.indexOf('"');
    let cr = text.indexOf("\r");
    for (;;) {
        if (row.length === 0) {
            if (quote >= 0 && quote < i)
                quote = text.indexOf('"', i);
            if (cr >= 0 && cr < i)
                cr = text.indexOf("\r", i);
            let end = text.indexOf("\n", i);
            if (end < 0)
                end = n;
            if ((quote < 0 || quote > end) && (cr < 0 || cr > end)) {
                const cells = text.slice(i, end).split(",");
                for (let k = 0; k < cells.length; k++)
                    if (cells[k] === "")
                        cells[k] = undefined;
                rows.push(cells);
                line++;
                i = end + 1;
                if (i >= n)
                    return rows;
                continue;
            }
        }
        let value;
        if (text[i] === '"') {
            // Quoted: everything up to the closing quote, "" standing for one quote; line breaks are data.
            let out = "";
            let j = i + 1;
            for (;;) {
                const q = text.indexOf('"', j);
                if (q < 0)
                    throw new CsvError("a quoted field is not closed", line);
                out += text.slice(j, q);
                for (let k = j; k < q; k++)
                    if (text[k] === "\n")
                        line++;
                if (text[q + 1] === '"') {
                    out += '"';
                    j = q + 2;
                }
                else {
                    i = q + 1;
                    break;
                }
            }
            value = out;
            if (i < n && text[i] !== "," && text[i] !== "\n" && !(text[i] === "\r" && text[i + 1] === "\n"))
                throw new CsvError("text after a closing quote", line);
        }
        else {
            let j = i;
            while (j < n && text[j] !== "," && text[j] !== "\n" && text[j] !== "\r")
                j++;
            if (j < n && text[j] === "\r" && text[j + 1] !== "\n")
                throw new CsvError("a bare carriage return", line);
            const raw = text.slice(i, j);
            if (raw.includes('"'))
                throw new CsvError("a quote inside an unquoted field", line);
            value = raw === "" ? undefined : raw;
            i = j;
        }
        row.push(value);
        if (i >= n) {
            rows.push(row);
            return rows;
        }
        if (text[i] === ",") {
            i++;
            continue;
        }
        // A line ending: "\n" or "\r\n".
        i += text[i] === "\r" ? 2 : 1;
        line++;
        rows.push(row);
        row = [];
        if (i >= n)
            return rows;
    }
}
/**
 * Text that arrives in chunks (a stream's), regrouped into pieces that each end where a row ends, so
 * that each can be parsed alone: a chunk's whole rows are one piece (a slice of it, not a copy), and
 * a row that two chunks cut is a piece of its own. A line ending is known to end a row only while no
 * quote has been seen, since a quoted field may hold line breaks: from the first quote on, the rest
 * is one piece.
 */
function rowPieces(chunks) {
    const pieces = [];
    let rest = "";
    let quoted = false;
    for (const chunk of chunks) {
        quoted ||= chunk.includes('"');
        const first = quoted ? -1 : chunk.indexOf("\n");
        if (first < 0) {
            rest += chunk;
            continue;
        }
        pieces.push(rest + chunk.slice(0, first + 1));
        const last = chunk.lastIndexOf("\n");
        if (last > first)
            pieces.push(chunk.slice(first + 1, last + 1));
        rest = chunk.slice(last + 1);
    }
    if (rest !== "")
        pieces.push(rest);
    return pieces;
}

;// CONCATENATED MODULE: ./build/src/state/packing.js
// How a key's rows are packed into CSV shards: plans into N buckets by a stable hash of their path,
// N a power of two chosen from the key's size. A read then costs about size / SHARD_TARGET blobs
// however many plans there are, each shard stays under GitHub's CSV rendering limit, and a plan's
// rows stay together in one file (people filter the table by plan). Pure.

/** What a shard holds on average at most: N doubles past it (a rewrite of every shard, rarely). */
const packing_SHARD_TARGET = 350_000;
/** Shards for rows of `bytes` in all: the smallest power of two keeping the average under `target`. */
function shardCount(bytes, target = packing_SHARD_TARGET) {
    let n = 1;
    while (bytes / n > target)
        n *= 2;
    return n;
}
/** The shard (0 … n-1) of a plan: a hash of its path, the same on every machine and run. */
function bucketOf(plan, n) {
    return (0,external_node_crypto_.createHash)("sha256").update(plan, "utf8").digest().readUInt32BE(0) % n;
}
/**
 * A shard's file name: `pairs-<bucket>-of-<n>.csv`, and `~<part>` for the overflow of a bucket over
 * the size bound. N is in the name so that a write after N changed replaces every old file.
 */
function shardName(bucket, n, part = 1) {
    const b = String(bucket).padStart(String(n - 1).length, "0");
    return `pairs-${b}-of-${n}${part === 1 ? "" : `~${part}`}.csv`;
}
const order = (a, b) => (a < b ? -1 : a > b ? 1 : 0);
/**
 * The shards (name → CSV text, as the header and the lines that join into it) of rows grouped by
 * plan (request ID, encoded line and its size in bytes; `bytes` the plan's size, `total` the size of
 * all). In a shard, plans are sorted by path and a plan's rows by request, so that an unchanged shard
 * encodes to the same bytes (the same blob: nothing to upload).
 * A plan stays in one file unless it alone is over `maxBytes`; a bucket over it is split into parts
 * at plan boundaries.
 */
function packShards(byPlan, total, header, maxBytes, target = packing_SHARD_TARGET) {
    const files = new Map();
    const n = shardCount(total, target);
    const buckets = new Map();
    for (const plan of byPlan.keys()) {
        const b = bucketOf(plan, n);
        const plans = buckets.get(b) ?? [];
        plans.push(plan);
        buckets.set(b, plans);
    }
    const headerBytes = Buffer.byteLength(header);
    for (const [b, plans] of buckets) {
        plans.sort(order);
        let part = 1;
        let chunk = [];
        let bytes = headerBytes;
        const flush = () => {
            files.set(shardName(b, n, part++), [header, ...chunk]);
            chunk = [];
            bytes = headerBytes;
        };
        for (const plan of plans) {
            const { rows, bytes: planBytes } = byPlan.get(plan) ?? { rows: [], bytes: 0 };
            if (chunk.length > 0 && bytes + planBytes > maxBytes)
                flush();
            rows.sort((x, y) => order(x[0], y[0]));
            for (const [, line, size] of rows) {
                if (chunk.length > 0 && bytes + size > maxBytes)
                    flush();
                chunk.push(line);
                bytes += size;
            }
        }
        flush();
    }
    return files;
}

;// CONCATENATED MODULE: ./build/src/state/shards.js
// The state of one key as files: `state.json` (key, lock, runs per pair) and CSV shards with one row
// per PairRecord, so that GitHub shows the pairs as a table (filterable by the `plan` column). Plans
// are packed into N shards by a stable hash of their path, N growing with the key's size, so that a
// read costs a bounded number of blobs however many plans there are (GitHub's token has 1,000
// requests an hour) while each shard stays under GitHub's CSV rendering limit. Pure: the GitHub home
// reads and writes these files; a round trip gives back exactly the state that was encoded.





const COLUMNS = [
    "commit",
    "plan",
    "destination",
    "audience",
    "state",
    "code",
    "runIds",
    "job",
    "intentAt",
    "updatedAt",
    "client",
    "attempts",
    "review",
    "candidates",
    "forced",
    "due",
];
/** A shard written before `due` was added: read as written (every record without `due`). */
const COLUMNS_BEFORE_DUE = COLUMNS.slice(0, -1);
const HEADERS = new Set([COLUMNS.join(","), COLUMNS_BEFORE_DUE.join(",")]);
const HEADER = csvRow(COLUMNS);
/** The header line's size: a shard's rows are its size less this. */
const HEADER_BYTES = Buffer.byteLength(HEADER);
/**
 * GitHub renders a CSV file as a table up to 512 KB: every shard stays under this (unless one row
 * alone is larger), leaving room under either meaning of KB and for rows that grow between writes.
 */
const SHARD_BYTES = 450_000;


// The same line as csvRow(cells), for 100,000 rows: one array joined is one flat string at once, where
// a template of 30 parts builds a chain of partial strings that every later use flattens again.
function row(r) {
    const cells = [
        field(r.commit),
        field(r.plan),
        field(r.destination),
        field(r.audience),
        field(r.state),
        field(r.code),
        field(list(r.runIds)),
        field(r.job),
        field(iso(r.intentAt)),
        field(iso(r.updatedAt)),
        field(r.client),
        field(String(r.attempts)),
        field(reviewCell(r.review)),
        field(list(r.candidates)),
        field(list(r.forced)),
        `${field(iso(r.due))}\n`,
    ];
    return cells.join(",");
}
/** `#PR HASH`, and `approved-by LOGIN …` when the activation policy counted approvals. */
function reviewCell(review) {
    if (review === undefined)
        return undefined;
    const by = review.approvedBy ?? [];
    return `#${review.pr} ${review.hash}${by.length === 0 ? "" : ` approved-by ${by.join(" ")}`}`;
}
function record(cells, width) {
    if (cells.length !== width)
        throw new ShardError(`${cells.length} cells, not ${width}`);
    // Cells by column name, without building an object per row (100,000 rows are read per run).
    const [commit, plan, destination, audience, state, code, runIdsCell, job, intentAtCell, updatedAtCell] = cells;
    const client = cells[10];
    const attemptsCell = cells[11];
    const reviewCell = cells[12];
    if (state === undefined)
        throw new ShardError("no state");
    if (updatedAtCell === undefined)
        throw new ShardError("no updatedAt");
    if (attemptsCell === undefined)
        throw new ShardError("no attempts");
    if (!RECORD_STATES.has(state))
        throw new ShardError(`unknown state '${state}'`);
    const review = reviewCell === undefined ? undefined : /^#(\d+) (.*?)(?: approved-by (\S+(?: \S+)*))?$/s.exec(reviewCell);
    if (review === null)
        throw new ShardError(`review '${reviewCell}' is not '#<pr> <hash> [approved-by <logins>]'`);
    const updatedAt = fromIso(updatedAtCell) ?? NaN;
    const attempts = Number(attemptsCell);
    const intentAt = fromIso(intentAtCell);
    if (Number.isNaN(updatedAt) || Number.isNaN(attempts) || Number.isNaN(intentAt))
        throw new ShardError("a date or a count does not parse");
    const r = {
        commit: commit ?? "",
        plan: plan ?? "",
        destination: destination ?? "",
        audience: audience ?? "",
        state: state,
        attempts,
        updatedAt,
    };
    // Optional fields are set only when present, so a decoded record has the shape it was written with.
    if (review !== undefined)
        r.review = {
            pr: Number(review[1]),
            hash: review[2] ?? "",
            ...(review[3] === undefined ? {} : { approvedBy: review[3].split(" ") }),
        };
    if (job !== undefined)
        r.job = job;
    if (intentAt !== undefined)
        r.intentAt = intentAt;
    if (client !== undefined)
        r.client = client;
    const runIds = unlist(runIdsCell);
    if (runIds !== undefined)
        r.runIds = runIds;
    if (code !== undefined)
        r.code = code;
    const candidates = unlist(cells[13]);
    if (candidates !== undefined)
        r.candidates = candidates;
    const forced = unlist(cells[14]);
    if (forced !== undefined)
        r.forced = forced;
    const due = fromIso(cells[15]);
    if (Number.isNaN(due))
        throw new ShardError("a date or a count does not parse");
    if (due !== undefined)
        r.due = due;
    return r;
}
/**
 * The files of a key's directory, by name: `state.json` and the shards `packShards` lays out (rows
 * encoded once here; a shard's average size is kept under `target`, every shard under `maxBytes`
 * unless one row alone is larger).
 */
function encodeShards(state, maxBytes = SHARD_BYTES, target = SHARD_TARGET) {
    return new Map([...encodePieces(state, maxBytes, target)].map(([name, pieces]) => [name, pieces.join("")]));
}
/**
 * encodeShards' files as the pieces that join into their text: a store compares a file with the
 * text it read without building it (40 MB at 100,000 pairs, most of it unchanged). `unreadBytes`:
 * the rows of the key that are not in `state` (a scoped read left them stored), counted into the
 * key's size, which sets the number of shards.
 */
function encodePieces(state, maxBytes = SHARD_BYTES, target = packing_SHARD_TARGET, unreadBytes = 0) {
    const byPlan = new Map();
    let total = unreadBytes;
    let open = 0;
    for (const [id, r] of state.records) {
        const line = row(r);
        const size = Buffer.byteLength(line);
        total += size;
        if (r.state === "intent" || r.state === "unknown")
            open++;
        let plan = byPlan.get(r.plan);
        if (plan === undefined)
            byPlan.set(r.plan, (plan = { rows: [], bytes: 0 }));
        plan.rows.push([id, line, size]);
        plan.bytes += size;
    }
    // `open`: records still to resolve (intent, unknown). A scoped read is allowed only when there are none.
    const meta = {
        format: FORMAT,
        key: state.key,
        lock: state.lock,
        runsPerPair: state.runsPerPair,
        reconciled: state.reconciled,
        starts: state.starts,
        pendingIn: state.pendingIn,
        open,
    };
    const files = new Map([
        [STATE_FILE, [`${JSON.stringify(meta, null, 2)}\n`]],
        [COMMITS_FILE, [commitsIndex(state)]],
    ]);
    for (const [name, text] of packShards(byPlan, total, HEADER, maxBytes, target))
        files.set(name, text);
    return files;
}
/**
 * The state from a key's files (as `encodeShards` wrote them), each a text or the pieces of one that
 * each end where a row ends (rowPieces). Every `.csv` file is read whatever its name, so a key
 * written in another layout (one file per plan, another N) still reads, and the next write replaces
 * its files. Throws ShardError naming the file.
 */
function decodeShards(files) {
    const metaFile = files.get(STATE_FILE);
    if (metaFile === undefined)
        throw new ShardError(`${STATE_FILE} is missing`);
    const meta = parseMeta(typeof metaFile === "string" ? metaFile : metaFile.join(""));
    const state = { key: meta.key, records: new Map() };
    if (meta.lock !== undefined)
        state.lock = meta.lock;
    if (meta.runsPerPair !== undefined)
        state.runsPerPair = meta.runsPerPair;
    if (typeof meta.reconciled === "string")
        state.reconciled = meta.reconciled;
    if (typeof meta.starts === "object" && meta.starts !== null)
        state.starts = meta.starts;
    if (Array.isArray(meta.pendingIn))
        state.pendingIn = meta.pendingIn.filter((s) => typeof s === "string");
    addRows(state, files);
    return state;
}
/** The rows of every `.csv` file among `files` added to `state`'s records. Throws ShardError naming the file. */
function addRows(state, files) {
    for (const [name, file] of files) {
        if (!name.endsWith(".csv"))
            continue;
        try {
            let line = 1;
            let n = 0;
            let width = COLUMNS.length;
            for (const piece of typeof file === "string" ? [file] : file) {
                const rows = parseCsv(piece, line);
                // A piece ends a row: rows before a quote are one line each, and from a quote on there is one piece.
                line += rows.length;
                for (const cells of rows) {
                    if (n++ === 0) {
                        if (!HEADERS.has(cells.join(",")))
                            throw new ShardError("the header is not " + COLUMNS.join(","));
                        width = cells.length;
                        continue;
                    }
                    try {
                        const r = record(cells, width);
                        const id = types_requestId(r.commit, r.destination, r.audience);
                        // One lookup: a request seen before leaves the size as it was (the state is not returned).
                        const size = state.records.size;
                        state.records.set(id, r);
                        if (state.records.size === size)
                            throw new ShardError(`request ${id} is recorded twice`);
                    }
                    catch (e) {
                        throw e instanceof ShardError ? new ShardError(`row ${n - 1}: ${e.message}`) : e;
                    }
                }
            }
            if (n === 0)
                throw new ShardError("the header is not " + COLUMNS.join(","));
        }
        catch (e) {
            if (e instanceof ShardError || e instanceof CsvError)
                throw new ShardError(`${name}: ${e.message}`);
            throw e;
        }
    }
}

// EXTERNAL MODULE: external "node:string_decoder"
var external_node_string_decoder_ = __webpack_require__(46193);
// EXTERNAL MODULE: ./build/src/redact.js
var redact = __webpack_require__(45332);
;// CONCATENATED MODULE: ./build/src/github/git-data.js
// GitHub's answers as data for the state branch, and the sentences people get when GitHub refuses.
// Octokit throws on any non-2xx; the store needs to branch on a few answers (no branch yet, not a
// fast-forward, the branch already exists) and turn the rest into StateUnavailable with a remedy.




/** GitHub's message, one line, with anything shaped like a credential removed. */
function clean(message) {
    return (0,redact/* redactShapes */.Y)(message.split("\n").find((l) => l.trim() !== "") ?? "").slice(0, 200);
}
async function reply(call) {
    try {
        return { ok: true, data: (await call).data };
    }
    catch (e) {
        const err = e;
        const body = err.response?.data?.message;
        return {
            ok: false,
            status: typeof err.status === "number" ? err.status : undefined,
            message: clean(typeof body === "string" ? body : String(err.message ?? e)),
        };
    }
}
// Characters JSON must escape other than the quote and the line feed, which CSV text has plenty of,
// and surrogates (JSON.stringify escapes a lone one, which UTF-8 could not carry).
// eslint-disable-next-line no-control-regex -- control characters are exactly what is looked for
const RARE = /[\\\u0000-\u0009\u000b-\u001f\ud800-\udfff]/;
/** A JSON string: JSON.stringify's own result, in a tenth of its time for CSV text. */
function jsonString(s) {
    if (RARE.test(s))
        return JSON.stringify(s);
    const quoted = s.includes('"') ? s.replaceAll('"', '\\"') : s;
    return `"${quoted.replaceAll("\n", "\\n")}"`;
}
/**
 * POST …/git/trees with the body serialized here: Octokit's serializer (json-with-bigint) took 2 s
 * of CPU, and JSON.stringify 0.8 s, for the 40 MB of shards that 100,000 pairs make.
 */
function createTree(gh, repo, body) {
    const entries = body.tree.map((e) => "content" in e
        ? `{"path":${JSON.stringify(e.path)},"mode":"100644","type":"blob","content":${jsonString(e.content)}}`
        : JSON.stringify(e));
    const base = body.base_tree === undefined ? "" : `"base_tree":${JSON.stringify(body.base_tree)},`;
    // The route as a plain string: its typed form wants `tree` as an object, which Octokit would serialize.
    return gh.request({
        method: "POST",
        url: "/repos/{owner}/{repo}/git/trees",
        ...repo,
        data: Buffer.from(`{${base}"tree":[${entries.join(",")}]}`, "utf8"),
    });
}
/** Git's own object ID of a file's content: an unchanged file is not uploaded again. */
function blobSha(content) {
    const bytes = Buffer.from(content, "utf8");
    return (0,external_node_crypto_.createHash)("sha1").update(`blob ${bytes.length}\0`).update(bytes).digest("hex");
}
/**
 * A blob's text from getBlob's answer, read as the stream it arrives in: with the raw media type the
 * blob's bytes; from a server that ignores the media type (a JSON content type), JSON with base64.
 * The text comes back in the pieces it was decoded in (one when JSON), so that the blob's bytes are
 * never gathered into one more copy (a state read is 40 MB at 100,000 pairs). A byte-order mark is
 * kept, as the file holds it.
 */
async function blobText(body, contentType) {
    const decoder = new external_node_string_decoder_.StringDecoder("utf8");
    const pieces = [];
    for await (const chunk of body ?? [])
        pieces.push(decoder.write(Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength)));
    pieces.push(decoder.end());
    if (!/[/+]json\b/i.test(contentType ?? ""))
        return pieces;
    const { content, encoding } = JSON.parse(pieces.join(""));
    return [Buffer.from(content, encoding === "base64" ? "base64" : "utf8").toString("utf8")];
}
const RULES = /rule|protected|declined|bypass/i;
/** The failure of one call, for people: what happened and what to do about it. */
function unavailable(r, doing, where) {
    const { status, message } = r;
    const said = `GitHub answered ${status ?? "nothing"} while ${doing} (branch ${where.branch} of ${where.repo})${message === "" ? "" : `: ${message}`}`;
    if (status === undefined || status >= 500)
        return new StateUnavailable(said, "GitHub could not be reached; nothing was submitted. Run the workflow again when GitHub answers.");
    if ((status === 422 || status === 403) && RULES.test(message))
        return new StateUnavailable(said, `A ruleset or branch protection refuses updates to branch \`${where.branch}\`. Exempt that branch (the Action writes only its state there), or let the workflow's token bypass the rule.`);
    if (status === 403 && /rate limit/i.test(message))
        return new StateUnavailable(said, "GitHub's rate limit is spent; run the workflow again after it resets.");
    if (status === 401)
        return new StateUnavailable(said, "GitHub refused the token; check the `github-token` input.");
    if ((status === 403 || status === 404) && where.write)
        return new StateUnavailable(said, `The workflow needs \`permissions: contents: write\` to keep its state on branch \`${where.branch}\`.`);
    if (status === 403 || status === 404)
        return new StateUnavailable(said, "The workflow needs `permissions: contents: read` (and write, to apply).");
    if (status === 409)
        return new StateUnavailable(said, "The repository is empty: GitHub keeps no git objects until it has a commit.");
    return new StateUnavailable(said);
}

;// CONCATENATED MODULE: ./build/src/github/state-layout.js
// What the state branch looks like: its README, a key's files at a commit, the tree entries a write
// sends. Pure; the store does the reading and writing.

const README = `# Activation state of aep-activation-plans

This branch is written by the aep-activation-plans Action. It records, per Adobe org, sandbox and
step key, every destination × audience pair a merged plan asked for and where it is (submitted,
succeeded, failed, …), so that a pair is never activated twice across workflow runs.

Each \`<org>/<sandbox>/<step-key>/\` directory holds \`state.json\` (the lock), \`commits.json\`
(which plans hold each commit's pairs) and the pairs in CSV files \`pairs-<i>-of-<n>.csv\`: each
plan's rows are in one of them, chosen by a hash of the plan's path, and their number grows with
the state so that each stays small enough for GitHub to show as a table. Filter a table by its
\`plan\` column to see one plan's pairs.

**Do not edit it by hand, merge it or delete it**: the Action compares commits to detect concurrent
runs, and a lost record can make it submit a pair again.
`;
const same = (a, b) => a === undefined || b === undefined
    ? a === b
    : a.size === b.size && [...a].every(([name, sha]) => b.get(name) === sha);
/**
 * A key's files (name → blob SHA) from tree entries listed with full paths from `path`'s parent
 * (path "" when listing the key's own directory), or undefined when the key has no directory.
 */
function keyFiles(entries, path, value = (e) => e.sha) {
    const prefix = path === "" ? "" : `${path}/`;
    if (path !== "" && !entries.some((e) => e.path === path && e.type === "tree"))
        return undefined;
    return new Map(entries
        .filter((e) => e.type === "blob" && e.path.startsWith(prefix) && !e.path.slice(prefix.length).includes("/"))
        .map((e) => [e.path.slice(prefix.length), value(e)]));
}
const SHARD = /^pairs-(\d+)-of-(\d+)(?:~\d+)?\.csv$/;
/**
 * The shards that hold `plans` among a key's files (those of their buckets, every part), when the
 * key is laid out as `pairs-<b>-of-<n>` files of one N; undefined otherwise (read everything).
 */
function scopedShards(files, plans) {
    const shards = [...files.keys()].filter((name) => name.endsWith(".csv")).map((name) => SHARD.exec(name));
    const n = Number(shards[0]?.[2]);
    if (shards.some((m) => m === null || Number(m[2]) !== n) || !Number.isInteger(n))
        return undefined;
    const buckets = new Set([...plans].map((plan) => bucketOf(plan, n)));
    const names = new Set(shards.flatMap((m) => (m !== null && buckets.has(Number(m[1])) ? [m[0]] : [])));
    return { n, buckets, names };
}
/**
 * The tree entries that turn a key's files `before` into `files`: files whose content changed (an
 * unchanged blob is not sent again) and deletions of CSV files no longer written (a bucket left empty,
 * or every old shard once their number changed). Other files people added by hand are left alone.
 */
function changes(path, 
/** The files' text, as pieces to join. */
files, 
/** The files' blob SHAs (git's object IDs, from blobSha), by name. */
shas, before) {
    const entries = [];
    for (const [name, content] of files) {
        if (before?.get(name) !== shas.get(name))
            entries.push({ path: `${path}/${name}`, mode: "100644", type: "blob", content: content.join("") });
    }
    for (const name of before?.keys() ?? [])
        if (name.endsWith(".csv") && !files.has(name))
            entries.push({ path: `${path}/${name}`, mode: "100644", type: "blob", sha: null });
    return entries;
}
/**
 * Whether `parts` joined would be the text that `pieces` join into, without joining either. False as
 * well when a part straddles two pieces (rows read in pieces cut at row ends, compared with encoded
 * rows, never do): the caller then joins and hashes the text, a cost, never a wrong answer.
 */
function joinsTo(parts, pieces) {
    let p = 0;
    let at = 0;
    // Past the pieces used up: `at` is then 0 in the next piece, or p is pieces.length.
    const next = () => {
        while (p < pieces.length && at === pieces[p]?.length) {
            p++;
            at = 0;
        }
    };
    for (const part of parts) {
        next();
        const piece = pieces[p] ?? "";
        if (at + part.length > piece.length || !piece.startsWith(part, at))
            return false;
        at += part.length;
    }
    next();
    return p === pieces.length;
}

;// CONCATENATED MODULE: ./build/src/github/state-reader.js
// Reading the state branch through GitHub's Git data API: its tip, a key's files at a commit (one
// recursive tree read, or a walk down when GitHub truncates it) and blob contents, each cached for
// the run (commits and blobs never change). GitHub's refusals become StateUnavailable.




/** Blob reads in flight at once: well under GitHub's 100 concurrent requests. */
const PARALLEL = 8;
class BranchReader {
    gh;
    repo;
    branch;
    where;
    /** Blob contents by SHA, as pieces that each end a row: what this run read or wrote is not fetched again. */
    blobs = new Map();
    /** Listings by `<commit> <key path>` (commits never change). */
    listings = new Map();
    /** A commit's tree and its recursive listing: another key read at the same tip costs no more reads. */
    trees = new Map();
    constructor(gh, repo, branch, where) {
        this.gh = gh;
        this.repo = repo;
        this.branch = branch;
        this.where = where;
    }
    async tip() {
        const r = await reply(this.gh.rest.git.getRef({ ...this.repo, ref: `heads/${this.branch}` }));
        if (!r.ok && r.status === 404)
            return undefined;
        return this.check(r, `reading branch ${this.branch}`, false).object.sha;
    }
    /** The key's files at a commit: one recursive tree read, or a walk down when GitHub truncates it. */
    async listing(commit, path) {
        const cached = this.listings.get(`${commit} ${path}`);
        if (cached !== undefined)
            return cached;
        const { tree, listed: whole } = await this.tree(commit);
        let listed = whole;
        let prefix = path;
        if (listed.truncated) {
            let dir = tree;
            for (const part of path.split("/")) {
                if (dir !== undefined)
                    dir = (await this.entries(dir, false)).entries.find((e) => e.path === part)?.sha;
            }
            const own = dir === undefined ? undefined : await this.entries(dir, false);
            if (own?.truncated)
                throw new StateUnavailable(`${path}/ on ${this.where} has more files than GitHub lists`);
            listed = own ?? { entries: [], truncated: false };
            prefix = "";
            if (own === undefined)
                return this.remember({ commit, tree, files: undefined }, path);
        }
        const files = keyFiles(listed.entries, prefix);
        const sizes = keyFiles(listed.entries, prefix, (e) => e.size ?? NaN);
        return this.remember({ commit, tree, files, ...(sizes === undefined ? {} : { sizes }) }, path);
    }
    async tree(commit) {
        const known = this.trees.get(commit);
        if (known !== undefined)
            return known;
        // GitHub resolves a commit to its tree ("the SHA1 value or ref name of the tree"): one read, not two.
        const r = await reply(this.gh.rest.git.getTree({ ...this.repo, tree_sha: commit, recursive: "1" }));
        if (!r.ok && r.status === 404)
            throw new StateConflict(`Version ${commit} is not a commit of ${this.where} (it was rewritten)`);
        const { sha: tree, tree: entries, truncated } = this.check(r, "listing the state", false);
        const read = { tree, listed: { entries: entries.map(entryOf), truncated } };
        if (this.trees.size >= 2)
            this.trees.clear(); // a large state's listing is big: keep the latest
        this.trees.set(commit, read);
        return read;
    }
    async entries(sha, recursive) {
        const { tree, truncated } = await this.must(this.gh.rest.git.getTree({ ...this.repo, tree_sha: sha, ...(recursive ? { recursive: "1" } : {}) }), "listing the state", false);
        return { entries: tree.map(entryOf), truncated };
    }
    remember(listing, path) {
        if (this.listings.size >= 32)
            this.listings.clear();
        this.listings.set(`${listing.commit} ${path}`, listing);
        return listing;
    }
    /** The files' contents by name (pieces that each end a row); blobs not known are fetched, a few at a time. */
    async contents(files) {
        const missing = [...new Set(files.values())].filter((sha) => !this.blobs.has(sha));
        const next = async () => {
            const sha = missing.pop();
            if (sha === undefined)
                return;
            // The raw media type: the blob's bytes, without base64 and a JSON string around them; the body
            // as a stream, decoded as it arrives (Octokit would gather it into one buffer first). A body cut
            // off midway fails like a request that got no answer.
            const text = await this.must(this.gh.rest.git
                .getBlob({
                ...this.repo,
                file_sha: sha,
                headers: { accept: "application/vnd.github.raw+json" },
                request: { parseSuccessResponseBody: false },
            })
                .then(async ({ data, headers }) => ({
                data: rowPieces(await blobText(data, headers["content-type"])),
            })), "reading the state", false);
            this.blobs.set(sha, text);
            return next();
        };
        await Promise.all(Array.from({ length: PARALLEL }, next));
        return new Map([...files].map(([name, sha]) => [name, this.blobs.get(sha) ?? []]));
    }
    async must(call, doing, write) {
        return this.check(await reply(call), doing, write);
    }
    check(r, doing, write) {
        if (r.ok)
            return r.data;
        throw unavailable(r, doing, { branch: this.branch, repo: `${this.repo.owner}/${this.repo.repo}`, write });
    }
}
const entryOf = (e) => ({
    path: e.path ?? "",
    type: e.type ?? "",
    sha: e.sha ?? "",
    size: e.size,
});

;// CONCATENATED MODULE: ./build/src/github/state-scope.js
// Scoped reads of a key: a run that works on a few plans of thousands reads only their shards (and
// those holding records of its commit, from commits.json), and its write keeps the shards it did not
// read. Whenever that cannot be shown safe, everything is read.




/**
 * The files a read needs (name → SHA). With a scope, only the shards of its plans and of those
 * holding records of its commit, unless some record is still to resolve (state.json's `open`), or
 * the key has no commits.json (written before it existed) or a layout the scope cannot be mapped
 * onto. commits.json itself is read only to scope a read. Throws ShardError.
 */
async function scopeRead(reader, files, scope) {
    const wanted = new Map([...files].filter(([name]) => name !== COMMITS_FILE));
    const index = files.get(COMMITS_FILE);
    const meta = files.get(STATE_FILE);
    if (scope === undefined || index === undefined || meta === undefined)
        return { wanted };
    const texts = await reader.contents(new Map([
        [STATE_FILE, meta],
        [COMMITS_FILE, index],
    ]));
    // `open` is written only by writers that also keep commits.json: from an older writer, read all.
    if (parseMeta(texts.get(STATE_FILE)?.join("") ?? "").open !== 0)
        return { wanted };
    const commits = parseCommits(texts.get(COMMITS_FILE)?.join("") ?? "");
    // The plans asked for, and every plan holding a record of the commit (or of its merges).
    const plans = new Set([
        ...scope.plans,
        ...[scope.commit, ...(scope.merges ?? [])].flatMap((c) => commits.get(c) ?? []),
    ]);
    const shards = scopedShards(files, plans);
    const unread = [...wanted.keys()].filter((n) => n.endsWith(".csv") && shards?.names.has(n) === false);
    if (unread.length === 0)
        return { wanted };
    for (const name of unread)
        wanted.delete(name);
    return { wanted, partial: { plans, commits } };
}
/**
 * The key's files for `state`. A scoped state is encoded alone, with the shards it did not read
 * kept (name → SHA in `unread`) while the number of shards stays the same and its records all fall
 * in the shards it read; otherwise the rest is read first, and the whole key is written.
 */
async function encodeKey(reader, state, base) {
    const files = base?.files;
    if (state.partial === undefined || files === undefined)
        return { pieces: encodePieces(state), unread: new Map() };
    const shards = scopedShards(files, state.partial.plans);
    if (shards === undefined)
        throw new StateUnavailable(`the files of ${keyPath(state.key)}/ on ${reader.where} changed under this run's lock`);
    const unread = new Map([...files].filter(([name]) => name.endsWith(".csv") && !shards.names.has(name)));
    const sizes = [...unread.keys()].map((name) => base?.sizes?.get(name) ?? NaN);
    const plans = new Set([...state.records.values()].map((r) => r.plan));
    if ([...plans].every((plan) => shards.buckets.has(bucketOf(plan, shards.n))) &&
        sizes.every(Number.isFinite)) {
        const bytes = sizes.reduce((sum, size) => sum + size - HEADER_BYTES, 0);
        const pieces = encodePieces(state, SHARD_BYTES, packing_SHARD_TARGET, bytes);
        const names = new Map([...pieces.keys(), ...unread.keys()].map((name) => [name, ""]));
        if (scopedShards(names, [])?.n === shards.n)
            return { pieces, unread };
    }
    const stored = { key: state.key, records: new Map() };
    const texts = await reader.contents(unread);
    try {
        addRows(stored, texts);
    }
    catch (e) {
        throw e instanceof ShardError ? state_scope_unreadable(keyPath(state.key), reader.where, e) : e;
    }
    for (const [id, r] of stored.records)
        if (!state.records.has(id))
            state.records.set(id, r);
    delete state.partial;
    return { pieces: encodePieces(state), unread: new Map() };
}
/** A key whose files do not decode: nothing is submitted, and people are told how to mend it. */
function state_scope_unreadable(path, where, e) {
    return new StateUnavailable(`The state in ${path}/ on ${where} cannot be read: ${e.message}`, `Restore that directory from the branch's history (it is not meant to be edited by hand).`);
}

;// CONCATENATED MODULE: ./build/src/github/state-store.js
// The activation state on a dedicated branch, through GitHub's Git data API: one directory per key
// (`keyPath`), holding `state.json`, `commits.json` and CSV shards that pack the plans
// (src/state/packing.ts); a run may read only some shards (state-scope.ts). The version is the
// commit SHA of the branch tip the state was read from; a write commits on top of it and moves the
// branch with `force: false`, which GitHub refuses unless it fast-forwards: the compare-and-swap.
//
// When the branch moved (another key, or another run, wrote), the write looks at the new tip: if the
// key's files are the ones it read, only other keys changed and it commits again on the new tip;
// otherwise it is a StateConflict. `write(state, undefined)` creates a key: it is refused when the
// key already exists at the tip, and two first runs race on the same ref update (or on creating the
// branch), so exactly one of them succeeds and the other sees the key and gets a StateConflict.






const STATE_BRANCH = "aep-activation-state";
/** Commits on a branch that other keys keep moving, before giving up with a StateConflict. */
const ATTEMPTS = 5;
class GitHubStateStore {
    branch;
    where;
    reader;
    gh;
    repo;
    constructor(gh, repo, branch = STATE_BRANCH) {
        this.branch = branch;
        this.where = `branch ${branch} of ${repo.owner}/${repo.repo}`;
        this.reader = new BranchReader(gh, repo, branch, this.where);
        this.gh = gh;
        this.repo = repo;
    }
    /**
     * With a scope, only the shards of its plans and of those holding records of its commit are read
     * (a run touches a few plans of thousands), unless some record is still to resolve, or the key
     * has no commits.json (written before it existed) or a layout the scope cannot be mapped onto.
     */
    async read(key, scope, at) {
        const tip = at ?? (await this.reader.tip());
        if (tip === undefined)
            return { state: undefined, version: undefined };
        const path = keyPath(key);
        const { files } = await this.reader.listing(tip, path);
        if (files === undefined)
            return { state: undefined, version: tip };
        let state;
        try {
            const { wanted, partial } = await scopeRead(this.reader, files, scope);
            state = decodeShards(await this.reader.contents(wanted));
            if (partial !== undefined)
                state.partial = partial;
        }
        catch (e) {
            if (!(e instanceof ShardError))
                throw e;
            throw state_scope_unreadable(path, this.where, e);
        }
        if (keyPath(state.key) !== path || JSON.stringify(state.key) !== JSON.stringify(key))
            throw new StateUnavailable(`${path}/${STATE_FILE} on ${this.where} holds another key`);
        return { state, version: tip };
    }
    async write(state, version) {
        const path = keyPath(state.key);
        let base;
        if (version === undefined) {
            const tip = await this.reader.tip();
            base = tip === undefined ? undefined : await this.reader.listing(tip, path);
            if (base?.files !== undefined)
                throw new StateConflict(`The state of ${path} already exists on ${this.where}`);
        }
        else {
            base = await this.reader.listing(version, path);
        }
        const { pieces, unread } = await encodeKey(this.reader, state, base);
        // Each file hashed once (40 MB at 100,000 pairs): to remember it, to compare, to list it after. A
        // file whose text is the one read from the version (most shards: a run changes a few plans) is
        // that text, with that blob's SHA: it is neither joined nor hashed again.
        const files = new Map();
        const shas = new Map();
        for (const [name, parts] of pieces) {
            let sha = base?.files?.get(name);
            let content = sha === undefined ? undefined : this.reader.blobs.get(sha);
            if (sha === undefined || content === undefined || !joinsTo(parts, content)) {
                const text = parts.join("");
                sha = blobSha(text);
                content = [text];
            }
            files.set(name, content);
            shas.set(name, sha);
            this.reader.blobs.set(sha, content);
        }
        // The shards a scoped read left stored: kept as they are (never sent: their SHA is unchanged).
        for (const [name, sha] of unread) {
            files.set(name, []);
            shas.set(name, sha);
        }
        /** The key's files as read: the write goes on only while the tip still has exactly these. */
        const expected = base?.files;
        const pairs = `${state.records.size} pairs${state.partial === undefined ? "" : " of the plans this run read"}`;
        const message = `${path}: ${pairs}${state.lock ? ` (held by ${state.lock.holder})` : ""}`;
        for (let attempt = 1; attempt <= ATTEMPTS; attempt++) {
            const moved = base === undefined
                ? await this.createBranch(path, files, message)
                : await this.commitOn(base, path, files, shas, message);
            if (typeof moved === "string")
                return moved;
            // The branch moved since `base`: go on only if this key did not.
            const tip = await this.reader.tip();
            base = tip === undefined ? undefined : await this.reader.listing(tip, path);
            if (!same(base?.files, expected))
                throw new StateConflict(`Another run wrote the state of ${path} on ${this.where} since it was read`);
        }
        throw new StateConflict(`${this.where} kept moving: ${ATTEMPTS} commits in a row were overtaken`);
    }
    /** The new commit's SHA, or false when the branch is no longer at `base` (not a fast-forward). */
    async commitOn(base, path, files, shas, message) {
        const entries = changes(path, files, shas, base.files);
        const tree = entries.length === 0
            ? base.tree
            : (await this.reader.must(createTree(this.gh, this.repo, { base_tree: base.tree, tree: entries }), "writing the state's files", true)).sha;
        const commit = await this.reader.must(this.gh.rest.git.createCommit({ ...this.repo, message, tree, parents: [base.commit] }), "committing the state", true);
        const r = await reply(this.gh.rest.git.updateRef({
            ...this.repo,
            ref: `heads/${this.branch}`,
            sha: commit.sha,
            force: false,
        }));
        if (!r.ok && r.status === 422 && /fast.?forward|does not exist/i.test(r.message))
            return false;
        this.reader.check(r, `moving branch ${this.branch}`, true);
        // The key's files after this commit, with their sizes (a scoped write sizes the shards it did
        // not read from them): files others added are kept, CSV files not written were deleted.
        const after = new Map([...(base.files ?? [])].filter(([name]) => !name.endsWith(".csv") || files.has(name)));
        for (const [name, sha] of shas)
            after.set(name, sha);
        const sizes = new Map([...after].map(([name, sha]) => [
            name,
            base.files?.get(name) === sha
                ? (base.sizes?.get(name) ?? NaN)
                : (files.get(name) ?? []).reduce((n, piece) => n + Buffer.byteLength(piece), 0),
        ]));
        this.reader.remember({ commit: commit.sha, tree, files: after, sizes }, path);
        return commit.sha;
    }
    /** The first state on this repository: an orphan commit (README and the key), then the branch. */
    async createBranch(path, files, message) {
        const tree = await this.reader.must(createTree(this.gh, this.repo, {
            tree: [
                { path: "README.md", mode: "100644", type: "blob", content: README },
                ...[...files].map(([name, content]) => ({
                    path: `${path}/${name}`,
                    mode: "100644",
                    type: "blob",
                    content: content.join(""),
                })),
            ],
        }), "writing the state's files", true);
        const commit = await this.reader.must(this.gh.rest.git.createCommit({ ...this.repo, message, tree: tree.sha, parents: [] }), "committing the state", true);
        const r = await reply(this.gh.rest.git.createRef({ ...this.repo, ref: `refs/heads/${this.branch}`, sha: commit.sha }));
        if (!r.ok && r.status === 422 && /already exists/i.test(r.message))
            return false;
        this.reader.check(r, `creating branch ${this.branch}`, true);
        return commit.sha;
    }
}

;// CONCATENATED MODULE: ./build/src/state/messages.js
function stateUnavailableMessage(error) {
    return `Nothing was submitted: the activation state is unavailable: ${error.message}.${error.remedy === undefined ? "" : ` To fix: ${error.remedy}.`}`;
}
const pairOf = (d) => `${d.destination}/${d.audience}`;
/** Why a decision was refused; `where` names the state that was searched. */
function refusalSentence(r, where) {
    const commits = r.matches.map((m) => m.commit.slice(0, 12)).join(", ");
    switch (r.why) {
        case "no-such-unknown":
            return `No unknown pair ${pairOf(r.decision)} in ${where}; nothing was recorded.`;
        case "several-commits":
            return `${pairOf(r.decision)} is unknown for ${r.matches.length} commits (${commits}): add @COMMIT; nothing was recorded.`;
        case "several-sandboxes":
            return `${pairOf(r.decision)} is unknown in several sandboxes of ${where}; decide in each sandbox's own run; nothing was recorded.`;
    }
}
const recordedSentence = (d, record) => `Recorded ${pairOf(d)}: ${record.state} (${record.code ?? ""}).`;

;// CONCATENATED MODULE: ./build/src/action/state.js
// The activation state for an apply: a branch of this repository (the GitHub home), keyed by the Adobe
// org, each sandbox the plan touches and the step-key input. Fails closed as state-unavailable.







const HOLDER = /^github run (\d+) attempt (\d+) /;
/** A state that cannot be read, locked or written fails the run as state-unavailable; other errors stay. */
const stores = new WeakMap();
/** The run's one state store: reads of several keys at one tip share its commit and tree reads. */
function stateStore(ctx, gh, repository) {
    const known = stores.get(ctx);
    if (known !== undefined)
        return known;
    const store = new GitHubStateStore(gh, repository, ctx.settings.stateBranch);
    stores.set(ctx, store);
    return store;
}
const fail = (error) => error instanceof StateUnavailable
    ? new context/* ActionFailure */.d("state-unavailable", stateUnavailableMessage(error))
    : error;
/**
 * Read and lock the state of every sandbox these jobs (or pairs) touch. `scope`: what an apply needs
 * (scopeOf); without it every record is read (decisions about unknown pairs need all).
 */
async function openState(ctx, touched, manual, scope) {
    const { settings, gh, port, clock } = ctx;
    if (settings.credentials === undefined)
        throw new context/* ActionFailure */.d("configuration", "No Platform credentials: set client-id, org-id and client-secret (or access-token). The activation state is kept per org-id.");
    if (gh === undefined || settings.repository === undefined)
        throw fail(new StateUnavailable("no GitHub token to read it with", "pass github-token (the default ${{ github.token }} works) with contents: write permission"));
    const runId = settings.runId ?? "local";
    // A nonce: two jobs of one workflow run (a matrix) on the same key must not hold it together.
    const holder = `github run ${runId} attempt ${settings.runAttempt} (${settings.repository.owner}/${settings.repository.repo}, ${(0,external_node_crypto_.randomUUID)().slice(0, 8)})`;
    const keys = keysOf(touched, settings.credentials.orgId, settings.stepKey);
    if (settings.init && !manual)
        port.warning("init: true is only honoured on a manual (workflow_dispatch) run; it is ignored here.");
    try {
        return await StateSession.open({
            store: stateStore(ctx, gh, settings.repository),
            holder,
            // An earlier attempt of this same workflow run cannot still be running: its lock is taken over.
            supersedes: (other) => {
                const m = HOLDER.exec(other);
                return m !== null && m[1] === runId && Number(m[2]) < settings.runAttempt;
            },
            init: settings.init && manual,
            ...(scope === undefined ? {} : { scope }),
            clock,
            stop: ctx.stop,
            ...lockTimes(settings.timeoutMinutes),
            log: (m) => port.info(m),
        }, keys);
    }
    catch (error) {
        throw fail(error);
    }
}
/** How many catch-up runs' starts are kept for their reruns. */
const STARTS_KEPT = 50;
/**
 * The step's reconcile pointer, or undefined when the run keeps no state (no token or credentials)
 * or it cannot be read: then a push applies its own change, as before the pointer existed.
 */
async function readPointer(ctx, failClosed = false) {
    const { settings, gh, port } = ctx;
    if (gh === undefined || settings.repository === undefined || settings.credentials === undefined)
        return undefined;
    const store = stateStore(ctx, gh, settings.repository);
    // A run limited to some sandboxes keeps its own pointer: the jobs of other sandboxes reconcile on their own.
    const limit = settings.sandboxes;
    const unlimited = reconcileKey(settings.credentials.orgId, settings.stepKey);
    const key = limit.length === 0 ? unlimited : { ...unlimited, stepKey: `${settings.stepKey}@${limit.join("+")}` };
    try {
        // As read, then as this run wrote it (its own writes are not another run's).
        let { state: was, version } = await store.read(key);
        if (was === undefined && limit.length > 0) {
            // A limit's first run starts where the unlimited pointer (the setup run's) is, with its pending
            // sandboxes: a merge missed before this limit's first run is caught up, not lost.
            const from = (await store.read(unlimited)).state;
            if (from?.reconciled !== undefined) {
                const pendingIn = (from.pendingIn ?? []).filter((s) => limit.includes(s));
                was = {
                    key,
                    records: new Map(),
                    reconciled: from.reconciled,
                    ...(pendingIn.length > 0 ? { pendingIn } : {}),
                };
            }
        }
        let stale = false;
        /** Writes the key as read and changed by `change` (pendingIn: the sandboxes, when given). */
        const write = async (reconciled, start, pendingIn) => {
            const starts = Object.entries({
                ...was?.starts,
                ...(start === undefined ? {} : { [start[0]]: start[1] }),
            })
                .sort(([, a], [, b]) => b.at - a.at)
                .slice(0, STARTS_KEPT);
            const state = { key, records: new Map(), ...was };
            if (reconciled === undefined)
                delete state.reconciled;
            else
                state.reconciled = reconciled;
            if (starts.length === 0)
                delete state.starts;
            else
                state.starts = Object.fromEntries(starts);
            if (pendingIn !== undefined && pendingIn.length === 0)
                delete state.pendingIn;
            else if (pendingIn !== undefined)
                state.pendingIn = [...pendingIn].sort();
            version = await store.write(state, version);
            was = state;
        };
        const kept = (error) => port.info(`The reconcile pointer stays at ${was?.reconciled?.slice(0, 12) ?? "none"} (${error.message}): the next push walks from there, and submits nothing twice.`);
        return {
            commit: was?.reconciled,
            starts: () => Object.entries(was?.starts ?? {}),
            version: () => version,
            recordStart: async (head, start) => {
                if (was?.reconciled === undefined)
                    return;
                await write(was.reconciled, [head, start]).catch(kept);
            },
            advance: async (head, start, create = false) => {
                if (was === undefined ? !create : was.reconciled === head && start === undefined)
                    return;
                if (stale) {
                    kept(new Error("another run moved it since this run read it"));
                    return;
                }
                try {
                    await write(head, start === undefined ? undefined : [head, start]);
                    port.info(`Reconciled up to ${head.slice(0, 12)}: the next push applies from here.`);
                }
                catch (error) {
                    kept(error);
                }
            },
            pendingIn: () => [...(was?.pendingIn ?? [])],
            notePending: async (add, remove) => {
                for (let attempt = 0;; attempt++) {
                    const had = was?.pendingIn ?? [];
                    const next = new Set([...had, ...add]);
                    for (const s of remove)
                        next.delete(s);
                    if (next.size === had.length && had.every((s) => next.has(s)))
                        return;
                    try {
                        await write(was?.reconciled, undefined, [...next]);
                        return;
                    }
                    catch (error) {
                        if (!(error instanceof StateConflict) || attempt >= 2)
                            throw error instanceof StateUnavailable
                                ? error
                                : new StateUnavailable(`the reconcile key could not be written (${error.message})`);
                        const read = was?.reconciled;
                        ({ state: was, version } = await store.read(key));
                        // Another run moved the pointer: this run's view of it is stale, so it must not advance it.
                        if (was?.reconciled !== read)
                            stale = true;
                    }
                }
            },
        };
    }
    catch (error) {
        // A scheduled run (or a plain manual one) has nothing else to go on: it fails closed.
        if (failClosed)
            throw new context/* ActionFailure */.d("state-unavailable", `The reconcile pointer could not be read (${error.message}): nothing was caught up or sent. Run again when GitHub answers.`);
        port.info(`The reconcile pointer could not be read (${error.message}): this push applies its own change only.`);
        return undefined;
    }
}

;// CONCATENATED MODULE: ./build/src/state/decide.js
// A person's decision about a pair whose outcome is unknown, recorded in the state: the pair was not
// activated (it may be submitted again), it was (with its run, followed next), or it succeeded.

/** `DEST/AUD[@COMMIT]=not-activated|activated|<run ID>`; undefined when it does not parse. */
function parseDecision(text) {
    const m = /^([^/=@\s]+)\/([^/=@\s]+)(?:@([0-9a-f]{7,40}))?=(\S+)$/i.exec(text.trim());
    if (m === null)
        return undefined;
    const [, destination = "", audience = "", commit, value = ""] = m;
    const decision = value === "not-activated"
        ? { kind: "not-activated" }
        : value === "activated"
            ? { kind: "activated" }
            : { kind: "run", runId: value };
    return { destination, audience, ...(commit === undefined ? {} : { commit }), decision };
}
const unknownRecords = (state) => [...state.records.values()].filter((r) => r.state === "unknown" || r.state === "intent");
/** Apply one decision; returns the problem as data when it names no single unknown pair. */
function applyDecision(state, d, now) {
    const same = (a, b) => (0,ids/* canonicalId */.i)(a) === (0,ids/* canonicalId */.i)(b);
    const matches = unknownRecords(state).filter((r) => same(r.destination, d.destination) &&
        same(r.audience, d.audience) &&
        (d.commit === undefined || r.commit.toLowerCase().startsWith(d.commit.toLowerCase())));
    const [record] = matches;
    if (record === undefined)
        return { error: "no-such-unknown", matches };
    if (matches.length > 1)
        return { error: "several-commits", matches };
    if (d.decision.kind === "not-activated") {
        record.state = "failed";
        record.code = "decided-not-activated";
    }
    else if (d.decision.kind === "activated") {
        record.state = "succeeded";
        record.code = "decided-activated";
    }
    else {
        record.state = "submitted";
        record.runIds = [d.decision.runId];
        record.code = "decided-run";
    }
    delete record.candidates;
    record.updatedAt = now;
    return { ok: record };
}
/**
 * Apply decisions to the states of several keys (the sandboxes of a plan). Each must name exactly
 * one unknown pair among them; on the first that does not, the refusal is returned and the caller
 * must not write (some states may already have changed in memory).
 */
function applyDecisions(states, decisions, now) {
    const recorded = [];
    for (const decision of decisions) {
        const results = states.map((s) => applyDecision(s, decision, now));
        const done = results.flatMap((r) => ("ok" in r ? [r.ok] : []));
        const several = results.find((r) => "error" in r && r.error === "several-commits");
        if (several !== undefined && "error" in several)
            return { refused: { decision, why: "several-commits", matches: several.matches } };
        if (done.length > 1)
            return { refused: { decision, why: "several-sandboxes", matches: done } };
        const [record] = done;
        if (record === undefined)
            return { refused: { decision, why: "no-such-unknown", matches: [] } };
        recorded.push({ decision, record });
    }
    return { recorded };
}

// EXTERNAL MODULE: ./build/src/render/escape.js
var render_escape = __webpack_require__(77291);
;// CONCATENATED MODULE: ./build/src/action/decisions.js





/**
 * A manual run with `resolve`: record people's decisions about unknown pairs in the state of the
 * selected plans' sandboxes, and submit nothing. Every line must name exactly one unknown pair, or
 * nothing is recorded.
 */
async function recordDecisions(ctx, outcome, lines) {
    const { port, clock } = ctx;
    const decisions = lines.map((line) => {
        const d = parseDecision(line);
        if (d === undefined)
            throw new context/* ActionFailure */.d("configuration", `input 'resolve': cannot read '${line}'; expected DEST/AUD=not-activated, DEST/AUD=RUN_ID or DEST/AUD=activated`);
        return { line, d };
    });
    const session = await openState(ctx, outcome.execution.jobs, false);
    const result = applyDecisions(session.states(), decisions.map(({ d }) => d), clock.now());
    if ("refused" in result) {
        // Nothing of a refused batch is written: the lock is given back over the state as it was read.
        await session.abandon();
        throw new context/* ActionFailure */.d("configuration", `input 'resolve': ${refusalSentence(result.refused, "the state of the selected plans")}`);
    }
    for (const { decision, record } of result.recorded)
        port.info(recordedSentence(decision, record));
    try {
        await session.release(true);
    }
    catch (error) {
        throw fail(error);
    }
    await port.appendSummary(`### Decisions recorded in the activation state\n\n${decisions.map(({ line }) => `- ${(0,render_escape/* code */.aY)(line)}`).join("\n")}\n\nNothing was submitted; the next run acts on them.\n`);
    port.setOutput("result", "[]");
}

;// CONCATENATED MODULE: ./build/src/action/run-end.js









/**
 * A refused review ends the run: the summary says why, above what would have been applied. A merge
 * refused for its review is reported here, once: the reconcile pointer moves past it (one GitHub
 * could not check stays ahead of it, to be checked again).
 */
async function refuse(ctx, outcome, refused, settle) {
    const [first] = refused;
    (0,planning/* attention */.fP)(ctx, [], refused);
    await settle(refused);
    const [line = "", ...rest] = (0,preview/* renderPreview */.Bt)(outcome, { title: `❌ ${first.title}`, stage: "refused" }).split("\n");
    const whys = refused
        .map((m) => {
        const differs = (0,render_notes/* differenceLines */.Ze)(m.differs, 20, "> ");
        return `> ${(0,render_escape/* escapeSentence */.FV)(m.why)}${(0,render_notes/* confirmHint */.cC)(m)}${differs.length === 0 ? "" : `\n>\n${differs.join("\n")}`}`;
    })
        .join("\n>\n");
    await ctx.port.appendSummary([line, "", whys, ...rest].join("\n"));
    await (0,action_comment/* tellRefused */.O5)(ctx, refused);
    throw new context/* ActionFailure */.d(first.reason, refused.map((m) => m.why).join(" "));
}
/**
 * Nothing to activate: the summary says so (with the merges not applied and the pairs not sent, when
 * a run of several merges has them), the pointer moves on, and a refused merge still fails the run.
 */
async function nothing(ctx, outcome, notes, settle) {
    const { refused } = notes;
    const [first] = refused;
    await ctx.port.appendSummary((0,render_notes/* renderMergeNotes */.kB)(notes) +
        (0,preview/* renderPreview */.Bt)(outcome, {
            title: (first === undefined ? undefined : `❌ ${first.title}`) ??
                (outcome.changes.some((c) => c.pending !== undefined)
                    ? "⏳ Nothing to activate now"
                    : "Nothing to activate"),
        }));
    ctx.port.setOutput("result", "[]");
    (0,planning/* attention */.fP)(ctx, [], refused, notes.unasked, notes.missed);
    ctx.port.info("Nothing to activate.");
    await (0,action_comment/* tellRefused */.O5)(ctx, refused);
    await settle(refused);
    if (first !== undefined)
        throw new context/* ActionFailure */.d(first.reason, refused.map((m) => m.why).join(" "));
}
/**
 * Where the reconcile pointer goes after an apply ran the engine. Every request up to the head has
 * its record (a failed or held pair's rerun applies from the same start again): the next push
 * applies from here. The setup run records a start only where there is none, or where the last one
 * cannot be reached; it never skips merges still to catch up.
 */
async function settleApplied(ctx, report, o) {
    const { port, settings } = ctx;
    if (o.setup) {
        const now = await readPointer(ctx);
        if (now !== undefined && (await mayRestart(ctx, now.commit, o.head)))
            await now.advance(o.head, undefined, true);
    }
    else if (report.stopped !== undefined && settings.requireReviewedPlan && !o.manual)
        // Cancelled, or out of time: the next run catches these merges up again (each under its own
        // review), following the runs in flight and sending what this run did not.
        port.info("The reconcile pointer stays where it was: the next run catches this push up, following its runs in flight and sending the pairs this run did not.");
    else if (report.stateNotRecorded === undefined) {
        // Without the review gate a later push does not catch merges up: a re-run of this job follows
        // and sends what is left, and scheduled runs retry what was not sent.
        if (report.stopped !== undefined)
            port.info("Re-run this job to follow the runs still in flight and send the pairs this run did not; scheduled runs retry the unsent pairs within max-lateness.");
        await o.settle();
    }
}
/** The run's end after an apply: failed when the state was not written, a pair did not succeed, or a merge was refused. */
function failUnlessClean(report, refused) {
    if (report.stateNotRecorded !== undefined)
        throw new context/* ActionFailure */.d("state-unavailable", `Every pair's outcome is in the job summary, but ${report.stateNotRecorded}. The next run matches what it can to Platform's runs and holds the rest as unknown; nothing is submitted twice.`);
    const bad = (0,stopping/* needsAttention */.e_)(report);
    const reason = (0,stopping/* failureReasonOf */.M3)(report);
    const notApplied = refused.length === 0
        ? ""
        : ` ${refused.length} merge(s) of this push were not applied: ${refused.map((m) => `${m.pr === undefined ? m.head.slice(0, 12) : `PR #${m.pr}`} (${m.reason})`).join(", ")}.`;
    if (bad.length > 0) {
        throw new context/* ActionFailure */.d(reason ?? "activation-failed", `${bad.length} of ${report.results.length} pair(s) did not succeed; see the job summary for each reason.${notApplied}`);
    }
    const [first] = refused;
    if (first !== undefined)
        throw new context/* ActionFailure */.d(first.reason, `${notApplied.trim()} See the job summary for why.`);
}

;// CONCATENATED MODULE: ./build/src/action/pending.js
// Windows that open later: a reviewed merge's pairs whose plan's window has not opened are recorded
// as pending (under their merge commit and review) before anything is submitted, and the sandboxes
// holding them are noted on the step's reconcile key, for a scheduled run (scheduled.ts) to send.




/** The pairs of a push that wait for their plan's window, each under the merge and review that asked. */
function pendingOf(outcome, gated, head, review) {
    if (gated !== undefined)
        return gated.pending;
    return outcome.changes.flatMap((c) => (c.pending?.pairs ?? []).map((pair) => ({ pair, commit: head, review, opens: c.pending?.opens ?? 0 })));
}
/**
 * Records the pending pairs (a request already recorded, in any state, is left as it is), after
 * noting their sandboxes on the reconcile key. Fails closed, before anything is submitted: a pending
 * pair no scheduled run would find would be lost.
 */
async function recordPending(ctx, pointer, pending, outcome) {
    const { port, settings, clock } = ctx;
    if (pending.length === 0)
        return;
    const waiting = `${pending.length} pair(s) wait for their plan's window`;
    if (settings.dryRun) {
        port.info(`${waiting}; a dry run records nothing.`);
        return;
    }
    if (settings.credentials === undefined)
        throw new context/* ActionFailure */.d("configuration", `${waiting}: they are kept in the activation state (per org-id) for a scheduled run to send, which needs the Platform credentials: set client-id, org-id and client-secret (or access-token).`);
    if (pointer === undefined)
        throw new context/* ActionFailure */.d("state-unavailable", `${waiting}, and the step's reconcile key (where scheduled runs look for them) could not be read. Nothing was submitted; run this workflow run again.`);
    const sandboxes = [...new Set(pending.map((p) => p.pair.sandbox))];
    try {
        await pointer.notePending(sandboxes, []);
        const pairs = pending.map((p) => ({
            sandbox: p.pair.sandbox,
            destination: p.pair.destination.id,
            audience: p.pair.audience.id,
        }));
        const commits = [...new Set(pending.map((p) => p.commit))];
        const [head = outcome.headSha, ...merges] = commits;
        const session = await openState(ctx, pairs, false, scopeOf(head, pairs, outcome.headPlans, merges));
        const added = addPending(session.states(), pending, clock.now());
        await session.release(true);
        port.info(`${waiting}: ${added} newly recorded as pending; the first scheduled run after a window opens sends its pairs.`);
    }
    catch (error) {
        throw fail(error);
    }
}

;// CONCATENATED MODULE: ./build/src/render/scheduled-view.js
// A scheduled run's view of the pairs a later run sends: pending windows, Adobe's first-activation
// hour and retries, and the failures still open, verdict first. Pure; every plan-provided string is
// escaped.




/**
 * A scheduled run's pending pairs (windows that open later): what it sent and how late, what still
 * waits and until when, and what will never be sent (expired) or needs a person's yes.
 */
function renderPendingNotes(verdicts, at) {
    if (verdicts.length === 0)
        return "";
    const when = (ms) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, "Z");
    // Our own words, dates and PR numbers only (a PR number links): nothing plan-provided to escape.
    const what = (v) => {
        switch (v.kind) {
            case "due":
                if (at.frozen)
                    return "due, but the freeze is on: it stays pending";
                return v.hour === true
                    ? `sent now: it waited for Adobe's hour after the audience's first activation (reviewed ${v.record.review === undefined ? "without a PR" : `on PR #${v.record.review.pr}`})`
                    : `sent now, ${(0,src_clock/* formatAge */.nV)(v.late)} after its window opened (reviewed ${v.record.review === undefined ? "without a PR" : `on PR #${v.record.review.pr}`})`;
            case "waiting":
                return v.opens === undefined
                    ? "pending: the plans its merge reviewed could not be read (is the commit still on the default branch?); judged again by the next run, never sent unjudged"
                    : `pending: its window opens ${when(v.opens)} (in ${(0,src_clock/* formatAge */.nV)(v.opens - at.now)})`;
            case "confirm":
                return `⚠️ needs a person's yes: its window opened ${(0,src_clock/* formatAge */.nV)(v.late)} ago, longer than max-lateness (${(0,src_clock/* formatAge */.nV)(at.maxLatenessMs)}).${v.record.review === undefined ? " A manual run of its plan sends it" : (0,render_notes/* confirmHint */.cC)(v.record.review)}`;
            case "retry":
                return at.frozen
                    ? `a retry is due (it failed on ${v.record.code ?? "failed"}), but the freeze is on`
                    : `retried now: try ${v.record.attempts + 1} of ${at.maxAttempts ?? "?"} (it failed on ${v.record.code ?? "failed"}, which is worth retrying)`;
            case "expired":
                return v.code === "window-closed"
                    ? "❌ expired: its window closed before a run could send it; never sent"
                    : v.code === "revoked"
                        ? "cancelled: its plan no longer asks for it (deleted or removed); never sent"
                        : "superseded: the pair was sent under a newer request";
        }
    };
    const order = { confirm: 0, expired: 1, retry: 2, due: 3, waiting: 4 };
    const rows = [...verdicts].sort((a, b) => order[a.kind] - order[b.kind]);
    const shown = rows.slice(0, render_notes/* NOTE_ITEMS */.cU);
    return [
        `### Pending pairs and retries (${verdicts.length})`,
        "",
        "| Plan | Destination / audience | Merged as | What happens |",
        "|---|---|---|---|",
        ...shown.map((v) => `| ${(0,render_escape/* code */.aY)(v.record.plan)} | ${(0,render_escape/* code */.aY)(v.record.destination)} / ${(0,render_escape/* code */.aY)(v.record.audience)} | ${(0,render_escape/* code */.aY)(v.record.commit.slice(0, 12))} | ${what(v)} |`),
        ...(rows.length > shown.length ? ["", `…and ${rows.length - shown.length} more.`] : []),
        "",
        "",
    ].join("\n");
}
/**
 * The failures a scheduled run found still open: never retried on their own (a run cannot fix an
 * unmapped audience), each with what it failed on; a changed plan is a new request.
 */
function renderOpenFailures(records, maxAttempts) {
    if (records.length === 0)
        return "";
    const shown = records.slice(0, render_notes/* NOTE_ITEMS */.cU);
    const next = (r) => !retryable(r.code)
        ? "not retried"
        : r.attempts < maxAttempts
            ? `retried by a scheduled run within max-lateness of its merge (${r.attempts} of ${maxAttempts} tries)`
            : `not retried: ${r.attempts} of ${maxAttempts} tries (max-attempts) used`;
    return [
        `### Open failures (${records.length})`,
        "",
        "Scheduled runs retry only what Platform refused for a passing reason (429, a run or export still in progress, Platform unreachable), up to `max-attempts` tries in all. For the rest, fix the cause (map the audience, fix its schedule dates), then bump the plan's `spec.revision` in a PR: its merge sends the pair again, once.",
        "",
        "| Plan | Destination / audience | Merged as | Failed on | Since | Next |",
        "|---|---|---|---|---|---|",
        ...shown.map((r) => `| ${(0,render_escape/* code */.aY)(r.plan)} | ${(0,render_escape/* code */.aY)(r.destination)} / ${(0,render_escape/* code */.aY)(r.audience)} | ${(0,render_escape/* code */.aY)(r.commit.slice(0, 12))} | ${(0,render_escape/* code */.aY)(r.code ?? "failed")} | ${new Date(r.updatedAt).toISOString().replace(/\.\d{3}Z$/, "Z")} | ${next(r)} |`),
        ...(records.length > shown.length ? ["", `…and ${records.length - shown.length} more.`] : []),
        "",
        "",
    ].join("\n");
}
/**
 * What a scheduled run did with the pairs a later run sends, verdict first: how many it sent, how
 * many still wait, expired or need a person's yes, and the open failures; then each list.
 */
function renderScheduledView(verdicts, open, at) {
    if (verdicts.length === 0 && open.length === 0)
        return "";
    const n = (kind) => verdicts.filter((v) => v.kind === kind).length;
    const sent = at.frozen || at.dryRun === true ? 0 : n("due") + n("retry");
    const expired = verdicts.filter((v) => v.kind === "expired" && v.code === "window-closed").length;
    const parts = [
        `${sent} sent`,
        `${n("waiting") + (at.frozen || at.dryRun === true ? n("due") + n("retry") : 0)} waiting`,
        ...(expired > 0 ? [`${expired} expired`] : []),
        ...(n("confirm") > 0 ? [`${n("confirm")} held for a person's yes`] : []),
        `${(0,render_escape/* plural */.LS)(open.length, "open failure")}`,
    ];
    const icon = expired > 0 || n("confirm") > 0 ? "⚠️" : "🕒";
    return [
        `### ${icon} Scheduled run: ${parts.join(" · ")}`,
        "",
        ...(at.dryRun === true
            ? ["> [!NOTE]", "> Dry run: what a scheduled run would do; nothing was sent or recorded.", ""]
            : []),
        renderPendingNotes(verdicts, at) + renderOpenFailures(open, at.maxAttempts),
    ].join("\n");
}

// EXTERNAL MODULE: ./build/src/plan/instant.js
var instant = __webpack_require__(67488);
;// CONCATENATED MODULE: ./build/src/state/pending.js
// Pairs a later run sends: asked for by a reviewed merge before its plan's window opened (or before
// Adobe's first-activation hour passed), recorded as pending; and failures worth retrying. Pure: the
// records, the plans each record's merge reviewed and the plans at the head in; for each record what
// a scheduled run does with it, out.





const asks = (p, sandbox, r) => (0,plan_changes/* planPairs */.PG)(p).find((q) => q.sandbox === sandbox &&
    (0,ids/* canonicalId */.i)(q.destination.id) === (0,ids/* canonicalId */.i)(r.destination) &&
    (0,ids/* canonicalId */.i)(q.audience.id) === (0,ids/* canonicalId */.i)(r.audience));
/**
 * A record's plan as its merge reviewed it, and the pair as the plans at the head ask for it. Every
 * plan of the commit that asked for the pair counts (two plans may ask for one pair: one request),
 * its own file's first; each is found at the head by its name (a renamed file is the same plan).
 * Revoked when none of them asks for the pair at the head any more; `unreadable` when the commit's
 * plans cannot be read.
 */
function planOf(r, sandbox, j) {
    const then = j.plansAt(r.commit);
    if (then === undefined)
        return "unreadable";
    // The plans whose change asked for it in that merge; else (a manual run's request) every plan.
    const requesters = (j.askedAt?.(r.commit) ?? []).filter((p) => asks(p, sandbox, r) !== undefined);
    const asked = requesters.length > 0 ? requesters : then.filter((p) => asks(p, sandbox, r) !== undefined);
    asked.sort((a, b) => Number(b.file === r.plan) - Number(a.file === r.plan));
    for (const reviewed of asked) {
        const now = j.headPlans.find((p) => p.name === reviewed.name);
        const pair = now === undefined ? undefined : asks(now, sandbox, r);
        if (pair !== undefined)
            return { reviewed, pair };
    }
    return "revoked";
}
const pairId = (r) => `${(0,ids/* canonicalId */.i)(r.destination)}\u0000${(0,ids/* canonicalId */.i)(r.audience)}`;
const newer = (a, b) => a.updatedAt > b.updatedAt || (a.updatedAt === b.updatedAt && a.commit > b.commit);
/**
 * Each pending record of a sandbox's state, judged at `now`: by the window of its plan as its merge
 * reviewed it (a later unreviewed push cannot move it), and revoked when the plan of that name no
 * longer asks for the pair at the head. One request per pair is live: the newest pending one (a
 * bumped revision replaces the older), and none once the pair went out under a newer request (a
 * manual run, say).
 */
function judgePending(sandbox, records, j, now, maxLatenessMs) {
    const all = [...records];
    // The newest pending request per pair, and when each pair last went out under another request.
    const live = new Map();
    const sent = new Map();
    for (const r of all) {
        const id = pairId(r);
        if (r.state === "pending") {
            const other = live.get(id);
            if (other === undefined || newer(r, other))
                live.set(id, r);
        }
        else if (r.state !== "expired" && r.state !== "failed")
            sent.set(id, Math.max(sent.get(id) ?? -Infinity, r.intentAt ?? r.updatedAt));
    }
    const verdicts = [];
    for (const record of all) {
        if (record.state !== "pending")
            continue;
        if (live.get(pairId(record)) !== record || (sent.get(pairId(record)) ?? -Infinity) >= record.updatedAt) {
            verdicts.push({ kind: "expired", record, code: "superseded" });
            continue;
        }
        const found = planOf(record, sandbox, j);
        if (found === "unreadable") {
            verdicts.push({ kind: "waiting", record, opens: undefined });
            continue;
        }
        if (found === "revoked") {
            verdicts.push({ kind: "expired", record, code: "revoked" });
            continue;
        }
        const window = (0,plan_changes/* windowState */.kW)(found.reviewed, new Date(now));
        if (!window.open) {
            verdicts.push(window.opens === undefined
                ? { kind: "expired", record, code: "window-closed" }
                : { kind: "waiting", record, opens: window.opens });
            continue;
        }
        // Late since the window opened, or since the merge landed when that was later (Adobe's
        // first-activation hour waits from the merge); a merge whose time cannot be read is not judged.
        const hour = record.code === "first-activation-wait";
        const opened = found.reviewed.window?.notBefore;
        const landed = hour ? j.landedAt(record.commit) : undefined;
        if (hour && landed === undefined) {
            verdicts.push({ kind: "waiting", record, opens: undefined });
            continue;
        }
        const from = Math.max(opened === undefined ? -Infinity : (0,instant/* instant */.u)(opened), landed ?? -Infinity);
        const late = Number.isFinite(from) ? Math.max(0, now - from) : 0;
        if (late > maxLatenessMs) {
            verdicts.push({ kind: "confirm", record, late });
            continue;
        }
        verdicts.push({ kind: "due", record, pair: found.pair, late, ...(hour ? { hour } : {}) });
    }
    return verdicts;
}
/**
 * The failures a person still has to act on: failed requests of pairs the plan of that name still
 * asks for at the head, with no newer request for the pair since (sent, in flight, unknown or
 * pending). Scheduled runs list them, and retry only those worth retrying (see `retries`).
 */
function openFailures(sandbox, records, j) {
    return openFailed(sandbox, records, j).map((f) => f.record);
}
/**
 * The open failures worth retrying that have tries left, within max-lateness of their merge and
 * inside the window their merge reviewed: tried again by this run.
 */
function retries(sandbox, records, j, at) {
    return openFailed(sandbox, records, j).flatMap(({ record, pair, reviewed }) => {
        if (!retryable(record.code) || record.attempts >= at.maxAttempts)
            return [];
        if (pair === undefined || reviewed === undefined || !(0,plan_changes/* windowState */.kW)(reviewed, new Date(at.now)).open)
            return [];
        const landed = j.landedAt(record.commit);
        if (landed === undefined || at.now - landed > at.maxLatenessMs)
            return [];
        return [{ kind: "retry", record, pair }];
    });
}
/** The commits whose plans (and landing times) judging these records needs: pending and failed requests. */
function commitsToJudge(records) {
    const commits = new Set();
    for (const r of records)
        if (r.state === "pending" || r.state === "failed")
            commits.add(r.commit);
    return commits;
}
/** Failed requests no newer request for the pair replaced (any newer one, expired ones too). */
function openFailed(sandbox, records, j) {
    const all = [...records];
    const latest = new Map();
    // At the same moment (one clock tick), another request beats a failed one: it came after it.
    const later = (a, b) => a.updatedAt > b.updatedAt ||
        (a.updatedAt === b.updatedAt && b.state === "failed" && a.state !== "failed");
    for (const r of all) {
        const other = latest.get(pairId(r));
        if (other === undefined || later(r, other))
            latest.set(pairId(r), r);
    }
    return all.flatMap((record) => {
        if (record.state !== "failed" || latest.get(pairId(record)) !== record)
            return [];
        const found = planOf(record, sandbox, j);
        // Listed when its merge's plans cannot be read (never retried then): a person still has to know.
        if (found === "unreadable")
            return [{ record, pair: undefined, reviewed: undefined }];
        return found === "revoked" ? [] : [{ record, pair: found.pair, reviewed: found.reviewed }];
    });
}
/**
 * Expires the pending requests of commit `commit` for pairs whose plan's window has closed (the
 * CLI's apply of a change after its window): never sent, `window-closed`. Returns how many were
 * expired.
 */
function expirePending(states, closed, commit, now) {
    let expired = 0;
    for (const pair of closed) {
        const state = states.find((s) => s.key.sandbox === pair.sandbox);
        const record = state?.records.get(requestId(commit, pair.destination.id, pair.audience.id));
        // Waiting for the window, or for a person's yes: either way the window no longer allows it.
        if (record === undefined || record.state !== "pending" || record.code === "first-activation-wait")
            continue;
        Object.assign(record, { state: "expired", code: "window-closed", updatedAt: now });
        expired++;
    }
    return expired;
}

;// CONCATENATED MODULE: ./build/src/action/scheduled-judge.js
// The parts of a scheduled run's look at what a later run sends: judging the records (by the plans
// each merge reviewed, retries within max-lateness of their merge), recording the verdicts, and the
// outcome that sends what is due, one request per pair under its own merge and review.





/**
 * Judges states' records: each by the plans its merge reviewed and the time it landed (readMerge,
 * once per commit; when they cannot be read, nothing of that merge is sent and it is judged again
 * next time).
 */
function judging(ctx, headPlans) {
    const { settings } = ctx;
    const reviewed = new Map();
    const asked = new Map();
    const landed = new Map();
    const j = {
        headPlans,
        plansAt: (commit) => reviewed.get(commit),
        askedAt: (commit) => asked.get(commit),
        landedAt: (commit) => landed.get(commit),
    };
    const judge = async (states, now) => {
        const out = [];
        for (const s of states) {
            for (const commit of commitsToJudge(s.records.values())) {
                if (reviewed.has(commit))
                    continue;
                const merge = await readMerge(ctx, commit);
                reviewed.set(commit, merge?.plans);
                asked.set(commit, merge?.asked);
                landed.set(commit, merge?.landed);
            }
            out.push(...judgePending(s.key.sandbox, s.records.values(), j, now, settings.maxLatenessMs));
            out.push(...retries(s.key.sandbox, s.records.values(), j, {
                now,
                maxAttempts: settings.maxAttempts,
                maxLatenessMs: settings.maxLatenessMs,
            }));
        }
        return out;
    };
    return { j, judge };
}
/**
 * What judging a record of `commit` needs, read once: every plan at the commit, the plans whose
 * change in the merge ending there (its first parent → it) asked for pairs, each narrowed to those
 * pairs (sent or pending), and when it landed. Undefined when it cannot be read.
 */
async function readMerge(ctx, commit) {
    try {
        const sha = await ctx.git.resolve(commit);
        const [parent] = await ctx.git.parents(sha);
        const own = await (0,plan_change/* planChanges */.X)(ctx.git, (0,planning/* planRequest */.NX)(ctx, parent, sha, false), () => { });
        const asked = own.changes.flatMap((c) => {
            const pairs = [...c.pairs, ...(c.pending?.pairs ?? [])];
            if (pairs.length === 0)
                return [];
            const wanted = new Set(pairs.map((p) => `${p.destination.id}\u0000${p.audience.id}`));
            const activations = c.plan.activations
                .map((a) => ({
                ...a,
                audiences: a.audiences.filter((au) => wanted.has(`${a.destination.id}\u0000${au.id}`)),
            }))
                .filter((a) => a.audiences.length > 0);
            return [{ ...c.plan, activations }];
        });
        return { plans: own.headPlans, asked, landed: await ctx.git.commitTime(sha) };
    }
    catch {
        return undefined;
    }
}
/**
 * Whether a verdict changes its record: sent (not while the freeze is on), expired, or held for a
 * person's yes the first time.
 */
const acts = (v, frozen) => ((v.kind === "due" || v.kind === "retry") && !frozen) ||
    v.kind === "expired" ||
    (v.kind === "confirm" && v.record.code !== "needs-confirmation");
/** Pairs newly expired or held for a person's yes: they need attention once, in the run that found it. */
function newlyLate(verdicts) {
    return verdicts.flatMap((v) => v.kind === "expired" || (v.kind === "confirm" && v.record.code !== "needs-confirmation")
        ? [
            {
                kind: "pair",
                plan: v.record.plan,
                destination: v.record.destination,
                audience: v.record.audience,
                status: "not-submitted",
                code: v.kind === "confirm" ? "needs-confirmation" : v.code,
            },
        ]
        : []);
}
/** Records the verdicts that change nothing on Platform: expirations and holds for a person's yes. */
function recordVerdicts(verdicts, now) {
    for (const v of verdicts)
        if (v.kind === "expired") {
            v.record.state = "expired";
            v.record.code = v.code;
            v.record.updatedAt = now;
        }
        else if (v.kind === "confirm") {
            v.record.code = "needs-confirmation";
        }
}
/** Due pending pairs and retries, one request per pair (a request left over is superseded next time). */
function dueOf(verdicts) {
    const key = (v) => (0,activation_outcome/* pairKey */.Yz)(v.pair.sandbox, v.pair.destination.id, v.pair.audience.id);
    const due = verdicts.flatMap((v) => (v.kind === "due" || v.kind === "retry" ? [v] : []));
    return [...new Map(due.map((v) => [key(v), v]).reverse()).values()];
}
/** What sending these pairs plans: their jobs, and the merge and review each pair goes out under. */
function dueOutcome(ctx, planned, send, head) {
    const key = (v) => (0,activation_outcome/* pairKey */.Yz)(v.pair.sandbox, v.pair.destination.id, v.pair.audience.id);
    const commits = new Map(send.map((v) => [key(v), v.record.commit]));
    const reviews = new Map(send.flatMap((v) => (v.record.review === undefined ? [] : [[key(v), v.record.review]])));
    // Each pair comes from a plan at the head (judgePending found it there by name).
    const changes = [...Map.groupBy(send, (v) => v.pair.file)].flatMap(([file, vs]) => {
        const plan = planned.headPlans.find((p) => p.file === file);
        if (plan === undefined)
            return [];
        const retry = vs.every((v) => v.kind === "retry");
        return [
            {
                name: plan.name,
                file,
                change: retry ? "retry" : "window-opened",
                reason: retry
                    ? "a failure worth retrying, tried again"
                    : vs.some((v) => v.kind === "retry")
                        ? "pending since its merge, and failures worth retrying"
                        : "pending since its merge (its window, or Adobe's first-activation hour)",
                pairs: vs.map((v) => v.pair),
                plan,
            },
        ];
    });
    const execution = (0,jobs_planner/* planJobs */.K)(send.map((v) => v.pair), (0,planning/* planRequest */.NX)(ctx, undefined, head, true).planner);
    const outcome = { ...planned, changes, execution };
    return { outcome, commits, reviews };
}

;// CONCATENATED MODULE: ./build/src/action/policy-later.js



/** Whether a policy file (or an explicit `policy` input) is there to judge a merge at `commit`. */
async function policyNear(ctx, commit, head) {
    const { file, explicit } = ctx.settings.policy;
    if (explicit)
        return true;
    const parent = await (0,policy_gate/* firstParent */.v1)(ctx, undefined, commit);
    for (const rev of [commit, parent, head])
        if ((await ctx.git.readFileAt(rev, file)) !== undefined)
            return true;
    return false;
}
async function underRecordedApprovals(ctx, planned, due, head) {
    const send = [];
    const held = [];
    for (const [commit, group] of Map.groupBy(due, (v) => v.record.commit)) {
        // A merge the checkout lacks (a shallow clone) is fetched to read its first parent.
        if ((await ctx.git.tryResolve(commit)) === undefined)
            await ctx.git.fetchCommit(commit);
        const review = group[0]?.record.review;
        // No policy file at the merge, before it or now: nothing to judge (and no GitHub request).
        if (!(await policyNear(ctx, commit, head))) {
            send.push(...group);
            continue;
        }
        const { outcome } = dueOutcome(ctx, planned, group, head);
        // Judged by the policy before the merge (a rebase merge's earlier commits are part of it).
        const grouped = await groupBase(ctx, commit);
        if ("unreadable" in grouped) {
            held.push({
                commit,
                pairs: group.length,
                why: `${grouped.unreadable}: the policy before this merge cannot be found, so nothing of it is sent; the next run tries again.`,
            });
            continue;
        }
        const at = { at: await (0,policy_gate/* firstParent */.v1)(ctx, grouped.base, commit), head: commit, pr: review?.pr };
        const judged = await (0,policy_gate/* judgeUnderPolicy */.CW)(ctx, outcome, at, { kind: "recorded", logins: review?.approvedBy ?? [] }, false);
        if (judged !== undefined && "refused" in judged)
            held.push({ commit, pairs: group.length, why: judged.refused.why });
        else
            send.push(...group);
    }
    return { send, held };
}

// EXTERNAL MODULE: ./build/src/render/policy.js
var policy = __webpack_require__(56486);
;// CONCATENATED MODULE: ./build/src/action/scheduled.js
// A scheduled run with no merges to catch up: it looks at the pairs a later run sends (pending
// windows, Adobe's first-activation hour, failures worth retrying) in the states of the sandboxes
// the head's plans touch and of those noted as holding pending pairs. Read without a lock first;
// only the sandboxes where something is sent, expired or newly held for a person's yes are locked
// and judged again. With nothing to change it reports (what waits, the open failures) and writes
// nothing.













const sameRequest = (a, b) => types_requestId(a.commit, a.destination, a.audience) === types_requestId(b.commit, b.destination, b.audience);
/** The sandboxes whose states still hold a pending pair. */
const holding = (states) => new Set(states
    .filter((s) => [...s.records.values()].some((r) => r.state === "pending"))
    .map((s) => s.key.sandbox));
/** Returns false when there is nothing to report (the caller says the run is idle). */
async function reconcilePending(ctx, pointer, head) {
    const { port, settings, clock, gh } = ctx;
    const planned = await (0,plan_change/* planChanges */.X)(ctx.git, (0,planning/* planRequest */.NX)(ctx, undefined, head, true), () => { });
    if (planned.problems.length > 0) {
        // The merge run reported them; nothing waiting is judged against plans that do not parse.
        port.warning(`The plans at ${head.slice(0, 12)} have ${planned.problems.length} problem(s): pending pairs and retries are not looked at until they are fixed (run 'aep-activate validate').`);
        return false;
    }
    const { credentials, repository } = settings;
    if (credentials === undefined || gh === undefined || repository === undefined)
        return false;
    const sandboxes = [...new Set([...pointer.pendingIn(), ...planned.headPlans.map((p) => p.sandbox)])].sort();
    if (sandboxes.length === 0)
        return false;
    const store = stateStore(ctx, gh, repository);
    const { j, judge } = judging(ctx, planned.headPlans);
    // Each sandbox on its own: one whose state cannot be read is reported (and fails the run at the
    // end), and does not keep the others' pairs from going out.
    const looked = [];
    const unreadable = [];
    for (const sandbox of sandboxes) {
        try {
            // Looked at (no lock) in the snapshot the pointer was read in: no second read of the branch's tip.
            const { state } = await store.read({ org: credentials.orgId, sandbox, stepKey: settings.stepKey }, undefined, pointer.version());
            if (state !== undefined)
                looked.push(state);
        }
        catch (error) {
            const failure = fail(error);
            if (!(failure instanceof context/* ActionFailure */.d))
                throw error;
            port.warning(`The activation state of sandbox ${sandbox} could not be read: ${failure.message}`);
            unreadable.push(sandbox);
        }
    }
    const unread = () => {
        if (unreadable.length > 0)
            throw new context/* ActionFailure */.d("state-unavailable", `The activation state of ${unreadable.join(", ")} could not be read (see the warnings): nothing of ${unreadable.length === 1 ? "it" : "them"} was judged or sent; the other sandboxes were.`);
    };
    const firstBy = [];
    for (const s of looked)
        firstBy.push({ sandbox: s.key.sandbox, verdicts: await judge([s], clock.now()) });
    const open = looked.flatMap((s) => openFailures(s.key.sandbox, s.records.values(), j));
    const first = firstBy.flatMap((b) => b.verdicts);
    const acting = firstBy
        .filter((b) => b.verdicts.some((v) => acts(v, settings.freeze)))
        .map((b) => b.sandbox);
    // Sandboxes noted as holding pending pairs that hold none are no longer looked at (best effort).
    const forget = (still) => pointer
        .notePending([], pointer.pendingIn().filter((s) => !still.has(s)))
        .catch(() => { });
    const view = { maxLatenessMs: settings.maxLatenessMs, maxAttempts: settings.maxAttempts };
    // A dry run reports what a scheduled run would do, and sends and writes nothing.
    if (acting.length === 0 || settings.dryRun) {
        if (!settings.dryRun && unreadable.length === 0)
            await forget(holding(looked));
        if (first.length === 0 && open.length === 0) {
            unread();
            return false;
        }
        const dryRun = settings.dryRun && acting.length > 0;
        await port.appendSummary(renderScheduledView(first, open, { ...view, now: clock.now(), frozen: settings.freeze, dryRun }));
        port.info(dryRun
            ? "Dry run: the pending pairs and retries a scheduled run would send are in the job summary; nothing was sent or recorded."
            : `Nothing to send: ${first.length} pending pair(s) wait, and ${open.length} open failure(s) (see the job summary).`);
        port.setOutput("result", "[]");
        (0,planning/* attention */.fP)(ctx, [], []);
        unread();
        return true;
    }
    let session;
    try {
        session = await openState(ctx, acting.map((sandbox) => ({ sandbox })), false);
    }
    catch (error) {
        throw fail(error);
    }
    const now = clock.now();
    const verdicts = [
        ...(await judge(session.states(), now)),
        ...firstBy.filter((b) => !acting.includes(b.sandbox)).flatMap((b) => b.verdicts),
    ];
    const late = newlyLate(verdicts);
    recordVerdicts(verdicts, now);
    const due = dueOf(verdicts);
    const frozen = settings.freeze && due.length > 0;
    // Each merge's pairs only under the approvals recorded when it was merged (the activation policy).
    const { send, held } = frozen
        ? { send: [], held: [] }
        : await underRecordedApprovals(ctx, planned, due, head);
    const { outcome, commits, reviews } = dueOutcome(ctx, planned, send, head);
    if (frozen)
        port.warning(`The activation freeze is on: ${due.length} pending pair(s) or retries are not sent; they wait for the first scheduled run after it is lifted.`);
    const report = send.length === 0
        ? undefined
        : await (0,planning/* runApplier */.Hv)(ctx, outcome, false, {
            session,
            commit: head,
            force: false,
            laterRuns: true,
            commits,
            reviews,
        });
    if (report === undefined) {
        try {
            await session.release(true);
        }
        catch (error) {
            throw fail(error);
        }
    }
    if (unreadable.length === 0)
        await forget(holding([...session.states(), ...looked.filter((s) => !acting.includes(s.key.sandbox))]));
    const stillOpen = open.filter((r) => !due.some((v) => sameRequest(v.record, r)));
    await port.appendSummary((0,policy/* renderHeld */.W)(held) +
        renderScheduledView(verdicts, stillOpen, { ...view, now, frozen }) +
        (report === undefined ? "" : (0,summary/* renderApplySummary */.I)(outcome, report)));
    port.setOutput("result", JSON.stringify(report === undefined ? [] : (0,results_text/* resultRows */.FA)(report.results)));
    (0,planning/* attention */.fP)(ctx, report === undefined ? [] : (0,stopping/* needsAttention */.e_)(report), [], [], [], late);
    for (const r of late)
        if (r.kind === "pair")
            port.warning(r.code === "needs-confirmation"
                ? `${r.destination} / ${r.audience} (${r.plan}): its window opened longer than max-lateness ago; it is sent only with a person's yes: a manual run (workflow_dispatch) of its plan.`
                : r.code === "window-closed"
                    ? `${r.destination} / ${r.audience} (${r.plan}): its window closed before a scheduled run could send it; it expired, never sent.`
                    : `${r.destination} / ${r.audience} (${r.plan}): not sent (${r.code ?? "expired"}).`);
    if (report?.stateNotRecorded !== undefined)
        throw new context/* ActionFailure */.d("state-unavailable", `Every pair's outcome is in the job summary, but ${report.stateNotRecorded}. The next run matches what it can to Platform's runs and holds the rest as unknown; nothing is submitted twice.`);
    unread();
    const bad = report === undefined ? [] : (0,stopping/* needsAttention */.e_)(report);
    if (report !== undefined && bad.length > 0)
        throw new context/* ActionFailure */.d((0,stopping/* failureReasonOf */.M3)(report) ?? "activation-failed", `${bad.length} of ${report.results.length} pending pair(s) or retries did not succeed; see the job summary for each reason.`);
    const [one] = held;
    if (one !== undefined)
        throw new context/* ActionFailure */.d("policy", `${held.reduce((n, h) => n + h.pairs, 0)} pending pair(s) or retries were not sent: the activation policy refuses them under the approvals recorded at their merge (${one.commit.slice(0, 12)}: ${one.why}).`);
    return true;
}

;// CONCATENATED MODULE: ./build/src/action/confirm.js
// A person's yes (a manual run's `confirm` input): the merges a run did not send on its own (refused
// as too-late or changed after review, or pending pairs held past max-lateness), each named by its
// PR and the plan hash its run's summary showed. The run finds each PR's merge on the default
// branch, checks that the merge's own change has that hash, and sends exactly its pairs that the
// plans still ask for, each recorded under the merge commit and the confirmed hash; nothing else.



















/**
 * The merge of PR `pr` on the head's first-parent line (fetched in a shallow clone): the commit
 * merged as it, and its base as the push run grouped it (a rebase merge's earlier commits, merged
 * as no PR, belong to it).
 */
async function mergeOf(ctx, head, pr) {
    const prOf = async (sha) => {
        const merged = await mergedPullRequest(ctx, sha);
        if ("unreadable" in merged)
            throw new context/* ActionFailure */.d("github-unavailable", `input 'confirm': ${merged.unreadable}; nothing was sent.`);
        return merged.pr;
    };
    const parentOf = async (sha) => {
        const [parent] = await ctx.git.parents(sha);
        return parent === undefined ? undefined : ctx.git.resolve(parent);
    };
    let sha = head;
    for (let i = 0; sha !== undefined && i < sources_git/* FIRST_PARENT_LIMIT */.iv; i++) {
        if ((await prOf(sha)) === pr) {
            const merge = sha;
            const parent = await parentOf(merge);
            const grouped = await groupBase(ctx, merge);
            if ("unreadable" in grouped)
                throw new context/* ActionFailure */.d("github-unavailable", `input 'confirm': ${grouped.unreadable}; nothing was sent.`);
            const base = grouped.base;
            // Its first parent too: the run that refused it may have started there (its push's base).
            return { merge, bases: [...new Set([base, parent])] };
        }
        sha = await parentOf(sha);
    }
    throw new context/* ActionFailure */.d("configuration", `input 'confirm': PR #${pr} was not merged within ${sources_git/* FIRST_PARENT_LIMIT */.iv} first-parent commits of ${head.slice(0, 12)}; nothing was sent.`);
}
async function confirmMerges(ctx, head, confirmations) {
    const { settings, port } = ctx;
    const accepted = [];
    for (const { pr, hash } of confirmations) {
        const { merge, bases } = await mergeOf(ctx, head, pr);
        let own;
        let from;
        const seen = [];
        for (const base of bases) {
            const change = await (0,plan_change/* planChanges */.X)(ctx.git, (0,planning/* planRequest */.NX)(ctx, base, merge, false), () => { });
            if (change.problems.length > 0)
                throw new context/* ActionFailure */.d("invalid-plan", `input 'confirm': the plans of PR #${pr}'s merge ${merge.slice(0, 12)} have ${change.problems.length} problem(s); nothing was sent.`);
            seen.push(change.execution.planHash);
            if (hash === change.execution.planHash || hash === (await landedHash(ctx, base, merge, change))?.hash) {
                own = change;
                from = base;
                break;
            }
        }
        if (own === undefined)
            throw new context/* ActionFailure */.d("configuration", `input 'confirm': PR #${pr}'s merge ${merge.slice(0, 12)} has the plan hash ${seen.join(" or ")}, not ${hash}: confirm what its run's summary shows. Nothing was sent.`);
        port.info(`PR #${pr}, merged as ${merge.slice(0, 12)}: confirmed as ${hash}.`);
        accepted.push({
            changes: own.changes,
            commit: merge,
            review: await confirmedUnderPolicy(ctx, own, merge, from, { pr, hash }),
        });
    }
    const whole = await (0,plan_change/* planChanges */.X)(ctx.git, (0,planning/* planRequest */.NX)(ctx, undefined, head, true), () => { });
    if (whole.problems.length > 0)
        throw new context/* ActionFailure */.d("invalid-plan", `input 'confirm': the plans at ${head.slice(0, 12)} have ${whole.problems.length} problem(s) (run 'aep-activate validate'); nothing was sent.`);
    const combined = combineMerges(accepted, whole.headPlans);
    const planner = (0,planning/* planRequest */.NX)(ctx, undefined, head, true).planner;
    let outcome = { ...whole, changes: combined.changes, execution: (0,jobs_planner/* planJobs */.K)(combined.requested, planner) };
    port.setOutput("plan-hash", outcome.execution.planHash);
    for (const p of combined.revoked)
        port.info(`${p.destination.id} / ${p.audience.id} (${p.file}): removed since by a later merge (revoked); not sent.`);
    // Confirmed pairs whose window has not opened yet wait for it, as at a merge.
    await recordPending(ctx, await readPointer(ctx), combined.pending, outcome);
    if (settings.credentials === undefined)
        throw new context/* ActionFailure */.d("configuration", "No Platform credentials: set client-id, org-id and client-secret (or access-token).");
    // What each confirmed merge's PR hears once pairs went out (never after a dry run or under the
    // freeze): the results of the pairs its own change asks for (a pair two merges ask for is each's).
    const tell = (results) => (0,action_comment/* tellConfirmed */.PS)(ctx, confirmations.map(({ pr, hash }, i) => {
        const head = accepted[i]?.commit ?? "";
        const key = (p) => (0,plan_changes/* pairKey */.Yz)(p.sandbox, p.destination.id, p.audience.id);
        const asks = new Set(accepted[i]?.changes.flatMap((c) => c.pairs.map(key)));
        return {
            head,
            pr,
            hash,
            results: results.filter((r) => r.requestedBy.some((p) => asks.has(key(p)))),
            windows: combined.pending.filter((p) => p.commit === head).length,
        };
    }));
    if (outcome.execution.jobs.length === 0) {
        if (!settings.dryRun && !settings.freeze)
            await tell([]);
        await port.appendSummary(`### Confirmed: nothing to send\n\nThe confirmed merges ask for no pair the plans still ask for now (or their pairs wait for a window).\n`);
        port.setOutput("result", "[]");
        (0,planning/* attention */.fP)(ctx, [], []);
        return;
    }
    const commits = [...new Set(combined.commits.values())];
    const session = settings.dryRun
        ? undefined
        : await openState(ctx, outcome.execution.jobs, true, scopeOf(head, outcome.execution.pairs, whole.headPlans, commits)).catch((error) => {
            throw fail(error);
        });
    // A pair a later request sent since the confirmed merge landed (a later merge, a manual run) is
    // not sent again under the confirmed one.
    if (session !== undefined) {
        const since = new Map();
        for (const m of commits)
            since.set(m, await ctx.git.commitTime(m).catch(() => 0));
        const sent = (p) => {
            const merge = combined.commits.get((0,plan_changes/* pairKey */.Yz)(p.sandbox, p.destination.id, p.audience.id)) ?? "";
            const from = since.get(merge) ?? 0;
            return session
                .states()
                .some((s) => s.key.sandbox === p.sandbox &&
                [...s.records.values()].some((r) => r.commit !== merge &&
                    (0,ids/* canonicalId */.i)(r.destination) === (0,ids/* canonicalId */.i)(p.destination.id) &&
                    (0,ids/* canonicalId */.i)(r.audience) === (0,ids/* canonicalId */.i)(p.audience.id) &&
                    ["succeeded", "submitted", "intent", "unknown"].includes(r.state) &&
                    (r.intentAt ?? r.updatedAt) >= from));
        };
        const already = combined.requested.filter(sent);
        for (const p of already)
            port.info(`${p.destination.id} / ${p.audience.id} (${p.file}): sent since by a later request; not sent again.`);
        if (already.length > 0)
            outcome = {
                ...outcome,
                execution: (0,jobs_planner/* planJobs */.K)(combined.requested.filter((p) => !already.includes(p)), planner),
            };
    }
    const report = await (0,planning/* runApplier */.Hv)(ctx, outcome, settings.dryRun, session === undefined
        ? undefined
        : {
            session,
            commit: head,
            force: settings.force,
            laterRuns: true,
            commits: combined.commits,
            reviews: combined.reviews,
        });
    const who = confirmations.map((c) => `PR #${c.pr} (${c.hash})`).join(", ");
    const what = settings.dryRun
        ? `Confirmed (dry run): ${who}. Pre-flight only: nothing was sent or recorded; run again without dry-run to send.`
        : report.frozen === true
            ? `Confirmed: ${who}, but the freeze is on: nothing was sent. Run again when it is lifted.`
            : `Sent with a person's yes (input \`confirm\`): ${who}. Each pair is recorded under its merge commit and the confirmed hash.`;
    await port.appendSummary(`> [!NOTE]\n> ${what}\n\n${(0,summary/* renderApplySummary */.I)(outcome, report)}`);
    if (!settings.dryRun && report.frozen !== true)
        await tell(report.results);
    port.setOutput("result", JSON.stringify((0,results_text/* resultRows */.FA)(report.results)));
    (0,planning/* profileExportsOutput */.sV)(ctx, report);
    (0,planning/* attention */.fP)(ctx, (0,stopping/* needsAttention */.e_)(report), []);
    if (report.stateNotRecorded !== undefined)
        throw new context/* ActionFailure */.d("state-unavailable", `Every pair's outcome is in the job summary, but ${report.stateNotRecorded}. The next run matches what it can to Platform's runs and holds the rest as unknown; nothing is submitted twice.`);
    const bad = (0,stopping/* needsAttention */.e_)(report);
    if (bad.length > 0)
        throw new context/* ActionFailure */.d((0,stopping/* failureReasonOf */.M3)(report) ?? "activation-failed", `${bad.length} of ${report.results.length} confirmed pair(s) did not succeed; see the job summary for each reason.`);
}

;// CONCATENATED MODULE: ./build/src/action/manual.js
// What a manual (workflow_dispatch) run is asked for: a person's yes for merges a run did not send
// (input confirm), a reconcile like a scheduled run (no plans named: safe to click), or the named
// plans in full.

function manualRoute(ctx, manual) {
    const { settings, port } = ctx;
    if (manual && settings.confirm.length > 0)
        return "confirm";
    if (settings.confirm.length > 0)
        port.warning("confirm is only read on a manual (workflow_dispatch) run; it is ignored here.");
    if (!manual)
        return undefined;
    if (settings.init || settings.resolve.length > 0)
        return "full";
    if (settings.plansByDefault) {
        if (settings.force)
            throw new context/* ActionFailure */.d("configuration", "force: true sends plans again even where they succeeded: name them in the input 'plans' (a manual run with no plans named only reconciles). Nothing was sent.");
        port.info("A manual run with no plans named reconciles like a scheduled run (missed merges, pending pairs, retries); name plans in the input 'plans' to run them in full.");
        return "reconcile";
    }
    port.info("A manual run naming plans runs them in full: every pair of the selected plans, as a request of this commit (pairs that succeeded for this commit are not sent again). Leave 'plans' empty to reconcile instead.");
    return "full";
}

;// CONCATENATED MODULE: ./build/src/action/apply.js
// Apply mode: on a push to the default branch (or a scheduled catch-up), activate exactly what was
// reviewed, each merge under its own PR's review, from the last reconciled commit when runs were
// missed; on a manual run, the selected plans in full. Writes the summary, the outputs and comments.


























async function apply(ctx, decision) {
    const { settings, port } = ctx;
    const { head, manual } = decision;
    const route = manualRoute(ctx, manual);
    if (route === "confirm")
        return confirmMerges(ctx, head, settings.confirm);
    if (route === "reconcile")
        return apply(ctx, { run: "apply", head, manual: false, scheduled: true });
    // A push applies from the step's reconcile pointer when runs were missed; only the reviewed gate
    // keys each merge's pairs by its own merge commit, which makes catching up safe to rerun.
    const pointer = manual ? undefined : await readPointer(ctx, decision.scheduled === true);
    // A scheduled run that cannot read the state fails: green, it would hide missed merges and
    // pending pairs for good (a push without credentials fails the same way).
    if (decision.scheduled === true && settings.requireReviewedPlan && pointer === undefined)
        throw new context/* ActionFailure */.d("configuration", unreadableSchedule(settings));
    const idle = decision.scheduled === true ? idleSchedule(settings, pointer, head) : undefined;
    // A scheduled run with no merges to catch up looks at the pairs waiting for their window.
    if (idle !== undefined) {
        if (pointer !== undefined && (await reconcilePending(ctx, pointer, head)))
            return;
        port.notice(idle);
        port.setOutput("result", "[]");
        (0,planning/* attention */.fP)(ctx, [], []);
        return;
    }
    const start = manual || !settings.requireReviewedPlan || (decision.base === undefined && decision.scheduled !== true)
        ? { base: decision.base, catchingUp: false, forward: true }
        : await startFrom(ctx, pointer, decision.base, head);
    const { base, catchingUp } = start;
    const missed = manual || settings.requireReviewedPlan ? undefined : missedWithoutGate(pointer?.commit, base, head);
    if (missed !== undefined)
        port.warning(missed);
    // Those merges' pairs, listed (never sent): a manual run sends them.
    const skipped = missed === undefined || pointer?.commit === undefined || base === undefined
        ? []
        : (await (0,plan_change/* planChanges */.X)(ctx.git, (0,planning/* planRequest */.NX)(ctx, pointer.commit, base, false), () => { })).execution.pairs;
    const notesOf = (gated) => ({
        refused: gated?.refused ?? [],
        revoked: gated?.revoked ?? [],
        unasked: gated?.unasked ?? [],
        missed: skipped,
    });
    if ((decision.scheduled === true && !catchingUp) || start.walked !== undefined) {
        if (decision.scheduled === true && pointer !== undefined && (await reconcilePending(ctx, pointer, head)))
            return;
        port.setOutput("result", "[]");
        (0,planning/* attention */.fP)(ctx, [], []);
        return;
    }
    // The pointer moves to the head when the run ends: never backwards, not in a dry run, and not
    // past a merge GitHub could not check (the next run checks it again).
    const settle = async (refused, create = false) => {
        if (!manual &&
            !settings.dryRun &&
            start.forward &&
            !refused.some((m) => m.reason === "github-unavailable" || m.recheck === true))
            await pointer?.advance(head, start.record, create);
    };
    let outcome = await (0,planning/* computeOutcome */.Sf)(ctx, manual ? undefined : base, head, manual);
    // Catching up, an empty whole change may still hide merges to report (a plan added, then removed).
    const waits = !manual && outcome.changes.some((c) => c.pending !== undefined);
    if (outcome.execution.jobs.length === 0 && !catchingUp && !waits) {
        // A merge that only changes the policy is judged too (its policy-changed rules).
        const policyOnly = manual ? undefined : await judgePolicyChange(ctx, outcome, base, head);
        if (policyOnly !== undefined)
            return refuse(ctx, outcome, [policyOnly], settle);
        return nothing(ctx, outcome, notesOf(undefined), settle);
    }
    const merged = manual ? { pr: undefined } : await mergedPullRequest(ctx, head);
    // The PRs whose comments report this run, each with the hash and run its preview showed.
    let reports = "pr" in merged && merged.pr !== undefined
        ? [{ pr: merged.pr, hash: outcome.execution.planHash, by: undefined }]
        : [];
    let review;
    let gated;
    if (!manual && settings.requireReviewedPlan) {
        // A rerun of an older run (later merges reconciled) walks even one merge: what they removed is revoked.
        const walkAll = catchingUp || start.later !== undefined;
        const merges = base === undefined ? undefined : await walkMerges(ctx, base, head, merged, walkAll);
        if (merges !== undefined && !Array.isArray(merges))
            return refuse(ctx, outcome, [unreadableMerges(head, merges.unreadable)], settle);
        if (merges !== undefined) {
            gated = await gateMerges(ctx, outcome, merges, catchingUp ? { own: decision.base, asOf: start.asOf ?? ctx.clock.now() } : undefined);
            // A rerun of an older run: what later merges removed is not sent.
            const at = start.later?.at(-1);
            if (at !== undefined)
                gated = await revokedSince(ctx, gated, at);
            outcome = gated.outcome;
            port.setOutput("plan-hash", outcome.execution.planHash);
            port.setOutput("jobs", JSON.stringify((0,plan_json/* jobsForOutput */.b)(outcome.execution)));
            reports = gated.reviewed;
        }
        else {
            const verdict = await gateMerge(ctx, outcome, head, merged, true, await landedHash(ctx, base, head, outcome));
            if ("refused" in verdict)
                return refuse(ctx, outcome, [
                    verdict.refused.reason === "github-unavailable"
                        ? verdict.refused
                        : { ...verdict.refused, hash: outcome.execution.planHash },
                ], settle);
            const { pr, hash, by } = verdict.reviewed;
            port.info(`The plan matches the preview reviewed on PR #${pr} (${hash}), written by workflow run ${by.runId}.`);
            const at = { at: await (0,policy_gate/* firstParent */.v1)(ctx, base, head), head, pr, from: base };
            const judged = await (0,policy_gate/* judgeUnderPolicy */.CW)(ctx, outcome, at, { kind: "review", reviewedHead: by.head }, true);
            if (judged !== undefined && "refused" in judged)
                return refuse(ctx, outcome, [{ ...judged.refused, hash: outcome.execution.planHash }], settle);
            const approvedBy = judged?.approvedBy ?? [];
            review = { pr, hash, ...(approvedBy.length === 0 ? {} : { approvedBy }) };
            reports = [verdict.reviewed];
        }
    }
    else if (!manual) {
        // Without the review gate, the push is still judged whole by the policy at its first parent.
        const refused = await judgeUnreviewed(ctx, outcome, base, head, merged);
        if (refused !== undefined)
            return refuse(ctx, outcome, [refused], settle);
    }
    // Pairs waiting for their plan's window are recorded (under their merge and review) before
    // anything is submitted: a scheduled run sends them once the window opens.
    if (!manual)
        await recordPending(ctx, pointer, pendingOf(outcome, gated, head, review), outcome);
    if (outcome.execution.jobs.length === 0)
        return nothing(ctx, outcome, notesOf(gated), settle);
    if (manual && settings.resolve.length > 0)
        return recordDecisions(ctx, outcome, settings.resolve);
    if (settings.resolve.length > 0)
        port.warning("resolve is only read on a manual (workflow_dispatch) run; it is ignored here.");
    if (manual)
        await judgeManual(ctx, outcome, head);
    if (settings.credentials === undefined) {
        throw new context/* ActionFailure */.d("configuration", "No Platform credentials: set client-id, org-id and client-secret (or access-token).");
    }
    // A job limited to some sandboxes says so: the other sandboxes' jobs report their own.
    const limited = settings.sandboxes.length === 0 ? "" : ` in ${settings.sandboxes.join(", ")}`;
    const running = (0,preview/* renderPreview */.Bt)(outcome, { budget: 60_000, stage: "running" });
    await tellPrs(ctx, reports, `### ⏳ Activation running${limited}\n\n${running}`, { head });
    // A catch-up's start is recorded before anything is submitted: its rerun, even of a killed run,
    // starts there again and judges lateness as of now.
    if (start.record !== undefined && !settings.dryRun)
        await pointer?.recordStart(head, start.record);
    // The state is opened (and locked) before anything is submitted. A dry run only reads Platform,
    // except the setup run (manual, init: true) that creates the state without activating anything.
    const setup = settings.dryRun && settings.init && manual;
    const session = settings.dryRun && !setup
        ? undefined
        : await openState(ctx, outcome.execution.jobs, manual, scopeOf(head, outcome.execution.pairs, outcome.headPlans, [
            ...new Set(gated?.commits.values()),
            ...(start.later ?? []),
        ]));
    if (setup)
        port.info(`init: true on a dry run: the activation state is created (if missing) and reconciliation starts at ${head.slice(0, 12)}; nothing is submitted.`);
    const report = await (0,planning/* runApplier */.Hv)(ctx, outcome, settings.dryRun, session === undefined || settings.dryRun
        ? undefined
        : {
            session,
            commit: head,
            force: settings.force,
            laterRuns: true,
            later: await laterRequests(ctx, session.states(), head, outcome.execution.pairs, start.later),
            ...(review === undefined ? {} : { review }),
            ...(gated === undefined ? {} : { commits: gated.commits, reviews: gated.reviews }),
        });
    if (settings.dryRun)
        await session?.release();
    await settleApplied(ctx, report, { setup, manual, head, settle: () => settle(gated?.refused ?? [], true) });
    // A pair waiting for Adobe's first-activation hour is pending: scheduled runs read its sandbox.
    const waiting = report.results.filter((p) => p.code === "first-activation-wait").map((p) => p.sandbox);
    if (waiting.length > 0)
        await pointer?.notePending([...new Set(waiting)], []).catch(() => { });
    await port.appendSummary((0,render_notes/* renderMergeNotes */.kB)(notesOf(gated)) + (0,summary/* renderApplySummary */.I)(outcome, report));
    await (0,action_comment/* tellRefused */.O5)(ctx, gated?.refused ?? []);
    port.setOutput("result", JSON.stringify((0,results_text/* resultRows */.FA)(report.results)));
    (0,planning/* profileExportsOutput */.sV)(ctx, report);
    (0,planning/* attention */.fP)(ctx, (0,stopping/* needsAttention */.e_)(report), gated?.refused ?? [], gated?.unasked, skipped);
    const comment = (0,summary/* renderApplySummary */.I)(outcome, report, {
        budget: 60_000,
        ...(limited === "" ? {} : { title: `Activation${limited}` }),
        ...(settings.runUrl === undefined ? {} : { fullUrl: settings.runUrl }),
    });
    await tellPrs(ctx, reports, comment, { head, final: true });
    failUnlessClean(report, gated?.refused ?? []);
}


/***/ })

};
