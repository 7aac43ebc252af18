export const id = 591;
export const ids = [591,812];
export const modules = {

/***/ 52873:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   O5: () => (/* binding */ tellRefused),
/* harmony export */   XH: () => (/* binding */ tellPrs),
/* harmony export */   ht: () => (/* binding */ tryComment)
/* harmony export */ });
/* unused harmony export jobSections */
/* harmony import */ var _github_comment_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(63812);
/* harmony import */ var _render_notes_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(13559);
/* harmony import */ var _render_escape_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(77291);
/* harmony import */ var _render_preview_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(79294);
// The PR channel: the sticky comment, written when the token may, and a summary-only fallback otherwise.




async function tryComment(ctx, pr, body) {
    const { gh, settings, port } = ctx;
    if (gh === undefined || pr === undefined || settings.repository === undefined) {
        port.info("No PR comment: no token or no pull request; the preview is in the job summary.");
        return;
    }
    try {
        await (0,_github_comment_js__WEBPACK_IMPORTED_MODULE_0__.upsertSticky)(gh, settings.repository, pr, ctx.redact(body), settings.stepKey, await ctx.githubIdentity());
    }
    catch (error) {
        const status = error.status;
        port.warning(`Could not write the PR comment (HTTP ${status ?? "error"}${status === 403 ? ": a read-only token, as on pull requests from forks" : ""}); the preview is in the job summary.`);
    }
}
const JOB = /<!-- aep-activation-plans:job:([a-z0-9+-]+) -->\n([\s\S]*?)\n<!-- \/aep-activation-plans:job:\1 -->/g;
/**
 * A limited run's part of its PR's comment (input `sandboxes`): each job writes its own section and
 * keeps the sections the other sandboxes' jobs wrote for the same review, so no job's results vanish
 * when another writes. Unlimited runs write the whole comment, as before.
 */
async function jobSections(ctx, pr, reviewedHash, markdown) {
    const { gh, settings } = ctx;
    if (settings.sandboxes.length === 0 || gh === undefined || settings.repository === undefined)
        return markdown;
    const key = settings.sandboxes.join("+");
    const existing = await (0,_github_comment_js__WEBPACK_IMPORTED_MODULE_0__.findSticky)(gh, settings.repository, pr, settings.stepKey, await ctx.githubIdentity()).catch(() => undefined);
    const sections = new Map();
    // Only sections written for this same review: a new preview starts the comment afresh.
    if (existing?.body.split("\n")[1]?.includes(`plan-hash=${reviewedHash}`) === true)
        for (const m of existing.body.matchAll(JOB))
            if (m[1] !== key)
                sections.set(m[1] ?? "", m[2] ?? "");
    sections.set(key, markdown);
    const share = Math.floor((_render_preview_js__WEBPACK_IMPORTED_MODULE_2__/* .COMMENT_LIMIT */ .W$ - 4_000) / sections.size);
    return [...sections]
        .sort(([a], [b]) => (a < b ? -1 : 1))
        .map(([k, text]) => `<!-- aep-activation-plans:job:${k} -->\n${(0,_render_escape_js__WEBPACK_IMPORTED_MODULE_3__/* .cutToBytes */ .zP)(text, share)}\n<!-- /aep-activation-plans:job:${k} -->`)
        .join("\n\n---\n\n");
}
/** The PRs a run reports on, each under the markers of its review (kept for later runs' gates). */
async function tellPrs(ctx, reports, markdown) {
    for (const r of reports) {
        const body = await jobSections(ctx, r.pr, r.hash, markdown);
        await tryComment(ctx, r.pr, (0,_github_comment_js__WEBPACK_IMPORTED_MODULE_0__.withMarkers)(body, r.hash, ctx.settings.stepKey, r.by, r.sandboxes));
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
        const note = (0,_render_notes_js__WEBPACK_IMPORTED_MODULE_1__/* .renderRefusedNote */ .jS)(m, settings.runUrl);
        try {
            const existing = await (0,_github_comment_js__WEBPACK_IMPORTED_MODULE_0__.findSticky)(gh, settings.repository, m.pr, settings.stepKey, await ctx.githubIdentity());
            const [sticky = "", hash = "", ...rest] = existing?.body.split("\n") ?? [];
            let preview = rest.join("\n");
            if (preview.startsWith(_render_notes_js__WEBPACK_IMPORTED_MODULE_1__/* .REFUSED_BEGIN */ .Ju))
                preview = preview.slice(preview.indexOf(_render_notes_js__WEBPACK_IMPORTED_MODULE_1__/* .REFUSED_END */ .Vs) + _render_notes_js__WEBPACK_IMPORTED_MODULE_1__/* .REFUSED_END */ .Vs.length);
            preview = preview.replace(/^\n*(---\n+)?/, "");
            const body = existing === undefined
                ? (0,_github_comment_js__WEBPACK_IMPORTED_MODULE_0__.withMarkers)(note, "none: a refused merge", settings.stepKey)
                : (0,_render_escape_js__WEBPACK_IMPORTED_MODULE_3__/* .cutToBytes */ .zP)(`${sticky}\n${hash}\n${note}\n\n---\n\n${preview}`, _render_preview_js__WEBPACK_IMPORTED_MODULE_2__/* .COMMENT_LIMIT */ .W$);
            await (0,_github_comment_js__WEBPACK_IMPORTED_MODULE_0__.upsertSticky)(gh, settings.repository, m.pr, ctx.redact(body), settings.stepKey, await ctx.githubIdentity());
        }
        catch (error) {
            port.warning(`Could not tell PR #${m.pr} its merge was not applied (HTTP ${error.status ?? "error"}); the job summary says why.`);
        }
    }
}


/***/ }),

/***/ 91288:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  fP: () => (/* binding */ attention),
  Sf: () => (/* binding */ computeOutcome),
  NX: () => (/* binding */ planRequest),
  tj: () => (/* binding */ platformOf),
  sV: () => (/* binding */ profileExportsOutput),
  Hv: () => (/* binding */ runApplier)
});

// EXTERNAL MODULE: ./build/src/render/results-text.js
var results_text = __webpack_require__(72626);
// EXTERNAL MODULE: ./build/src/activation/messages.js
var messages = __webpack_require__(52396);
// EXTERNAL MODULE: ./build/src/clock.js
var src_clock = __webpack_require__(78179);
// EXTERNAL MODULE: ./build/src/activation/outcome.js
var activation_outcome = __webpack_require__(83238);
;// CONCATENATED MODULE: ./build/src/activation/book.js


/** Where a pair was asked for, as `file:line` of each plan that asked. */
function where(pair) {
    return pair.requestedBy.map((r) => `${r.file}:${r.audience.pos.line}`).join(", ");
}
class PairBook {
    results = new Map();
    runs = [];
    submissions = 0;
    polls = 0;
    pairsOf(job) {
        const out = [];
        for (const [d, auds] of Object.entries(job.activationInfo)) {
            for (const a of auds) {
                const r = this.results.get((0,activation_outcome/* pairKey */.Yz)(job.sandbox, d, a));
                if (r !== undefined)
                    out.push(r);
            }
        }
        return out;
    }
    /** Settle the still-pending pairs with a code; `located` adds where each pair was asked for. */
    settle(pairs, code, detail = {}, located = false) {
        for (const p of pairs) {
            if (p.status !== "pending")
                continue;
            const d = located ? { ...detail, where: where(p) } : detail;
            p.status = activation_outcome/* OUTCOME_STATUS */.eb[code];
            p.code = code;
            p.detail = d;
            const reason = (0,messages/* reasonFor */.qo)(code, d);
            if (reason !== undefined)
                p.reason = reason;
        }
    }
    timing(runId) {
        return this.runs.find((r) => r.runId === runId);
    }
}

;// CONCATENATED MODULE: ./build/src/activation/poll.js
// The one polling loop: try, and while not done and time remains, wait a backing-off interval.

/**
 * Calls `attempt` until it answers true (returns true) or the time runs out, or the run stops
 * (returns false). No wait passes the deadline or the stop's. `onWait` hears each wait before it starts: the time waited so far and the next.
 */
async function pollUntil(clock, schedule, attempt, onWait) {
    const started = clock.now();
    const { stop } = schedule;
    const deadline = Math.min(started + schedule.timeoutMs, stop?.deadline ?? Infinity);
    let delay = schedule.initialMs;
    const pause = async () => {
        const next = Math.min(delay, Math.max(0, deadline - clock.now()));
        onWait?.(clock.now() - started, next);
        await (0,src_clock/* sleepUnless */.uj)(clock, next, stop);
        delay = Math.min(schedule.maxMs, Math.round(delay * schedule.factor));
    };
    if (schedule.waitFirst === true)
        await pause();
    for (;;) {
        if (stop?.signal.aborted === true)
            return false;
        if (await attempt())
            return true;
        if (clock.now() >= deadline || (0,src_clock/* stopReason */.PJ)(stop, clock.now()) !== undefined)
            return false;
        await pause();
    }
}

// EXTERNAL MODULE: ./build/src/activation/stopping.js
var stopping = __webpack_require__(25880);
;// CONCATENATED MODULE: ./build/src/activation/follow.js




/** Runs are listed from this long before the first submission: the runner's and Platform's clocks differ. */
const LIST_MARGIN_MS = 10 * 60_000;
/** A dataflow's run list read this recently serves another job of the wave (their polls fall together). */
const LIST_REUSE_MS = 1_000;
/**
 * Runs an earlier run started are listed from this long before the state last recorded them (a run
 * is recorded within its run's length of its creation): a day of a dataflow's schedule is a page.
 */
const INHERITED_MARGIN_MS = 24 * 3_600_000;
/**
 * The run lists of a wave's dataflows, shared by its jobs: the jobs of a wave poll on one schedule
 * and mostly share dataflows (400 audiences on 3 dataflows make 5 jobs on the same 3), so one read
 * of a dataflow's runs, made at most LIST_REUSE_MS ago from the wave's start, serves them all.
 */
class SharedRunLists {
    client;
    clock;
    book;
    expected;
    recent = new Map();
    /** Runs are listed from here: the wave's start less the margin, earlier for runs earlier runs started. */
    since;
    constructor(client, clock, book, 
    /** When the wave's first submission was made. */
    startedAt, 
    /** The runs the wave follows on each dataflow (`sandbox\nflow`): a list reads pages enough for them. */
    expected = new Map(), 
    /** When the state last recorded the runs earlier runs started that the wave follows. */
    inheritedRecordedAt) {
        this.client = client;
        this.clock = clock;
        this.book = book;
        this.expected = expected;
        this.since = Math.min(startedAt - LIST_MARGIN_MS, inheritedRecordedAt === undefined ? Infinity : inheritedRecordedAt - INHERITED_MARGIN_MS);
    }
    /** A run read alone was created at `createdAt`: later lists reach back to it. */
    cover(createdAt) {
        if (createdAt !== undefined && createdAt - LIST_MARGIN_MS < this.since)
            this.since = createdAt - LIST_MARGIN_MS;
    }
    list(sandbox, flowId) {
        const key = `${sandbox}\n${flowId}`;
        const now = this.clock.now();
        const hit = this.recent.get(key);
        if (hit !== undefined && now - hit.at <= LIST_REUSE_MS)
            return hit.runs;
        this.book.polls++;
        const runs = this.client.listRuns(sandbox, flowId, this.since, this.expected.get(key) ?? 0);
        this.recent.set(key, { at: now, runs });
        // A failed read is not shared with a later poll.
        runs.catch(() => {
            if (this.recent.get(key)?.runs === runs)
                this.recent.delete(key);
        });
        return runs;
    }
}
async function followRuns(ctx, pairs, job, wave, waves) {
    const { client, clock, log, options, book, lists } = ctx;
    const runIds = [...new Set(pairs.flatMap((p) => (p.runId === undefined ? [] : [p.runId])))];
    const status = new Map();
    const started = clock.now();
    let lastBeat = started;
    let open = runIds;
    /** Why a run's status could not be read at the last look; cleared by a good read. */
    const unreadable = new Map();
    /** Credentials that IMS refuses will not work on the next poll either: stop following. */
    let refused = false;
    const listed = async () => {
        const runs = new Map();
        await Promise.all(Object.keys(job.activationInfo).map(async (flowId) => {
            try {
                for (const run of await lists.list(job.sandbox, flowId))
                    runs.set(run.id, run);
            }
            catch (error) {
                log(`Listing the runs of dataflow ${flowId}: ${error.message}; reading its runs one by one.`);
            }
        }));
        return runs;
    };
    const read = async (id, fromList) => {
        try {
            // Taken from the list, unless the list lacks it or shows it failed (read alone, for its errors;
            // when that read fails, the list's word stands).
            let run = fromList;
            if (run === undefined || (0,activation_outcome/* classifyRun */.I5)(run.status) === "failed") {
                book.polls++;
                run = await client.getRun(job.sandbox, id).catch((error) => {
                    if (fromList === undefined)
                        throw error;
                    return fromList;
                });
                // A run the list lacked (made before the lists reach): the next lists reach it.
                if (fromList === undefined)
                    lists.cover(run.createdAt);
            }
            const before = status.get(id)?.status;
            status.set(id, run);
            unreadable.delete(id);
            if (before?.toLowerCase() !== run.status.toLowerCase() && (0,activation_outcome/* classifyRun */.I5)(run.status) !== "running") {
                const timing = book.timing(id);
                if (timing !== undefined) {
                    timing.endedAt = clock.now();
                    timing.status = run.status;
                }
                log(`Run ${id} (job ${job.id}): ${run.status} after ${(0,src_clock/* formatDuration */.a3)(clock.now() - started)}.`);
            }
        }
        catch (error) {
            unreadable.set(id, error.message);
            if (error.refused === true)
                refused = true; // an AuthError of IMS's refusal
            log(`Reading run ${id}: ${error.message}`);
        }
    };
    const heartbeat = () => {
        if (clock.now() - lastBeat < options.heartbeatMs)
            return;
        lastBeat = clock.now();
        const counts = new Map();
        for (const id of open) {
            const s = status.get(id)?.status ?? "submitted";
            counts.set(s, (counts.get(s) ?? 0) + 1);
        }
        log(`Wave ${wave} of ${waves}, job ${job.id}: waiting for ${open.length} of ${runIds.length} run(s) (${[...counts].map(([s, n]) => `${n} ${s}`).join(", ")}), ${(0,src_clock/* formatDuration */.a3)(clock.now() - started)} so far.`);
    };
    if (open.length > 0) {
        await pollUntil(clock, {
            initialMs: options.pollInitialMs,
            maxMs: options.pollMaxMs,
            factor: 1.5,
            timeoutMs: options.runTimeoutMs,
            waitFirst: true,
            ...(options.stop === undefined ? {} : { stop: options.stop }),
        }, async () => {
            const runs = await listed();
            await Promise.all(open.map((id) => read(id, runs.get(id))));
            open = open.filter((id) => (0,activation_outcome/* classifyRun */.I5)(status.get(id)?.status) === "running");
            if (open.length > 0 && !refused)
                heartbeat();
            return open.length === 0 || refused;
        });
        // Runs still open when time ran out are read alone once: a list may lag behind a run's end (not
        // on a cancellation: the runner kills the process seconds later, and the state must be written first).
        if (open.length > 0 && !refused && !options.stop?.signal.aborted)
            await Promise.all(open.map((id) => read(id)));
    }
    const stopped = (0,src_clock/* stopReason */.PJ)(options.stop, clock.now());
    for (const p of pairs) {
        const run = p.runId === undefined ? undefined : status.get(p.runId);
        if (run !== undefined)
            p.run = run;
        const outcome = (0,activation_outcome/* classifyRun */.I5)(run?.status);
        const runId = p.runId ?? "";
        if (outcome === "succeeded")
            book.settle([p], "succeeded");
        else if (outcome === "failed") {
            const runErrors = (run?.errors ?? [])
                .map((e) => [e.code, e.message].filter(Boolean).join(": "))
                .join("; ");
            book.settle([p], "run-failed", {
                runId,
                ...(run === undefined ? {} : { runStatus: run.status }),
                runErrors,
            });
        }
        else {
            const runStatus = run === undefined ? {} : { runStatus: run.status };
            const why = unreadable.get(runId);
            const budgetMs = options.stop?.budgetMs;
            book.settle([p], "run-timeout", {
                runId,
                ...runStatus,
                timeoutMs: clock.now() - started,
                ...(why === undefined ? {} : { message: why }),
                ...(stopped === undefined ? {} : { stopped, ...(budgetMs === undefined ? {} : { budgetMs }) }),
                ...(0,stopping/* unrecorded */.yt)(options),
            });
        }
    }
}

;// CONCATENATED MODULE: ./build/src/activation/preflight.js



const HOUR_MS = 3_600_000;
/**
 * Flow specs Adobe lists for file-based (batch) destinations: cloud storage (S3, SFTP, Azure Blob)
 * and Oracle Eloqua, Oracle Responsys, Salesforce Marketing Cloud, and the beta segment export spec.
 */
const FILE_BASED_SPECS = new Set([
    "71471eba-b620-49e4-90fd-23f1fa0174d8",
    "51d675ce-e270-408d-91fc-22717bdf2148",
    "493b2bd6-26e4-4167-ab3b-5e910bba44f0",
    "1a0514a6-33d4-4c7f-aff8-594799c47549",
]);
/**
 * Ad-hoc activation serves file-based destinations only. A dataflow is taken for a streaming one only
 * on evidence: it names a flow spec that Adobe does not list for file-based destinations, and none of
 * its audiences is exported as files (a file export's selectors have an export mode and schedule).
 */
const streaming = (flow) => flow.flowSpecId !== undefined &&
    !FILE_BASED_SPECS.has(flow.flowSpecId) &&
    !flow.selectors.some((s) => s.exportMode !== undefined);
/** Why a pair cannot be activated now according to its dataflow, or undefined when it can. */
function checkPair(flow, flowId, sandbox, audience, now) {
    if (flow === undefined)
        return { code: "flow-not-found", detail: { flowId, sandbox } };
    if (flow.state.toLowerCase() !== "enabled")
        return { code: "flow-disabled", detail: { flowId, flowState: flow.state } };
    if (streaming(flow))
        return {
            code: "not-file-based",
            detail: { flowId, ...(flow.flowSpecId === undefined ? {} : { flowSpec: flow.flowSpecId }) },
        };
    // An external audience: the selector's `id` is its source's, ad-hoc activation wants systemSegmentId.
    const external = flow.selectors.find((s) => s.systemSegmentId !== undefined && s.audienceId === audience && s.systemSegmentId !== audience);
    if (external?.systemSegmentId !== undefined)
        return { code: "external-id", detail: { flowId, audience, systemId: external.systemSegmentId } };
    const selector = flow.selectors.find((s) => (s.systemSegmentId ?? s.audienceId) === audience);
    if (selector === undefined)
        return { code: "not-mapped", detail: { flowId, audience } };
    const today = new Date(now).toISOString().slice(0, 10);
    if (selector.startDate !== undefined && selector.startDate > today)
        return { code: "schedule-not-started", detail: { flowId, date: selector.startDate } };
    if (selector.endDate !== undefined && selector.endDate < today)
        return { code: "schedule-ended", detail: { flowId, date: selector.endDate } };
    if (selector.createTime !== undefined && selector.createTime * 1000 + HOUR_MS > now) {
        const readyAt = new Date(selector.createTime * 1000 + HOUR_MS).toISOString();
        return { code: "activated-recently", detail: { flowId, readyAt } };
    }
    return undefined;
}
/** A name as people compare them: Unicode-normalised, spaces collapsed, case ignored. */
const comparable = (name) => name.normalize("NFKC").trim().replace(/\s+/g, " ").toLowerCase();
/**
 * A plan's `name:` for an audience that Platform calls otherwise: the ID may point at other people
 * than the reviewer read. Checked for each plan that asks for the pair, at the line it names it.
 */
function checkNames(pair, platform) {
    const known = platform?.audience;
    if (known === undefined)
        return undefined;
    for (const r of pair.requestedBy) {
        const planName = r.audience.name;
        if (planName !== undefined && comparable(planName) !== comparable(known))
            return {
                code: "name-mismatch",
                detail: {
                    audience: pair.audience,
                    planName,
                    platformName: known,
                    where: `${r.file}:${r.audience.pos.line}`,
                },
            };
    }
    return undefined;
}
/** An evaluation older than this is stale: Platform evaluates batch audiences every 24 hours. */
const MAX_EVALUATION_AGE_MS = 26 * HOUR_MS;
/**
 * An audience Platform evaluates but has not lately: never (not in any evaluation read, and the
 * evaluations read reach back past the bound, or are all there are), or not for MAX_EVALUATION_AGE_MS.
 * Externals (`size: "external"`) are not Platform's to evaluate; an audience not found in evaluations
 * that do not reach back that far is unknown, not stale.
 */
function checkEvaluation(pair, read, now, maxAgeMs = MAX_EVALUATION_AGE_MS) {
    const { size, audience } = pair;
    if (size === "external")
        return undefined;
    const iso = (ms) => new Date(ms).toISOString();
    if (size === undefined) {
        const conclusive = read.complete || (read.since !== undefined && read.since < now - maxAgeMs);
        if (!conclusive)
            return undefined;
        return {
            code: "not-evaluated",
            // Every evaluation read: none lists it. Else: none since the oldest read lists it.
            detail: {
                audience,
                ...(read.complete || read.since === undefined ? {} : { evaluatedAt: iso(read.since) }),
            },
        };
    }
    if (size.evaluatedAt >= now - maxAgeMs)
        return undefined;
    return { code: "stale-evaluation", detail: { audience, evaluatedAt: iso(size.evaluatedAt), maxAgeMs } };
}
const BUSY_EXPORT = new Set(["new", "processing"]);
const BUSY_RUN = new Set([
    "processing",
    "inprogress",
    "in_progress",
    "running",
    "waiting",
    "queued",
    "pending",
]);
const RECENT_MS = 24 * 3_600_000;
/** What is keeping ad-hoc runs from starting in this sandbox, or undefined when nothing is. */
async function scheduledExportInProgress(client, sandbox, flowIds, now) {
    const jobs = await client.listExportJobs(sandbox);
    const busy = jobs.find((j) => BUSY_EXPORT.has(j.status.toLowerCase()));
    if (busy !== undefined)
        return { kind: "export-job", id: busy.id, status: busy.status };
    for (const flowId of flowIds) {
        // Only recent runs: an export in progress started within the day, and a dataflow's whole history
        // (years of scheduled exports) would be many pages.
        const runs = await client.listRuns(sandbox, flowId, now - RECENT_MS);
        const running = runs.find((r) => BUSY_RUN.has(r.status.toLowerCase()));
        if (running !== undefined)
            return { kind: "run", id: running.id, flowId, status: running.status };
    }
    return undefined;
}
/** Wait (bounded) until no scheduled export is in progress; returns what still blocks on timeout. */
async function waitForScheduledExports(client, sandbox, flowIds, timeoutMs, clock, log, pollMs = 5_000, stop) {
    const started = clock.now();
    let busy;
    const clear = await pollUntil(clock, { initialMs: pollMs, maxMs: 60_000, factor: 2, timeoutMs, ...(stop === undefined ? {} : { stop }) }, async () => (busy = await scheduledExportInProgress(client, sandbox, flowIds, clock.now())) === undefined, (waited, next) => log(`Sandbox ${sandbox}: waiting because ${busy === undefined ? "an export is running" : (0,messages/* busySentence */.Bc)(busy)} (Adobe does not allow ad-hoc runs during a scheduled export); checking again in ${(0,src_clock/* formatDuration */.a3)(next)} (${(0,src_clock/* formatDuration */.a3)(waited)} waited of at most ${(0,src_clock/* formatDuration */.a3)(timeoutMs)}).`));
    if (clear)
        return undefined;
    return {
        code: "export-in-progress",
        detail: { ...(busy === undefined ? {} : { busy }), waitedMs: clock.now() - started },
    };
}

;// CONCATENATED MODULE: ./build/src/activation/sandbox-preflight.js



/** What `read` gives, or why it could not (then what it reads is not checked: a note, not a finding). */
async function readOrWhy(read, missing) {
    if (read === undefined)
        return missing;
    try {
        return await read();
    }
    catch (error) {
        return error.message;
    }
}
/** Checks a sandbox's pairs; returns what of Platform's names and sizes it could read for them. */
async function preflightSandbox(ctx, sandbox, jobs) {
    const { book, options, log } = ctx;
    const pairs = jobs.flatMap((j) => book.pairsOf(j));
    const flowIds = [...new Set(pairs.map((p) => p.destination))].sort();
    log(`Pre-flight in sandbox ${sandbox}: ${(0,messages/* plural */.LS)(flowIds.length, "dataflow")}, ${(0,messages/* plural */.LS)(pairs.length, "pair")}.`);
    const flows = new Map();
    try {
        for (const id of flowIds)
            flows.set(id, await ctx.client.getFlow(sandbox, id));
    }
    catch (error) {
        book.settle(pairs, "preflight-unreadable", { step: "dataflows", message: error.message });
        return { names: false, sizes: false };
    }
    // A port may lack these reads (tests hand in others): then names and sizes are not checked.
    const getAudiences = ctx.client.getAudiences?.bind(ctx.client);
    const getSizes = ctx.client.getAudienceSizes?.bind(ctx.client);
    const audienceIds = [...new Set(pairs.map((p) => p.audience))].sort();
    const audiences = await readOrWhy(getAudiences === undefined
        ? undefined
        : async () => new Map((await getAudiences(sandbox, audienceIds)).map((a) => [a.id, a])), "this client cannot read audiences");
    if (typeof audiences === "string") {
        const note = (0,messages/* uncheckedNote */.BH)(sandbox, "names", audiences);
        ctx.notes.push(note);
        log(note);
    }
    const now = ctx.clock.now();
    // Externals are Platform's to name, not to evaluate: their size is unknown, not stale.
    const external = (p) => (typeof audiences !== "string" && audiences.get(p.audience)?.external === true) ||
        flows.get(p.destination)?.selectors.some((s) => s.systemSegmentId === p.audience) === true;
    const evaluated = [...new Set(pairs.filter((p) => !external(p)).map((p) => p.audience))].sort();
    const sizes = await readOrWhy(getSizes === undefined ? undefined : () => getSizes(sandbox, evaluated), "this client cannot read segment jobs");
    if (typeof sizes === "string") {
        const note = (0,messages/* uncheckedNote */.BH)(sandbox, "sizes", sizes);
        ctx.notes.push(note);
        log(note);
    }
    for (const p of pairs) {
        const flow = flows.get(p.destination);
        const audience = typeof audiences === "string" ? undefined : audiences.get(p.audience);
        // Mapped by its ID in Platform; else (an external audience named by its source's ID) by that.
        const selector = flow?.selectors.find((s) => (s.systemSegmentId ?? s.audienceId) === p.audience) ??
            flow?.selectors.find((s) => s.audienceId === p.audience);
        const audienceName = audience?.name ?? selector?.name;
        const names = {
            ...(audienceName === undefined ? {} : { audience: audienceName }),
            ...(flow?.name === undefined ? {} : { destination: flow.name }),
        };
        if (Object.keys(names).length > 0)
            p.names = names;
        if (typeof sizes !== "string") {
            const size = external(p) ? "external" : sizes.sizes.get(p.audience);
            if (size !== undefined)
                p.size = size;
        }
        if (p.status !== "pending" || p.runId !== undefined)
            continue; // settled, or a run being followed
        const finding = checkPair(flow, p.destination, sandbox, p.audience, now) ??
            checkNames(p, names) ??
            (typeof sizes === "string" ? undefined : checkEvaluation(p, sizes, now, options.maxEvaluationAgeMs));
        if (finding !== undefined) {
            book.settle([p], finding.code, finding.detail, finding.detail.where === undefined);
            log(`Not submitting ${p.audience} → ${p.destination}: ${(0,messages/* findingSentence */.dj)(finding.code, finding.detail)}`);
        }
    }
    const remaining = pairs.filter((p) => p.status === "pending" && p.runId === undefined);
    if (remaining.length > 0 && options.dryRun) {
        // Read once, never waited for: a dry run (a PR's pre-flight) says so, as information.
        const flows = [...new Set(remaining.map((p) => p.destination))];
        const busy = await scheduledExportInProgress(ctx.client, sandbox, flows, ctx.clock.now()).catch(() => undefined);
        const note = busy === undefined ? undefined : (0,messages/* exportNote */.Fh)(sandbox, busy);
        if (note !== undefined) {
            ctx.notes.push(note);
            log(note);
        }
    }
    const checked = { names: typeof audiences !== "string", sizes: typeof sizes !== "string" };
    if (remaining.length === 0 || options.dryRun || options.frozen === true)
        return checked;
    try {
        const busy = await waitForScheduledExports(ctx.client, sandbox, [...new Set(remaining.map((p) => p.destination))], options.preflightTimeoutMs, ctx.clock, log, options.pollInitialMs * 2, options.stop);
        // A wait the run's stop ended says so (and costs no try); otherwise the export outlasted timeout-minutes.
        const why = busy === undefined ? undefined : (0,src_clock/* stopReason */.PJ)(options.stop, ctx.clock.now());
        const budgetMs = options.stop?.budgetMs;
        if (why !== undefined)
            book.settle(remaining, why, budgetMs === undefined ? {} : { budgetMs });
        else if (busy !== undefined)
            book.settle(remaining, busy.code, busy.detail);
        if (options.apiVersion === 1) {
            const profile = (await ctx.client.listExportJobs(sandbox)).find((j) => j.schemaName === "_xdm.context.profile");
            if (profile === undefined)
                book.settle(remaining, "no-export-job");
            else
                ctx.exportIds.set(sandbox, [profile.id]);
        }
    }
    catch (error) {
        book.settle(remaining, "preflight-unreadable", { step: "exports", message: error.message });
    }
    return checked;
}

// EXTERNAL MODULE: ./build/src/plan/ids.js
var ids = __webpack_require__(73891);
;// CONCATENATED MODULE: ./build/src/activation/adobe-errors.js
// Adobe's documented ad-hoc activation refusals, recognised from their messages (Platform gives no
// machine-readable code for them). Pure.

const RUN_ALREADY = /Run already going on for (?:audience|segment) (\S+) for order (\S+) with run id (\S+)/i;
const NOT_IN_FLOW = /Segments? (.*?) (?:are not part of this dataflow|doesn't belong to this dataflow)/i;
function classifyRefusal(status, message) {
    if (status !== 400)
        return { kind: "other" };
    const already = RUN_ALREADY.exec(message);
    if (already?.[1] !== undefined && already[3] !== undefined) {
        return { kind: "run-in-progress", audience: (0,ids/* canonicalId */.i)(already[1]), runId: already[3] };
    }
    const notInFlow = NOT_IN_FLOW.exec(message);
    if (notInFlow?.[1] !== undefined) {
        return { kind: "not-in-dataflow", names: notInFlow[1].split(/,\s*/).map((n) => n.trim().toLowerCase()) };
    }
    return { kind: "other" };
}

;// CONCATENATED MODULE: ./build/src/activation/submit.js




class Submitter {
    client;
    clock;
    log;
    options;
    book;
    /** Export job IDs per sandbox (the v1 API needs them). */
    exportIds = new Map();
    /** Submissions whose reply has not arrived: a lost reply waits for them before checking runs. */
    inFlight = new Set();
    /** Every run ID a reply gave us, recorded the moment the reply arrives. */
    ourRuns = new Set();
    /** Closed while a lost reply is checked: no new submission may create runs meanwhile. */
    gate = Promise.resolve();
    constructor(client, clock, log, options, book) {
        this.client = client;
        this.clock = clock;
        this.log = log;
        this.options = options;
        this.book = book;
    }
    async gateOpen() {
        for (;;) {
            const g = this.gate;
            await g;
            if (g === this.gate)
                return;
        }
    }
    /** Runs `fn` with the gate closed, after every submission already under way has its reply. */
    async exclusive(fn) {
        const previous = this.gate;
        let release = () => { };
        this.gate = new Promise((r) => (release = r));
        try {
            await previous;
            await Promise.allSettled([...this.inFlight]);
            return await fn();
        }
        finally {
            release();
        }
    }
    /** Submit a job's pending pairs; pairs whose run an earlier attempt started are followed instead. */
    async submitJob(job, wave) {
        const pending = this.book.pairsOf(job).filter((p) => p.status === "pending");
        const adopted = pending.filter((p) => p.runId !== undefined);
        for (const p of adopted) {
            const runId = p.runId ?? "";
            this.book.runs.push({ runId, jobId: job.id, wave, submittedAt: this.clock.now(), status: "followed" });
        }
        if (adopted.length > 0) {
            this.log(`Job ${job.id}: following ${adopted.length} run(s) an earlier attempt started, instead of resubmitting.`);
        }
        const fresh = pending.filter((p) => p.runId === undefined);
        return [...adopted, ...(fresh.length === 0 ? [] : await this.submit(job, fresh, wave, 0))];
    }
    info(pairs) {
        const info = {};
        for (const p of pairs)
            (info[p.destination] ??= []).push(p.audience);
        return info;
    }
    /** Runs created on the pairs' dataflows since `since` that no reply gave us; undefined if unreadable. */
    async unexplainedRuns(job, pairs, since) {
        const lists = await this.exclusive(() => Promise.all([...new Set(pairs.map((p) => p.destination))].map((d) => this.client.listRuns(job.sandbox, d, since - 1000).catch(() => undefined))));
        if (lists.includes(undefined))
            return undefined;
        return lists.flatMap((l) => l ?? []).filter((r) => !this.ourRuns.has(r.id)).length;
    }
    /** Submit pairs as one job; returns the pairs that got a run. */
    async submit(job, pairs, wave, depth) {
        let remaining = pairs.filter((p) => p.status === "pending");
        const withRuns = [];
        const deferred = [];
        while (remaining.length > 0) {
            await this.gateOpen();
            // Cancelled while this job waited its turn: it is not sent.
            if (this.options.stop?.signal.aborted === true) {
                this.book.settle(remaining, "cancelled");
                break;
            }
            const attemptAt = this.clock.now();
            this.book.submissions++;
            const call = this.client.submit(job.sandbox, this.info(remaining), this.exportIds.get(job.sandbox));
            void call.then((o) => {
                if (o.kind === "accepted")
                    for (const order of o.orders)
                        this.ourRuns.add(order.runId);
            }, () => { });
            this.inFlight.add(call);
            // An exception (a refused token renewal, say) may come after the request left: treat it as a lost reply.
            const outcome = await call
                .catch((error) => ({ kind: "uncertain", reason: error.message }))
                .finally(() => this.inFlight.delete(call));
            if (outcome.kind === "accepted") {
                const byKey = new Map(outcome.orders.map((o) => [(0,activation_outcome/* pairKey */.Yz)(job.sandbox, o.destination, o.audience), o.runId]));
                for (const p of remaining) {
                    const runId = byKey.get((0,activation_outcome/* pairKey */.Yz)(p.sandbox, p.destination, p.audience));
                    if (runId === undefined)
                        this.book.settle([p], "no-run-returned");
                    else {
                        p.runId = runId;
                        p.sent = true;
                        withRuns.push(p);
                        this.book.runs.push({ runId, jobId: job.id, wave, submittedAt: attemptAt, status: "submitted" });
                    }
                }
                const n = outcome.orders.length;
                this.log(`Job ${job.id}: accepted, ${n} run${n === 1 ? "" : "s"} started.`);
                break;
            }
            if (outcome.kind === "uncertain") {
                // The submission may have reached Platform. An empty runs list proves nothing (it lags, and
                // Platform's clock may differ from ours), so it is never sent again here: the pairs stay
                // unknown, for the next run to resolve from the runs or for a person to decide. The runs
                // seen so far are only counted for the message.
                await (0,src_clock/* sleepUnless */.uj)(this.clock, this.options.listSettleMs ?? 0, this.options.stop);
                const created = await this.unexplainedRuns(job, remaining, attemptAt);
                const runsCreated = created === undefined ? {} : { runsCreated: created };
                this.book.settle(remaining, "reply-lost", { message: outcome.reason, ...runsCreated });
                break;
            }
            const refusal = classifyRefusal(outcome.status, outcome.message);
            if (refusal.kind === "run-in-progress") {
                const blocked = remaining.filter((p) => p.audience === refusal.audience);
                if (blocked.length === 0 || depth >= 3) {
                    this.book.settle(remaining, "rejected", { httpStatus: outcome.status, message: outcome.message });
                    break;
                }
                remaining = remaining.filter((p) => p.audience !== refusal.audience);
                this.log(`Job ${job.id}: audience ${refusal.audience} already has run ${refusal.runId} in flight; waiting for it to end before submitting that audience again.`);
                deferred.push(this.afterRun(job, blocked, refusal.runId, wave, depth));
                continue;
            }
            if (refusal.kind === "not-in-dataflow") {
                const named = remaining.filter((p) => refusal.names.some((n) => n === p.audience || p.requestedBy.some((r) => r.audience.name?.toLowerCase() === n)));
                const settled = named.length === 0 ? remaining : named;
                this.book.settle(settled, "not-in-dataflow", { message: outcome.message }, true);
                remaining = remaining.filter((p) => !settled.includes(p));
                continue;
            }
            if (outcome.status === 0)
                this.book.settle(remaining, "unreachable", { message: outcome.message });
            else
                this.book.settle(remaining, "rejected", { httpStatus: outcome.status, message: outcome.message });
            break;
        }
        for (const more of await Promise.all(deferred))
            withRuns.push(...more);
        return withRuns;
    }
    /** Wait for a conflicting run to end, then submit the blocked audience's pairs on their own. */
    async afterRun(job, pairs, runId, wave, depth) {
        const label = `run ${runId} (already in flight)`;
        const ended = await pollUntil(this.clock, {
            initialMs: this.options.pollInitialMs,
            maxMs: this.options.pollMaxMs,
            factor: 1.5,
            timeoutMs: this.options.runTimeoutMs,
            ...(this.options.stop === undefined ? {} : { stop: this.options.stop }),
        }, async () => {
            try {
                this.book.polls++;
                const run = await this.client.getRun(job.sandbox, runId);
                if ((0,activation_outcome/* classifyRun */.I5)(run.status) !== "running")
                    return true;
                this.log(`Waiting for ${label}: ${run.status}.`);
            }
            catch (error) {
                this.log(`Waiting for ${label}: ${error.message}`);
            }
            return false;
        });
        if (!ended) {
            const stopped = (0,src_clock/* stopReason */.PJ)(this.options.stop, this.clock.now());
            if (stopped !== undefined)
                this.book.settle(pairs, stopped, { runId });
            else
                this.book.settle(pairs, "conflict-timeout", { runId, timeoutMs: this.options.runTimeoutMs });
            return [];
        }
        return this.submit(job, pairs, wave, depth + 1);
    }
}

;// CONCATENATED MODULE: ./build/src/activation/engine.js
// Apply an execution plan: pre-flight per sandbox, then waves in order (the jobs of a wave together),
// and follow every run to its end. Every pair ends with an outcome code: succeeded, failed or
// not-submitted, each with its reason; nothing requested is dropped.








class Applier {
    client;
    clock;
    log;
    options;
    book = new PairBook();
    /** Information a dry run found (a scheduled export running now). */
    notes = [];
    submitter;
    /** Every sandbox's audience names were read from Platform (else the plans' names are shown unchecked). */
    namesChecked = true;
    sizesChecked = true;
    /** The earliest time the state recorded a run an earlier run started (its lists reach back for it). */
    inheritedRecordedAt;
    constructor(client, clock, log, options) {
        this.client = client;
        this.clock = clock;
        this.log = log;
        this.options = options;
        this.submitter = new Submitter(client, clock, log, options, this.book);
    }
    async apply(plan) {
        const startedAt = this.clock.now();
        const { book } = this;
        const waveOf = new Map(plan.jobs.map((j) => [j.id, j.wave]));
        for (const pair of plan.pairs) {
            book.results.set((0,activation_outcome/* pairKey */.Yz)(pair.sandbox, pair.destination, pair.audience), {
                sandbox: pair.sandbox,
                destination: pair.destination,
                audience: pair.audience,
                jobId: pair.jobId,
                wave: waveOf.get(pair.jobId) ?? 1,
                requestedBy: pair.requestedBy,
                status: "pending",
            });
        }
        try {
            await this.run(plan);
        }
        catch (error) {
            // Nothing escapes the engine: every pair still ends with an outcome, and a pair whose run was
            // started keeps its run ID, so the activation state records it to be followed, never submitted again.
            this.log(`The activation stopped on an unexpected error: ${error.message}`);
            book.settle([...book.results.values()], "internal", { message: error.message });
        }
        book.settle([...book.results.values()], "internal");
        const stopped = (0,stopping/* stoppedBy */.$)(book.results.values());
        return {
            results: [...book.results.values()],
            runs: book.runs,
            startedAt,
            finishedAt: this.clock.now(),
            submissions: book.submissions,
            polls: book.polls,
            dryRun: this.options.dryRun,
            ...(this.options.frozen === true ? { frozen: true } : {}),
            ...(stopped === undefined ? {} : { stopped }),
            ...(this.notes.length === 0 ? {} : { notes: this.notes }),
            ...(this.namesChecked && plan.jobs.length > 0 ? { namesChecked: true } : {}),
            ...(this.sizesChecked && plan.jobs.length > 0 ? { sizesChecked: true } : {}),
        };
    }
    async run(plan) {
        const { book } = this;
        this.applyPrevious();
        for (const [sandbox, jobs] of [...Map.groupBy(plan.jobs, (j) => j.sandbox)].sort(([a], [b]) => a.localeCompare(b))) {
            const checked = await preflightSandbox(this.preflightContext(), sandbox, jobs);
            if (!checked.names)
                this.namesChecked = false;
            if (!checked.sizes)
                this.sizesChecked = false;
        }
        if (this.options.frozen === true) {
            const held = [...book.results.values()].filter((p) => p.status === "pending" && p.runId === undefined);
            if (held.length > 0)
                this.log(`The activation freeze is on: not submitting ${(0,messages/* plural */.LS)(held.length, "pair")}; runs already started are still followed.`);
            book.settle(held, "frozen");
        }
        if (this.options.dryRun) {
            book.settle([...book.results.values()], "dry-run");
        }
        else {
            for (let wave = 1; wave <= plan.waves; wave++) {
                const jobs = plan.jobs.filter((j) => j.wave === wave && book.pairsOf(j).some((p) => p.status === "pending"));
                if (jobs.length === 0)
                    continue;
                if (this.stopped(wave))
                    break;
                this.log(`Wave ${wave} of ${plan.waves}: submitting ${(0,messages/* plural */.LS)(jobs.length, "job")}.`);
                const waveStartedAt = this.clock.now();
                await this.recordIntents(jobs);
                // A cancellation while the intents were written: nothing is submitted after all.
                if (this.stopped(wave))
                    break;
                const submitted = await Promise.all(jobs.map((job) => this.submitter.submitJob(job, wave)));
                await this.options.onSubmitted?.([...book.results.values()]);
                // The wave's jobs share each dataflow's run list: one read serves every job that polls it.
                const expected = Map.groupBy(jobs.flatMap((j) => book.pairsOf(j)), (p) => `${p.sandbox}\n${p.destination}`);
                const lists = new SharedRunLists(this.client, this.clock, book, waveStartedAt, new Map([...expected].map(([k, ps]) => [k, ps.length])), this.inheritedRecordedAt);
                const ctx = {
                    client: this.client,
                    clock: this.clock,
                    log: this.log,
                    options: this.options,
                    book,
                    lists,
                };
                await Promise.all(jobs.map((job, i) => followRuns(ctx, submitted[i] ?? [], job, wave, plan.waves)));
            }
        }
    }
    preflightContext() {
        const { client, clock, log, options, book, notes } = this;
        return { client, clock, log, options, book, notes, exportIds: this.submitter.exportIds };
    }
    /** When the run stops (cancelled, or its time budget ended), no wave starts (see settleStopped). */
    stopped(wave) {
        const why = (0,src_clock/* stopReason */.PJ)(this.options.stop, this.clock.now());
        if (why === undefined)
            return false;
        (0,stopping/* settleStopped */.PA)(this.book, this.options, why, wave, this.log);
        return true;
    }
    /** Intents first: when they cannot be recorded, nothing more is submitted (runs already started are still followed). */
    async recordIntents(jobs) {
        const hook = this.options.beforeSubmit;
        const fresh = jobs
            .flatMap((j) => this.book.pairsOf(j))
            .filter((p) => p.status === "pending" && p.runId === undefined);
        if (hook === undefined || fresh.length === 0)
            return;
        try {
            await hook(fresh);
        }
        catch (error) {
            const unsent = [...this.book.results.values()].filter((p) => p.status === "pending" && p.runId === undefined);
            this.log(`Not submitting ${(0,messages/* plural */.LS)(unsent.length, "pair")}: the activation state could not be written (${error.message}).`);
            this.book.settle(unsent, "state-unavailable", { message: error.message });
        }
    }
    /** Apply what earlier runs left (the activation state): successes stay, running runs are followed, unknowns wait. */
    applyPrevious() {
        const previous = this.options.previous;
        if (previous === undefined)
            return;
        const counts = { succeeded: 0, running: 0, unknown: 0 };
        for (const [key, entry] of previous) {
            const p = this.book.results.get(key);
            if (p === undefined)
                continue;
            counts[entry.state]++;
            if (entry.state === "succeeded")
                this.book.settle([p], "succeeded-earlier");
            else if (entry.state === "running" && entry.runId !== undefined) {
                p.runId = entry.runId;
                if (entry.recordedAt !== undefined)
                    this.inheritedRecordedAt = Math.min(this.inheritedRecordedAt ?? Infinity, entry.recordedAt);
            }
            else
                this.book.settle([p], "earlier-unknown", {
                    pair: `${p.destination}/${p.audience}`,
                    ...(entry.candidates === undefined ? {} : { candidates: entry.candidates }),
                });
        }
        this.log(`Earlier runs of this request (the activation state): ${counts.succeeded} pair(s) already succeeded (not submitted again), ${counts.running} run(s) still to follow, ${counts.unknown} pair(s) in an unknown state; the rest is submitted.`);
    }
}

;// CONCATENATED MODULE: ./build/src/activation/types.js
/** The options the CLI and the Action use: poll intervals for runs that take minutes. */
function standardApplyOptions(o) {
    return {
        apiVersion: o.apiVersion,
        dryRun: o.dryRun,
        preflightTimeoutMs: o.timeoutMinutes * 60_000,
        runTimeoutMs: o.timeoutMinutes * 60_000,
        pollInitialMs: 2_000,
        pollMaxMs: 30_000,
        heartbeatMs: 30_000,
        listSettleMs: 60_000,
    };
}

// EXTERNAL MODULE: ./build/src/aep/connect.js + 8 modules
var connect = __webpack_require__(1619);
;// CONCATENATED MODULE: ./build/src/app/activate.js
// The use case "activate a job plan", shared by the CLI and the Action: connect to Platform with the
// given settings, run the engine (pre-flight only, or a full apply), and always close the connection.




/** activated-recently pairs as first-activation-wait: recorded pending, sent by a later run. */
function keptPending(report) {
    if (!report.results.some((p) => p.code === "activated-recently"))
        return report;
    const results = report.results.map((p) => {
        if (p.code !== "activated-recently")
            return p;
        const detail = p.detail ?? {};
        const reason = (0,messages/* reasonFor */.qo)("first-activation-wait", detail);
        return { ...p, code: "first-activation-wait", ...(reason === undefined ? {} : { reason }) };
    });
    return { ...report, results };
}
async function activate(plan, request, hooks) {
    const platform = (0,connect/* connectPlatform */.c0)({ ...request.platform, ...(request.stop === undefined ? {} : { cancelled: request.stop.signal }) }, hooks.clock, hooks.registerSecret, hooks.log);
    try {
        const { state } = request;
        const client = request.platform.credentials.clientId;
        const context = {
            client,
            ...(state?.review === undefined ? {} : { review: state.review }),
            ...(state?.commits === undefined ? {} : { commits: state.commits }),
            ...(state?.reviews === undefined ? {} : { reviews: state.reviews }),
        };
        let ledger = request.ledger;
        if (state !== undefined) {
            // Unknown pairs are resolved before anything is submitted (a dry run only reads).
            const unexplained = request.dryRun ? [] : await state.session.resolve(platform.client, client);
            if (unexplained.length > 0)
                hooks.log(`Warning: ${unexplained.length} run(s) on these dataflows were created by this credential (${client}) but not by this state: ${unexplained.map((r) => r.id).join(", ")}. Another step-key, repository or CLI user shares it; give each state key its own credential so unknown pairs can be resolved.`);
            if (state.force)
                hooks.log("force: true: pairs the state holds as succeeded are submitted again (recorded); unknown pairs are not.");
            ledger = state.session.hooks(state.commit, plan.pairs, state.force, context);
        }
        const options = {
            ...standardApplyOptions({
                apiVersion: request.apiVersion,
                dryRun: request.dryRun,
                timeoutMinutes: request.timeoutMinutes,
            }),
            ...ledger,
            ...(request.frozen === true ? { frozen: true } : {}),
            ...(request.stop === undefined ? {} : { stop: request.stop }),
            ...(request.maxEvaluationAgeMs === undefined ? {} : { maxEvaluationAgeMs: request.maxEvaluationAgeMs }),
        };
        let report = await new Applier(platform.client, hooks.clock, hooks.log, options).apply(plan);
        // With a state, a pair waiting for Adobe's first-activation hour is kept as pending, not failed.
        if (state?.laterRuns === true && !request.dryRun)
            report = keptPending(report);
        const notRecorded = await state?.session.finish(report, state.commit, context);
        report = {
            ...report,
            traffic: {
                calls: [...platform.stats.calls].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)),
                limit: platform.limit,
                pausedMs: platform.stats.pausedMs,
            },
        };
        return notRecorded === undefined ? report : { ...report, stateNotRecorded: notRecorded };
    }
    finally {
        await platform.close();
    }
}

// EXTERNAL MODULE: ./build/src/app/plan-change.js + 1 modules
var plan_change = __webpack_require__(55415);
// EXTERNAL MODULE: ./build/src/action/annotations.js
var annotations = __webpack_require__(82786);
// EXTERNAL MODULE: ./build/src/render/problems.js
var problems = __webpack_require__(33608);
// EXTERNAL MODULE: ./build/src/plan/select.js
var plan_select = __webpack_require__(70405);
// EXTERNAL MODULE: ./build/src/render/plan-json.js
var plan_json = __webpack_require__(48618);
// EXTERNAL MODULE: ./build/src/render/names.js
var names = __webpack_require__(28570);
// EXTERNAL MODULE: ./build/src/action/context.js
var context = __webpack_require__(9323);
;// CONCATENATED MODULE: ./build/src/action/planning.js









/** What the settings plan: the selected plans, the planner's settings, the allowed sandboxes. */
function planRequest(ctx, base, head, all) {
    const { settings } = ctx;
    return {
        ...(base === undefined ? {} : { base }),
        head,
        all,
        select: (0,plan_select/* selectionMatcher */.zh)((0,plan_select/* parseSelection */.gO)(settings.plans)),
        now: new Date(ctx.clock.now()),
        planner: { maxPerJob: settings.maxPerJob, countBy: settings.countBy, apiVersion: settings.apiVersion },
        allowedSandboxes: settings.allowedSandboxes,
        sandboxes: settings.sandboxes,
    };
}
async function computeOutcome(ctx, base, head, all, options = {}) {
    const { port } = ctx;
    const outcome = await (0,plan_change/* planChanges */.X)(ctx.git, planRequest(ctx, base, head, all), (m) => port.info(m));
    for (const path of outcome.submodules)
        port.warning((0,plan_select/* submoduleMessage */.cR)(path));
    if (outcome.unmatched.length > 0) {
        throw new context/* ActionFailure */.d("configuration", `Input 'plans': ${(0,plan_select/* noMatchMessage */.ou)(outcome.unmatched)}`);
    }
    const absent = outcome.limit?.sandboxes.filter((s) => !outcome.limit?.atHead.includes(s)) ?? [];
    if (absent.length > 0)
        port.warning(`Input 'sandboxes': no plan targets ${absent.join(", ")} (the plans target ${outcome.limit?.atHead.join(", ") || "no sandbox"}): a typo leaves pairs to no job.`);
    port.setOutput("plan-hash", outcome.execution.planHash);
    port.setOutput("jobs", JSON.stringify((0,plan_json/* jobsForOutput */.b)(outcome.execution)));
    port.setOutput("problems", JSON.stringify(outcome.problems));
    if (outcome.problems.length > 0) {
        (0,annotations/* annotateProblems */.$)(port, outcome.problems);
        // The summary (and, on a PR, its comment) says so: no run leaves it empty, no stale preview stands.
        const markdown = (0,problems/* renderProblems */.x8)(outcome.problems, {
            head,
            mode: options.preview === true ? "preview" : "apply",
        });
        await port.appendSummary(markdown);
        await options.onInvalid?.(markdown);
        throw new context/* ActionFailure */.d("invalid-plan", `${outcome.problems.length} problem(s) in the activation plans; see the annotations. Nothing was activated.`);
    }
    return outcome;
}
/** Where and as whom the Action reaches Platform. */
const platformOf = (settings, credentials) => ({
    platformUrl: settings.platformUrl,
    imsUrl: settings.imsUrl,
    credentials,
    ...(settings.proxy === undefined ? {} : { proxy: settings.proxy }),
    maxConcurrent: settings.maxConcurrent,
});
async function runApplier(ctx, outcome, dryRun, state) {
    const { settings, port } = ctx;
    if (settings.credentials === undefined)
        throw new Error("runApplier needs credentials");
    port.startGroup(dryRun ? "Pre-flight (read-only)" : "Activation");
    try {
        const report = await activate(outcome.execution, {
            platform: platformOf(settings, settings.credentials),
            apiVersion: settings.apiVersion,
            dryRun,
            ...(settings.freeze ? { frozen: true } : {}),
            timeoutMinutes: settings.timeoutMinutes,
            maxEvaluationAgeMs: settings.maxEvaluationAgeMs,
            stop: ctx.stop,
            ...(state === undefined ? {} : { state }),
        }, { clock: ctx.clock, log: (m) => port.info(m), registerSecret: (s) => port.setSecret(s) });
        const traffic = (0,results_text/* trafficLine */.qg)(report.traffic);
        if (traffic !== undefined)
            port.info(traffic);
        return report;
    }
    finally {
        port.endGroup();
    }
}
/** The output `profile-exports`: the known sizes of the pairs this run sent (a dry run: would send). */
function profileExportsOutput(ctx, report) {
    const sent = report.results.filter((r) => r.code === "dry-run" || r.sent === true);
    const exports = (0,names/* exportsOf */.v1)(sent, (0,names/* namesOf */.eZ)(report));
    if (exports !== undefined)
        ctx.port.setOutput("profile-exports", String(exports.known));
}
/** The outputs `needs-attention` (a count, for an `if:`) and `needs-attention-json` (the list). */
function attention(ctx, pairs, merges, unasked = [], missed = [], 
/** Pending pairs that expired or need a person's yes (a scheduled run's). */
pending = []) {
    const rows = [...(0,results_text/* attentionRows */.ic)(pairs, merges, unasked, missed), ...pending];
    ctx.port.setOutput("needs-attention", String(rows.length));
    ctx.port.setOutput("needs-attention-json", JSON.stringify(rows));
}


/***/ }),

/***/ 32810:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  Z_: () => (/* binding */ approvalFacts),
  v1: () => (/* binding */ firstParent),
  CW: () => (/* binding */ judgeUnderPolicy),
  E4: () => (/* binding */ policyAt),
  SQ: () => (/* binding */ sizesFor)
});

// EXTERNAL MODULE: ./build/src/sources/policy-file.js + 2 modules
var policy_file = __webpack_require__(56650);
;// CONCATENATED MODULE: ./build/src/app/policy.js

/** The policy at `at` (a change's first parent), and whether `head` changes the file. */
async function policyFor(git, setting, at, head) {
    const read = await (0,policy_file/* policyAtRevision */.jq)(git, at, setting.file);
    if ("absent" in read) {
        if (setting.explicit)
            return { missing: `${setting.file} does not exist at ${at.slice(0, 12)}` };
        // A change that adds the first policy is judged by none: the policy judges the merges after it.
        return { none: true };
    }
    if (!read.ok)
        return { bad: read.problems };
    return { policy: read.policy, changed: at !== head && (await (0,policy_file/* policyChanged */.XX)(git, at, head, setting.file)) };
}

// EXTERNAL MODULE: ./build/src/aep/connect.js + 8 modules
var connect = __webpack_require__(1619);
// EXTERNAL MODULE: ./build/src/plan/ids.js
var ids = __webpack_require__(73891);
;// CONCATENATED MODULE: ./build/src/app/policy-sizes.js


/** Reads the sizes of these pairs' audiences; a problem makes the whole book unread. */
async function readSizes(pairs, platform, hooks) {
    const counts = new Map();
    const key = (sandbox, audience) => `${sandbox}\n${(0,ids/* canonicalId */.i)(audience)}`;
    const client = (0,connect/* connectPlatform */.c0)(platform, hooks.clock, hooks.registerSecret, hooks.log);
    try {
        for (const sandbox of [...new Set(pairs.map((p) => p.sandbox))].sort()) {
            const ids = [...new Set(pairs.filter((p) => p.sandbox === sandbox).map((p) => p.audience.id))].sort();
            const read = await client.client.getAudienceSizes(sandbox, ids);
            for (const [id, s] of read.sizes)
                if (s.profiles !== undefined)
                    counts.set(key(sandbox, id), s.profiles);
        }
        return { size: (s, a) => counts.get(key(s, a)), read: true };
    }
    catch (error) {
        return { size: () => undefined, read: false, problem: error.message };
    }
    finally {
        await client.close();
    }
}

// EXTERNAL MODULE: ./build/src/github/reviews.js
var reviews = __webpack_require__(1752);
// EXTERNAL MODULE: ./build/src/policy/judge.js
var judge = __webpack_require__(6599);
// EXTERNAL MODULE: ./build/src/policy/messages.js
var messages = __webpack_require__(66962);
// EXTERNAL MODULE: ./build/src/policy/types.js
var types = __webpack_require__(62457);
// EXTERNAL MODULE: ./build/src/render/problems.js
var problems = __webpack_require__(33608);
// EXTERNAL MODULE: ./build/src/sources/git.js + 3 modules
var git = __webpack_require__(29293);
// EXTERNAL MODULE: ./build/src/action/annotations.js
var annotations = __webpack_require__(82786);
// EXTERNAL MODULE: ./build/src/action/context.js
var context = __webpack_require__(9323);
// EXTERNAL MODULE: ./build/src/action/planning.js + 10 modules
var planning = __webpack_require__(91288);
// EXTERNAL MODULE: ./build/src/app/plan-change.js + 1 modules
var plan_change = __webpack_require__(55415);
;// CONCATENATED MODULE: ./build/src/action/policy-gate.js
// The activation policy in the Action: read at a change's first parent (a bad file stops the run as a
// configuration error), the facts its rules need (Platform's sizes, the PR's approvals at the reviewed
// head, team members), and the verdict on one merge before anything is submitted.












/** The policy at `at` for the change that ends at `head`; undefined without a policy file. */
async function policyAt(ctx, at, head) {
    const read = await policyFor(ctx.git, ctx.settings.policy, at, head);
    if ("none" in read)
        return undefined;
    if ("missing" in read)
        throw new context/* ActionFailure */.d("configuration", `Input 'policy': ${read.missing}. Create it, or leave the input at its default (no file there means no policy).`);
    if ("bad" in read) {
        (0,annotations/* annotateProblems */.$)(ctx.port, read.bad, "Activation policy");
        await ctx.port.appendSummary((0,problems/* renderProblems */.x8)(read.bad, {
            head: at,
            mode: "apply",
            subject: `The activation policy ${read.bad[0]?.file ?? ""}`,
        }));
        throw new context/* ActionFailure */.d("configuration", `${read.bad.length} problem(s) in the activation policy ${ctx.settings.policy.file} at ${at.slice(0, 12)}; see the annotations. Nothing was activated.`);
    }
    return { ...read, at };
}
/** The commit a merge is judged at: its first parent (the push's base, else the head's parent). */
async function firstParent(ctx, base, head) {
    if (base !== undefined && !git/* ZERO_SHA */.gy.test(base))
        return ctx.git.resolve(base);
    return (await ctx.git.parents(head))[0] ?? head;
}
/** Sizes for the rules that need them (one `segment/jobs` read per sandbox of the change), else unread. */
async function sizesFor(ctx, policy, outcome) {
    const none = { size: () => undefined, read: false };
    if (!(0,judge/* needsSizes */.kr)(policy))
        return none;
    const { credentials } = ctx.settings;
    if (credentials === undefined)
        return { ...none, problem: "no Platform credentials" };
    return readSizes((0,judge/* changeScope */.TQ)(outcome.changes).pairs, (0,planning/* platformOf */.tj)(ctx.settings, credentials), {
        clock: ctx.clock,
        log: (m) => ctx.port.info(m),
        registerSecret: (s) => ctx.port.setSecret(s),
    });
}
const httpStatus = (e) => {
    const s = e.status;
    return s === undefined ? e.message : `HTTP ${s}`;
};
/** The approvers, and the members of the teams the matched rules name, or why they cannot be known. */
async function approvalFacts(ctx, pr, by, judged) {
    const { gh, settings } = ctx;
    let approvers;
    if (by.kind === "starter")
        approvers = by.login === undefined || by.opened === true ? [] : [by.login];
    else if (by.kind === "recorded")
        approvers = [...by.logins];
    else if (pr === undefined)
        approvers = [];
    else if (gh === undefined || settings.repository === undefined)
        return { unreadable: "no GitHub token to read the pull request's reviews" };
    else
        try {
            const at = typeof by.reviewedHead === "string" ? by.reviewedHead : await by.reviewedHead();
            approvers = await (0,reviews/* approvalsAt */.YI)(gh, settings.repository, pr, at);
        }
        catch (error) {
            return { unreadable: `the reviews of PR #${pr} could not be read from GitHub (${httpStatus(error)})` };
        }
    const teams = new Map();
    for (const team of new Set(judged.approvals.flatMap((c) => c.rule.from.filter(types/* isTeam */.IJ))))
        teams.set(team.toLowerCase(), gh === undefined
            ? { unreadable: `${team} (no GitHub token)` }
            : await (0,reviews/* teamMembers */.x1)(gh, team).catch((e) => ({ unreadable: `${team} (${httpStatus(e)})` })));
    return { approvers, teams };
}
/**
 * A job limited to some sandboxes (input `sandboxes`) plans only its own, but the policy judges the
 * merge whole: its limits and thresholds count every sandbox's pairs, as the PR's check did.
 */
async function wholeChange(ctx, own, from, head) {
    if (ctx.settings.sandboxes.length === 0 || from === undefined)
        return own;
    const all = from === "all";
    const request = { ...(0,planning/* planRequest */.NX)(ctx, all ? undefined : from, head, all), sandboxes: [] };
    return (0,plan_change/* planChanges */.X)(ctx.git, request, () => { });
}
/**
 * One change (a merge's own, ending at `head`) under the policy at `at` (the merge's first parent; a
 * manual run's commit), with its approvers (see Approvers).
 */
async function judgeUnderPolicy(ctx, own, merge, by, alone) {
    const { at } = merge;
    const read = await policyAt(ctx, at, merge.head);
    if (read === undefined)
        return undefined;
    const { policy } = read;
    own = await wholeChange(ctx, own, merge.from, merge.head);
    const sizes = await sizesFor(ctx, policy, own);
    if (sizes.problem !== undefined)
        ctx.port.info(`Sizes for the activation policy: ${sizes.problem}.`);
    const facts = { size: sizes.size, sizesRead: sizes.read, policyChanged: read.changed };
    let judged = (0,judge/* judgeChange */.sx)(policy, own.changes, { ...facts, approvers: [] });
    const refused = (why, recheck = false) => ({
        refused: {
            head: merge.head,
            pr: merge.pr,
            reason: "policy",
            title: "Not applied: the activation policy refuses it",
            why: messages/* say */.c.refusal(why, policy, at, alone, by),
            ...(recheck ? { recheck: true } : {}),
        },
    });
    if (judged.problems.length > 0)
        return refused(judged.problems.map((p) => p.message).join(" "));
    if (judged.approvals.length === 0)
        return { approvedBy: [] };
    if (by.kind === "review" && merge.pr === undefined)
        return refused(messages/* say */.c.noPullRequest(merge.head));
    const known = await approvalFacts(ctx, merge.pr, by, judged);
    if ("unreadable" in known)
        return refused(messages/* say */.c.reviewsUnread(known.unreadable), true);
    judged = (0,judge/* judgeChange */.sx)(policy, own.changes, { ...facts, ...known });
    const missing = judged.approvals.filter((c) => c.missing > 0);
    if (missing.length > 0)
        return refused(missing.map((c) => messages/* say */.c.approval(c, policy, by.kind)).join(" "));
    for (const c of judged.approvals)
        ctx.port.info(messages/* say */.c.approval(c, policy, by.kind));
    return { approvedBy: [...new Set(judged.approvals.flatMap((c) => c.by))].sort() };
}


/***/ }),

/***/ 52396:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   $Q: () => (/* binding */ clip),
/* harmony export */   BH: () => (/* binding */ uncheckedNote),
/* harmony export */   Bc: () => (/* binding */ busySentence),
/* harmony export */   Fh: () => (/* binding */ exportNote),
/* harmony export */   LS: () => (/* binding */ plural),
/* harmony export */   dj: () => (/* binding */ findingSentence),
/* harmony export */   qo: () => (/* binding */ reasonFor),
/* harmony export */   ux: () => (/* binding */ accessHint)
/* harmony export */ });
/* harmony import */ var _clock_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(78179);
// The sentences people read about each outcome, made from its code and details in this one place
// (with the "Fix:" that tells them what to do). The engine records codes; nothing compares these.

/** "1 pair", "2 pairs": for log lines. */
const plural = (n, word) => `${n} ${word}${n === 1 ? "" : "s"}`;
function busySentence(busy) {
    return busy.kind === "export-job"
        ? `scheduled segment export job ${busy.id} is ${busy.status}`
        : `run ${busy.id} of dataflow ${busy.flowId} is still ${busy.status}`;
}
/** A dry run's (or a PR's) note that a scheduled export is running now: information, not a finding. */
function exportNote(sandbox, busy) {
    return `Sandbox ${sandbox}: ${busySentence(busy)} now. Adobe allows no ad-hoc run during a scheduled export: a merge now would wait for it (up to timeout-minutes) before submitting.`;
}
/** Names or sizes pre-flight could not read (no permission, a reply it could not read): a note, not a finding. */
function uncheckedNote(sandbox, what, why) {
    return what === "names"
        ? `Sandbox ${sandbox}: audience names were not checked against Platform (${why}); the names shown are the plans' own.`
        : `Sandbox ${sandbox}: audience sizes were not checked (${why}).`;
}
const PERMISSIONS = {
    destinations: "View Destinations",
    "export-jobs": "View Profiles and View Segments",
    audiences: "View Segments",
    activation: "View Destinations, Activate Destinations, View Profiles and View Segments",
};
/**
 * Why Platform refused (401: who the caller is; 403: what it may do) and what to ask for: the
 * `developer` and `user` roles on the Experience Platform API product profile (Adobe's getting
 * started), and the permissions Adobe documents for activating audiences to destinations.
 */
function accessHint(status, access) {
    if (status === 401)
        return " Fix: check client-id, client-secret and org-id (the token was refused), and that the credential belongs to that org.";
    if (status === 403)
        return ` Fix: the credential is not allowed to do this in this sandbox. In the Admin Console, give its Experience Platform API product profile the developer and user roles, the sandbox, and the ${PERMISSIONS[access]} permissions.`;
    return "";
}
function rejectionHint(status) {
    if (status === 401 || status === 403)
        return accessHint(status, "activation");
    if (status === 404)
        return " Fix: check the destination and audience IDs.";
    if (status >= 500)
        return " Platform had an internal error; run the workflow again later.";
    return "";
}
/** A name as people read it: Platform's names are unbounded text (a plan's are at most 256 characters). */
const clip = (name, max = 200) => name.length > max ? `${name.slice(0, max - 1).replace(/[\uD800-\uDBFF]$/, "")}…` : name;
const at = (d) => (d.where === undefined ? "" : ` (asked for at ${d.where})`);
/** The pre-flight finding alone, as the log and the preview list it. */
function findingSentence(code, d) {
    switch (code) {
        case "flow-not-found":
            return `destination (dataflow) ${d.flowId} was not found in sandbox ${d.sandbox}. Fix: copy the destination ID from Destinations > Browse in that sandbox.`;
        case "flow-disabled":
            return `dataflow ${d.flowId} is ${d.flowState}. Fix: enable it in Destinations > Browse, or remove it from the plan.`;
        case "not-file-based":
            return `dataflow ${d.flowId} exports to a streaming destination${d.flowSpec === undefined ? "" : ` (flow spec ${d.flowSpec})`}, not a file-based one: its audiences have no file export schedule, and ad-hoc activation serves file-based (batch) destinations only. Fix: remove it from the plan; streaming destinations receive audience changes as they happen.`;
        case "not-mapped":
            return `audience ${d.audience} is not mapped to dataflow ${d.flowId}. Fix: add the audience to this destination's activation (Destinations > Browse > Activate audiences), then run again.`;
        case "external-id":
            return `audience ${d.audience} is an external audience's source ID; ad-hoc activation wants the ID Platform gave it, ${d.systemId} (dataflow ${d.flowId} maps the audience under both). Fix: write ${d.systemId} in the plan.`;
        case "name-mismatch":
            return `the plan calls audience ${d.audience} "${clip(d.planName ?? "")}", but Platform calls it "${clip(d.platformName ?? "")}": the ID may point at other people than the plan says. Fix: check that the ID is the audience meant, then write Platform's name in the plan (or the right ID).`;
        case "not-evaluated":
            return `audience ${d.audience} ${d.evaluatedAt === undefined ? "has never been evaluated by Platform (no segment job lists it)" : `has not been evaluated by Platform since ${d.evaluatedAt}`}: an export now would hold nobody, or nobody current. Fix: check the audience's evaluation method in Audiences (batch, streaming or edge), or wait for its next daily evaluation.`;
        case "stale-evaluation":
            return `audience ${d.audience} was last evaluated ${d.evaluatedAt}, more than ${Math.round((d.maxAgeMs ?? 0) / 3_600_000)} h ago: an export now would ship the people of that evaluation. Fix: check why its daily evaluation did not run (Audiences, or the segment jobs), or evaluate it now.`;
        case "schedule-not-started":
            return `the audience's schedule on dataflow ${d.flowId} starts ${d.date}; ad-hoc activation only works inside the schedule. Fix: move the schedule's start date, or wait.`;
        case "schedule-ended":
            return `the audience's schedule on dataflow ${d.flowId} ended ${d.date}. Fix: extend the schedule's end date in the destination's activation.`;
        case "activated-recently":
            return `the audience was first activated on dataflow ${d.flowId} less than an hour ago; Adobe requires an hour before an ad-hoc run. Fix: run again after ${d.readyAt}.`;
        case "export-in-progress":
            return `${d.busy === undefined ? "a scheduled export is running" : busySentence(d.busy)} and still was after waiting ${(0,_clock_js__WEBPACK_IMPORTED_MODULE_0__/* .formatDuration */ .a3)(d.waitedMs ?? 0)} (Adobe does not allow ad-hoc runs during a scheduled export). Fix: run again when the export has finished, or raise timeout-minutes.`;
        case "no-export-job":
            return "no profile export job found; the v1 API needs its ID (use api-version 2)";
        default:
            return reasonFor(code, d) ?? code;
    }
}
/** The reason shown beside a pair that did not simply succeed; undefined for a plain success. */
function reasonFor(code, d = {}) {
    switch (code) {
        case "succeeded":
            return undefined;
        case "succeeded-earlier":
            return "succeeded in an earlier run for this commit; not submitted again";
        case "frozen":
            return "not submitted: the activation freeze is on (input freeze). Run this workflow run again when it is lifted";
        case "dry-run":
            return "dry run: pre-flight passed, nothing was submitted";
        case "flow-not-found":
        case "flow-disabled":
        case "not-file-based":
        case "not-mapped":
        case "external-id":
        case "name-mismatch":
        case "not-evaluated":
        case "stale-evaluation":
        case "schedule-not-started":
        case "schedule-ended":
        case "activated-recently":
        case "no-export-job":
            return `pre-flight: ${findingSentence(code, d)}${at(d)}`;
        case "export-in-progress":
            return `pre-flight: ${findingSentence(code, d)}`;
        case "first-activation-wait":
            return `waiting: the audience was first activated on dataflow ${d.flowId} less than an hour ago, and Adobe requires an hour before an ad-hoc run. Recorded as pending: the first scheduled run (or rerun) after ${d.readyAt} sends it${at(d)}`;
        case "preflight-unreadable":
            return `pre-flight could not read ${d.step === "exports" ? "the export jobs and runs" : "the dataflows"}: ${d.message}`;
        case "earlier-unknown": {
            const runs = d.candidates ?? [];
            const seen = runs.length === 0
                ? "no run of this credential was found for it (the runs list may lag)"
                : `candidate runs: ${runs.join(", ")}`;
            const p = d.pair ?? "DEST/AUD";
            return `state unknown: an earlier run may have submitted this pair and no run could be matched to it (${seen}); not resubmitted so nothing is activated twice. Fix: check the dataflow's runs in Experience Platform, then record what you find with a manual run's resolve input, ${p}=RUN_ID (that run is this pair's), =not-activated (there is none) or =activated (CLI: aep-activate resolve)`;
        }
        case "state-unavailable":
            return `not submitted: the activation state could not be read, locked or written (${d.message ?? "unknown error"}), and submitting without it could activate twice`;
        case "conflict-timeout":
            return `run ${d.runId} for this audience was already in flight and had not ended after ${(0,_clock_js__WEBPACK_IMPORTED_MODULE_0__/* .formatDuration */ .a3)(d.timeoutMs ?? 0)}; Adobe allows one run per audience at a time. Fix: run again later.`;
        case "unreachable":
            return `Platform rejected the job: ${d.message}.`;
        case "rejected":
            return `Platform rejected the job (HTTP ${d.httpStatus}): ${d.message}.${rejectionHint(d.httpStatus ?? 0)}`;
        case "not-in-dataflow":
            return `Platform: the audience is not part of dataflow or out of its schedule range ("${d.message}"). Fix: map the audience to the destination and check its schedule dates; not retried.${at(d)}`;
        case "no-run-returned":
            return "Platform accepted the job but returned no run for this pair";
        case "reply-lost": {
            const why = d.runsCreated === undefined
                ? "the dataflows' runs could not be read"
                : `${d.runsCreated} new run(s) listed on these dataflows so far; the list may lag`;
            return `the submission's reply was lost (${d.message}) and it may have reached Platform (${why}); not retried so nothing is activated twice. The next run matches it to its runs when it can; otherwise it is held until you decide (the resolve input, or aep-activate resolve).`;
        }
        case "run-failed":
            return `run ${d.runId} ${d.runStatus ?? "failed"}${d.runErrors === undefined || d.runErrors === "" ? "" : `: ${d.runErrors}`}`;
        case "cancelled":
            return "not submitted: the run was cancelled before this pair's wave was sent. Run it again to send it (Action: re-run the job).";
        case "budget-ended":
            return `not submitted: the run's time budget${d.budgetMs === undefined ? "" : ` (${(0,_clock_js__WEBPACK_IMPORTED_MODULE_0__/* .formatDuration */ .a3)(d.budgetMs)})`} ended before this pair's wave was sent. Run it again to send it (re-run the job). Fix: raise run-budget-minutes, keeping it below the job's timeout-minutes.`;
        case "run-timeout": {
            const next = d.unrecorded === true
                ? `Nothing records it (no --state): running apply again would submit this pair again. Fix: check run ${d.runId} in Experience Platform first.`
                : undefined;
            if (d.stopped !== undefined)
                return `run ${d.runId} was still ${d.runStatus ?? "starting"} when ${d.stopped === "cancelled" ? "the run was cancelled" : `the run's time budget${d.budgetMs === undefined ? "" : ` (${(0,_clock_js__WEBPACK_IMPORTED_MODULE_0__/* .formatDuration */ .a3)(d.budgetMs)})`} ended`}; ${next ?? "recorded as in flight, never submitted again: the next run of this change (a re-run, or the scheduled run that catches a reviewed merge up) follows it to its end."}`;
            if (next !== undefined)
                return `run ${d.runId} was still ${d.runStatus ?? "not readable"} after ${(0,_clock_js__WEBPACK_IMPORTED_MODULE_0__/* .formatDuration */ .a3)(d.timeoutMs ?? 0)}${d.message === undefined ? "" : ` (${d.message})`}; stopped following it (it may still finish). ${next}`;
            if (d.message !== undefined)
                return `run ${d.runId} could not be followed to its end: ${d.message} (last known status: ${d.runStatus ?? "none"}, after ${(0,_clock_js__WEBPACK_IMPORTED_MODULE_0__/* .formatDuration */ .a3)(d.timeoutMs ?? 0)}). It may still finish; the next run follows it. Fix: check the run in Experience Platform, and the cause above.`;
            return `run ${d.runId} was still ${d.runStatus ?? "not readable"} after ${(0,_clock_js__WEBPACK_IMPORTED_MODULE_0__/* .formatDuration */ .a3)(d.timeoutMs ?? 0)}; stopped following it (it may still finish). Fix: check the run in Experience Platform, or raise timeout-minutes.`;
        }
        case "internal":
            return `internal error: ${d.message ?? "the pair was never settled"}`;
    }
}


/***/ }),

/***/ 83238:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   DH: () => (/* binding */ blocksMerge),
/* harmony export */   DN: () => (/* binding */ needsAttentionCode),
/* harmony export */   I5: () => (/* binding */ classifyRun),
/* harmony export */   Ux: () => (/* binding */ failureReasonFor),
/* harmony export */   Yz: () => (/* reexport safe */ _plan_changes_js__WEBPACK_IMPORTED_MODULE_0__.Yz),
/* harmony export */   eb: () => (/* binding */ OUTCOME_STATUS)
/* harmony export */ });
/* unused harmony exports OUTCOME_CODES, isPreflightFinding */
/* harmony import */ var _plan_changes_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(52388);
// Outcomes as data: a closed set of codes, one per way a pair can end, the status each implies, the
// one classification of Platform's run statuses, and the `failure-reason` a set of outcomes leads to.
// Sentences for people are made from these in messages.ts; control flow never compares sentences.
/** Every way a requested pair can end. */
const OUTCOME_STATUS = {
    // succeeded
    succeeded: "succeeded",
    "succeeded-earlier": "succeeded",
    // not submitted, on purpose or by pre-flight
    "dry-run": "would-submit",
    frozen: "not-submitted",
    "flow-not-found": "not-submitted",
    "flow-disabled": "not-submitted",
    /** A streaming destination's dataflow: ad-hoc activation serves file-based destinations only. */
    "not-file-based": "not-submitted",
    "not-mapped": "not-submitted",
    /** The plan names an external audience by its source's ID; ad-hoc activation wants its system ID. */
    "external-id": "not-submitted",
    /** The plan's name for the audience is not Platform's: the ID may point at other people. */
    "name-mismatch": "not-submitted",
    /** Platform has never evaluated the audience: an export would hold nobody, or nobody current. */
    "not-evaluated": "not-submitted",
    /** The audience's newest evaluation is older than a day and a bit: an export would ship stale people. */
    "stale-evaluation": "not-submitted",
    "schedule-not-started": "not-submitted",
    "schedule-ended": "not-submitted",
    "activated-recently": "not-submitted",
    /** activated-recently, recorded as pending in the activation state: the next reconciliation sends it. */
    "first-activation-wait": "not-submitted",
    "export-in-progress": "not-submitted",
    "no-export-job": "not-submitted",
    // not submitted, because something could not be read or decided
    "preflight-unreadable": "not-submitted",
    "earlier-unknown": "not-submitted",
    "state-unavailable": "not-submitted",
    "conflict-timeout": "not-submitted",
    unreachable: "not-submitted",
    // not submitted, because the run stopped first: the runner cancelled it, or its time budget ended
    cancelled: "not-submitted",
    "budget-ended": "not-submitted",
    // failed
    rejected: "failed",
    "not-in-dataflow": "failed",
    "no-run-returned": "failed",
    "reply-lost": "failed",
    "run-failed": "failed",
    "run-timeout": "failed",
    internal: "failed",
};
const OUTCOME_CODES = Object.keys(OUTCOME_STATUS);
/** Findings of the read-only pre-flight: a merge would hit them, and a person can fix them. */
const PREFLIGHT_FINDINGS = new Set([
    "flow-not-found",
    "flow-disabled",
    "not-file-based",
    "not-mapped",
    "external-id",
    "name-mismatch",
    "not-evaluated",
    "stale-evaluation",
    "schedule-not-started",
    "schedule-ended",
    "activated-recently",
    "export-in-progress",
    "no-export-job",
]);
const isPreflightFinding = (code) => PREFLIGHT_FINDINGS.has(code);
/**
 * Findings a merge would hit and could not wait out: they fail a PR's check (`fail-on-preflight`).
 * A scheduled export in progress is waited for, and Adobe's first-activation hour is kept pending.
 */
const blocksMerge = (code) => isPreflightFinding(code) && code !== "export-in-progress" && code !== "activated-recently";
/**
 * Pairs a person must look at: anything but a success, a dry run's deliberate hold, or a pair the
 * state keeps pending for Adobe's first-activation hour (a later run sends it).
 */
const needsAttentionCode = (code) => OUTCOME_STATUS[code] !== "succeeded" && code !== "dry-run" && code !== "first-activation-wait";
/**
 * `preflight-failed` only when every pair needing attention is a pre-flight finding; `frozen` when
 * the freeze held pairs and nothing else but findings needs attention.
 */
function failureReasonFor(codes) {
    const bad = codes.filter(needsAttentionCode);
    if (bad.length === 0)
        return undefined;
    if (bad.includes("state-unavailable"))
        return "state-unavailable";
    // The run stopped before it could send or follow everything: the next run goes on.
    if (bad.includes("cancelled"))
        return "cancelled";
    if (bad.includes("budget-ended"))
        return "budget-ended";
    // Nothing was submitted: the freeze held what pre-flight did not stop.
    if (bad.includes("frozen") && bad.every((c) => c === "frozen" || isPreflightFinding(c)))
        return "frozen";
    return bad.every(isPreflightFinding) ? "preflight-failed" : "activation-failed";
}
const RUN_SUCCEEDED = new Set(["success", "succeeded", "completed", "complete"]);
const RUN_FAILED = new Set(["failed", "failure", "error", "cancelled", "canceled", "aborted"]);
/** The one place Platform's run statuses are classified, case-insensitively; anything else is still running. */
function classifyRun(status) {
    if (typeof status !== "string")
        return "running";
    const s = status.toLowerCase();
    return RUN_SUCCEEDED.has(s) ? "succeeded" : RUN_FAILED.has(s) ? "failed" : "running";
}
/** The one key of a pair (plan/changes.ts). */



/***/ }),

/***/ 25880:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   $: () => (/* binding */ stoppedBy),
/* harmony export */   M3: () => (/* binding */ failureReasonOf),
/* harmony export */   PA: () => (/* binding */ settleStopped),
/* harmony export */   e_: () => (/* binding */ needsAttention),
/* harmony export */   yt: () => (/* binding */ unrecorded)
/* harmony export */ });
/* harmony import */ var _messages_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(52396);
/* harmony import */ var _outcome_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(83238);
// How a run's outcome reads when it ended: the pairs that need a person, the step's failure-reason,
// and what a stop (the runner's cancellation, the end of the run's time budget) does to the pairs
// left: those not sent end with the stop's code, runs not followed further are recorded in flight.


/** Pairs that did not succeed, other than those a dry run held back on purpose. */
function needsAttention(report) {
    return report.results.filter((r) => r.code === undefined || (0,_outcome_js__WEBPACK_IMPORTED_MODULE_1__/* .needsAttentionCode */ .DN)(r.code));
}
/**
 * The step's failure-reason for a report: the stop's (cancelled, budget-ended) when the run stopped
 * with pairs left to do, unless the state could not be kept.
 */
function failureReasonOf(report) {
    const reason = (0,_outcome_js__WEBPACK_IMPORTED_MODULE_1__/* .failureReasonFor */ .Ux)(report.results.flatMap((r) => (r.code === undefined ? [] : [r.code])));
    return reason === undefined || reason === "state-unavailable" ? reason : (report.stopped ?? reason);
}
/** Why the run stopped, when some pair ended because of it (not merely because the clock passed the budget). */
function stoppedBy(results) {
    for (const p of results) {
        if (p.code === "cancelled" || p.code === "budget-ended")
            return p.code;
        if (p.detail?.stopped !== undefined)
            return p.detail.stopped;
    }
    return undefined;
}
/** Runs followed without a state to record them (the CLI without --state): the detail says so. */
const unrecorded = (options) => options.beforeSubmit === undefined ? { unrecorded: true } : {};
/**
 * The run stopped before wave `wave`: the pairs not sent end with the stop's code (a later run sends
 * them), and runs an earlier run started, not followed now, stay in flight for the next run.
 */
function settleStopped(book, options, why, wave, log) {
    const open = [...book.results.values()].filter((p) => p.status === "pending");
    const unsent = open.filter((p) => p.runId === undefined);
    log(`${why === "cancelled" ? "The run was cancelled" : "The run's time budget ended"} before wave ${wave}: not submitting ${(0,_messages_js__WEBPACK_IMPORTED_MODULE_0__/* .plural */ .LS)(unsent.length, "pair")}.`);
    const budget = options.stop?.budgetMs === undefined ? {} : { budgetMs: options.stop.budgetMs };
    book.settle(unsent, why, budget);
    for (const p of open.filter((q) => q.runId !== undefined))
        book.settle([p], "run-timeout", {
            runId: p.runId ?? "",
            stopped: why,
            ...budget,
            ...unrecorded(options),
        });
}


/***/ }),

/***/ 1619:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  c0: () => (/* binding */ connectPlatform)
});

// UNUSED EXPORTS: DEFAULT_HTTP, credentialsFromEnv

// EXTERNAL MODULE: ./build/src/redact.js
var redact = __webpack_require__(45332);
;// CONCATENATED MODULE: ./build/src/aep/auth.js
const DEFAULT_SCOPES = "openid,session,AdobeID,read_organizations,additional_info.projectedProductContext";
class AuthError extends Error {
    refused;
    constructor(message, 
    /** The credentials were refused (or are missing): asking again will not help, unlike an unreachable IMS. */
    refused = true) {
        super(message);
        this.refused = refused;
    }
}
class TokenSource {
    http;
    imsUrl;
    credentials;
    now;
    registerSecret;
    log;
    token;
    expiresAt = 0;
    lifetimeMs = 0;
    renewing;
    constructor(http, imsUrl, credentials, now, registerSecret, log) {
        this.http = http;
        this.imsUrl = imsUrl;
        this.credentials = credentials;
        this.now = now;
        this.registerSecret = registerSecret;
        this.log = log;
        if (credentials.clientSecret !== undefined)
            registerSecret(credentials.clientSecret);
        if (credentials.accessToken !== undefined)
            registerSecret(credentials.accessToken);
    }
    /** A valid token, renewed when less than a tenth of its life (at least a minute) is left. */
    async get() {
        if (this.credentials.accessToken !== undefined)
            return this.credentials.accessToken;
        const margin = Math.max(60_000, this.lifetimeMs / 10);
        if (this.token !== undefined && this.now() < this.expiresAt - Math.min(margin, this.lifetimeMs / 2))
            return this.token;
        // Callers that find the token stale together share one request to IMS.
        if (this.renewing === undefined) {
            if (this.token !== undefined)
                this.log("The access token is about to expire; requesting a new one from IMS.");
            this.renewing = this.fetchToken().finally(() => (this.renewing = undefined));
        }
        return this.renewing;
    }
    /** Forget the token after Platform said it is not valid, so the next call requests a new one. */
    invalidate() {
        if (this.credentials.accessToken !== undefined)
            return false;
        this.token = undefined;
        return true;
    }
    async fetchToken() {
        const { clientId, clientSecret } = this.credentials;
        if (clientSecret === undefined)
            throw new AuthError("no client secret and no access token: cannot authenticate");
        const body = new URLSearchParams({
            grant_type: "client_credentials",
            client_id: clientId,
            client_secret: clientSecret,
            scope: this.credentials.scopes ?? DEFAULT_SCOPES,
        }).toString();
        const outcome = await this.http.send({
            method: "POST",
            url: `${this.imsUrl.replace(/\/+$/, "")}/ims/token/v3`,
            headers: { "content-type": "application/x-www-form-urlencoded" },
            body,
            what: "IMS token request",
        });
        if (outcome.kind !== "response")
            throw new AuthError(`could not reach IMS: ${outcome.reason}`, false);
        const { status, text } = outcome.response;
        let json = {};
        try {
            json = JSON.parse(text);
        }
        catch {
            // handled below
        }
        if (status !== 200 || typeof json.access_token !== "string") {
            const detail = json.error_description ?? json.error ?? `HTTP ${status}`;
            throw new AuthError(`IMS refused the client credentials (${detail}). Check client-id and client-secret of the OAuth Server-to-Server credential in the Adobe Developer Console.`);
        }
        this.registerSecret(json.access_token);
        this.token = json.access_token;
        this.lifetimeMs = (json.expires_in ?? 3600) * 1000; // seconds (the retired JWT exchange used ms)
        this.expiresAt = this.now() + this.lifetimeMs;
        return this.token;
    }
}

// EXTERNAL MODULE: ./build/src/clock.js
var src_clock = __webpack_require__(78179);
// EXTERNAL MODULE: ./node_modules/undici/index.js
var undici = __webpack_require__(24371);
;// CONCATENATED MODULE: ./build/src/aep/network-errors.js
// What a failed HTTP exchange means: whether the request certainly never reached the server (so it
// may be sent again without risk), and a short description of the failure for people.
const NOT_SENT = new Set([
    "ECONNREFUSED",
    "ENOTFOUND",
    "EAI_AGAIN",
    "UND_ERR_CONNECT_TIMEOUT",
    "EHOSTUNREACH",
    "ENETUNREACH",
]);
function errorCode(error) {
    const e = error;
    return e.cause?.code ?? e.code ?? "";
}
/** The status a proxy answered a tunnel (CONNECT) with; undici reports it as an aborted request. */
function proxyRefusal(error) {
    const e = error;
    for (const m of [e.message, e.cause?.message])
        if (typeof m === "string") {
            const status = /^Proxy response \((\d{3})\) !== 200 when HTTP Tunneling/.exec(m)?.[1];
            if (status !== undefined)
                return status;
        }
    return undefined;
}
/** Whether the request certainly never reached the server (it may be sent again without risk). */
function notSent(error) {
    return NOT_SENT.has(errorCode(error)) || proxyRefusal(error) !== undefined;
}
function describeNetworkError(error) {
    const code = errorCode(error);
    const name = error.name;
    const proxy = proxyRefusal(error);
    if (proxy !== undefined)
        return `the proxy refused to connect to the server (HTTP ${proxy}); check HTTPS_PROXY and NO_PROXY, and the proxy's rules for this host`;
    if (name === "TimeoutError" || name === "AbortError")
        return "timed out waiting for the server";
    if (code === "UND_ERR_HEADERS_TIMEOUT" || code === "UND_ERR_BODY_TIMEOUT")
        return "timed out waiting for the server";
    if (code === "UND_ERR_SOCKET" || code === "ECONNRESET")
        return "the connection was closed before a reply";
    if (NOT_SENT.has(code))
        return `could not connect (${code})`;
    return `network error${code === "" ? "" : ` (${code})`}`;
}

;// CONCATENATED MODULE: ./build/src/aep/retry.js
// Whether to try an HTTP request again, and after how long: a pure decision over what the last attempt
// got. Two modes:
//  - "idempotent": 429 (honouring Retry-After), 5xx, resets and timeouts are retried;
//  - "submit": only failures that certainly did not reach the server (429 from the gateway, a refused
//    or unresolvable connection) are retried; a 5xx or a lost connection is `uncertain`, for the
//    caller to check before trying again, so a retry never activates twice.
function decideRetry(result, b) {
    const exhausted = (wait) => b.attempt >= b.maxAttempts || b.waitedMs + wait > b.maxTotalWaitMs;
    if (result.kind === "response") {
        if (b.mode === "submit" && result.status >= 500)
            return { action: "uncertain", reason: `HTTP ${result.status}` };
        const retryable = result.status === 429 || (b.mode === "idempotent" && result.status >= 500);
        if (!retryable)
            return { action: "return" };
        const wait = (result.status === 429 ? result.retryAfterMs : undefined) ?? b.backoffMs;
        return exhausted(wait)
            ? { action: "return" }
            : { action: "retry", waitMs: wait, why: `HTTP ${result.status}` };
    }
    if (b.mode === "submit" && !result.certainlyNotSent)
        return { action: "uncertain", reason: result.why };
    return exhausted(b.backoffMs)
        ? { action: "give-up", why: result.why }
        : { action: "retry", waitMs: b.backoffMs, why: result.why };
}
/** Retry-After in seconds or as an HTTP date → milliseconds (undefined when absent or unreadable). */
function retryAfterMs(value, now) {
    const v = Array.isArray(value) ? value[0] : value;
    if (v === undefined || v.trim() === "")
        return undefined;
    if (/^\d+(\.\d+)?$/.test(v.trim()))
        return Number(v) * 1000;
    const date = Date.parse(v);
    return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

// EXTERNAL MODULE: ./build/src/aep/traffic.js
var traffic = __webpack_require__(71957);
;// CONCATENATED MODULE: ./build/src/aep/http.js
// HTTP on undici: keep-alive, a timeout on every request, proxy support, and retries with exponential
// backoff, jitter and a bounded total wait, as decided by retry.ts. One client is a well-behaved
// neighbour on an org's shared limits: at most `maxConcurrent` requests in flight (a slot is taken
// before a request's timeout starts), and a 429 pauses every request of the client (for its
// Retry-After), not only the one that met it.




/** A request the run's cancellation kept from being sent (so it is certainly not at Platform). */
class NotSentCancelled extends Error {
}
/** An error body is read up to this many bytes (a server may send hundreds of MiB); the rest is dropped. */
const ERROR_BODY_BYTES = 64 * 1024;
/** Read past the cut and redacted with the rest: longer than any secret a server could echo. */
const REDACT_MARGIN = 4096;
class Http {
    settings;
    deps;
    dispatcher;
    /** Slots held (requests in flight, or waiting out a pause), and the requests waiting for one. */
    inFlight = 0;
    waiting = [];
    /** Until when (clock ms) a 429 paused every request of this client. */
    pausedUntil = 0;
    stats = { calls: new Map(), pausedMs: 0 };
    constructor(settings, deps) {
        this.settings = settings;
        this.deps = deps;
        const p = settings.proxy;
        const timeouts = {
            headersTimeout: settings.timeoutMs,
            bodyTimeout: settings.timeoutMs,
            connectTimeout: Math.min(settings.timeoutMs, 10_000),
        };
        this.dispatcher =
            p?.httpProxy !== undefined || p?.httpsProxy !== undefined
                ? new undici/* EnvHttpProxyAgent */.J2({
                    ...timeouts,
                    ...(p.httpProxy === undefined ? {} : { httpProxy: p.httpProxy }),
                    ...(p.httpsProxy === undefined ? {} : { httpsProxy: p.httpsProxy }),
                    ...(p.noProxy === undefined ? {} : { noProxy: p.noProxy }),
                })
                : new undici/* Agent */.g6({ ...timeouts, keepAliveTimeout: 30_000 });
    }
    async close() {
        await this.dispatcher.close();
    }
    async once(req) {
        const res = await (0,undici/* request */.Em)(req.url, {
            method: req.method,
            headers: req.headers,
            ...(req.body === undefined ? {} : { body: req.body }),
            dispatcher: this.dispatcher,
            signal: AbortSignal.timeout(this.settings.timeoutMs),
        });
        if (res.statusCode < 400)
            return { status: res.statusCode, headers: res.headers, text: await res.body.text() };
        // A little more than is kept is read and redacted before the cut: a secret across the cut is
        // removed whole, never left as a prefix no mask can match.
        const chunks = [];
        let size = 0;
        for await (const chunk of res.body) {
            chunks.push(chunk);
            size += chunk.length;
            if (size >= ERROR_BODY_BYTES + REDACT_MARGIN)
                break; // leaving the loop destroys the rest of the body
        }
        const read = Buffer.concat(chunks)
            .subarray(0, ERROR_BODY_BYTES + REDACT_MARGIN)
            .toString("utf8");
        const redacted = Buffer.from(this.deps.redact?.(read) ?? read);
        const text = redacted
            .subarray(0, ERROR_BODY_BYTES)
            .toString("utf8")
            .replace(/\uFFFD$/, "");
        return { status: res.statusCode, headers: res.headers, text };
    }
    isCancelled() {
        return this.deps.cancelled?.aborted === true;
    }
    /** One attempt, once it holds a slot and no 429 pause is on. */
    async attempt(req) {
        // A slot first: the request's timeout starts when it is sent, never while it waits its turn
        // (a submission that timed out in a queue was never sent, and must not be called uncertain).
        const limit = Math.max(1, this.settings.maxConcurrent ?? traffic/* DEFAULT_MAX_CONCURRENT */.hW);
        if (this.inFlight < limit)
            this.inFlight++;
        else
            await new Promise((resolve) => this.waiting.push(resolve)); // handed a slot directly
        try {
            for (let until = this.pausedUntil; until > this.deps.now(); until = this.pausedUntil) {
                if (this.isCancelled())
                    throw new NotSentCancelled();
                await this.deps.sleep(until - this.deps.now());
            }
            if (this.isCancelled() && this.pausedUntil > this.deps.now())
                throw new NotSentCancelled();
            const kind = (0,traffic/* kindOf */.I)(req.method, req.url);
            this.stats.calls.set(kind, (this.stats.calls.get(kind) ?? 0) + 1);
            return await this.once(req);
        }
        finally {
            const next = this.waiting.shift();
            if (next === undefined)
                this.inFlight--;
            else
                next();
        }
    }
    backoff(attempt) {
        const exp = this.settings.baseDelayMs * 2 ** (attempt - 1);
        return Math.round(exp / 2 + this.deps.random() * (exp / 2)); // "equal jitter"
    }
    async send(req, mode = "idempotent") {
        let waitedMs = 0;
        for (let attempt = 1;; attempt++) {
            let response;
            let result;
            try {
                response = await this.attempt(req);
                const after = retryAfterMs(response.headers["retry-after"], this.deps.now());
                // Throttled: the whole client waits, for Retry-After or this attempt's backoff, but never
                // longer than one request may wait in all (a Retry-After of an hour fails that request alone).
                if (response.status === 429) {
                    const pause = Math.min(after ?? this.backoff(attempt), this.settings.maxTotalWaitMs);
                    const until = this.deps.now() + pause;
                    // The time the client is paused, counted once however many requests wait it out.
                    this.stats.pausedMs += Math.max(0, until - Math.max(this.pausedUntil, this.deps.now()));
                    this.pausedUntil = Math.max(this.pausedUntil, until);
                }
                result = {
                    kind: "response",
                    status: response.status,
                    ...(after === undefined ? {} : { retryAfterMs: after }),
                };
            }
            catch (error) {
                if (error instanceof NotSentCancelled)
                    return {
                        kind: "failed",
                        reason: `${req.what}: not sent: the run was cancelled during Platform's 429 pause`,
                    };
                result = {
                    kind: "error",
                    why: describeNetworkError(error),
                    certainlyNotSent: notSent(error),
                };
            }
            const { maxAttempts, maxTotalWaitMs } = this.settings;
            const decision = decideRetry(result, {
                mode,
                attempt,
                maxAttempts,
                waitedMs,
                maxTotalWaitMs,
                backoffMs: this.backoff(attempt),
            });
            if (decision.action === "return" && response !== undefined)
                return { kind: "response", response };
            if (decision.action === "uncertain")
                return { kind: "uncertain", reason: decision.reason };
            if (decision.action !== "retry") {
                const why = decision.action === "give-up" ? decision.why : "no response";
                return { kind: "failed", reason: `${req.what}: ${why} (gave up after ${attempt} attempts)` };
            }
            // A retry is only decided when the attempt certainly did not take effect: after a cancellation
            // it is not made, and the request has failed.
            if (this.isCancelled())
                return { kind: "failed", reason: `${req.what}: ${decision.why}; not retried: the run was cancelled` };
            this.deps.log(`${req.what}: ${decision.why}; retrying in ${(decision.waitMs / 1000).toFixed(1)} s (attempt ${attempt + 1} of ${maxAttempts})`);
            waitedMs += decision.waitMs;
            await this.deps.sleep(decision.waitMs);
            if (this.isCancelled())
                return { kind: "failed", reason: `${req.what}: ${decision.why}; not retried: the run was cancelled` };
        }
    }
}

// EXTERNAL MODULE: ./build/src/activation/messages.js
var messages = __webpack_require__(52396);
;// CONCATENATED MODULE: ./build/src/aep/paging.js
// Following a Flow Service list's `_links.next.href` without sending credentials anywhere else. Adobe's
// example href is relative to the service (`/connections?continuationToken=…`); a host-relative or an
// absolute one is read too. It is followed only when it stays under the configured Platform URL and
// names the listing it came from, since every request carries the token and the API key.
const FLOW_SERVICE = "/data/foundation/flowservice";
/** The URL an href names, or undefined when it is no URL the client would build itself. */
function resolve(base, href) {
    try {
        if (/^[a-z][a-z0-9+.-]*:/i.test(href))
            return new URL(href);
        if (href.startsWith("//") || !href.startsWith("/"))
            return undefined; // another host, or unanchored
        return new URL(href.startsWith(`${FLOW_SERVICE}/`) ? `${base}${href}` : `${base}${FLOW_SERVICE}${href}`);
    }
    catch {
        return undefined;
    }
}
/**
 * The path and query under `base` (the Platform URL, no trailing slash) to request for a next-page
 * href, or why it is not followed.
 */
function nextPagePath(base, href, listPath) {
    const url = resolve(base, href);
    const root = new URL(base);
    const prefix = root.pathname.replace(/\/+$/, "");
    if (url === undefined)
        return { refused: "it is not a URL on the Platform API" };
    if (url.origin !== root.origin)
        return { refused: `it points at ${url.origin}, not the configured Platform URL` };
    const path = url.pathname.startsWith(`${prefix}/`) ? url.pathname.slice(prefix.length) : "";
    if (path !== listPath)
        return { refused: `it points at ${url.pathname}, not the listing it came from` };
    return { path: `${path}${url.search}` };
}

// EXTERNAL MODULE: ./build/src/plan/ids.js
var plan_ids = __webpack_require__(73891);
;// CONCATENATED MODULE: ./build/src/aep/sizes.js

const PATH = "/data/core/ups/segment/jobs";
const PAGE = 100;
/** Pages read at most: 500 evaluations reach back days (an audience not found in them is stale either way). */
const MAX_PAGES = 5;
/** A counter as a count: a number, or a numeric string (never NaN, never negative). */
function countOf(n) {
    const v = typeof n === "number" ? n : typeof n === "string" && n.trim() !== "" ? Number(n) : NaN;
    return Number.isFinite(v) && v >= 0 ? v : undefined;
}
/** When a job ended (epoch ms): its updateTime, else its updateEpoch; undefined when it gives neither. */
function endOf(j) {
    if (typeof j.updateTime === "number" && Number.isFinite(j.updateTime))
        return j.updateTime;
    const epoch = Number(j.updateEpoch);
    return j.updateEpoch !== undefined && j.updateEpoch !== null && Number.isFinite(epoch)
        ? epoch * 1000
        : undefined;
}
/** The counters of one page of segment jobs, and each job's end (a job with no time cannot be dated). */
function jobsOf(body) {
    const children = body?.children;
    if (!Array.isArray(children))
        throw new Error('the reply is not the documented {"children": […]}');
    return children.map((raw) => {
        const j = (raw !== null && typeof raw === "object" ? raw : {});
        const metrics = (j.metrics ?? {});
        const counters = metrics.segmentedProfileCounter;
        const segments = Array.isArray(j.segments) ? j.segments : [];
        return {
            at: endOf(j),
            counters: counters !== null && typeof counters === "object" ? counters : {},
            // Evaluated by this job, counted or not (a job may leave an audience with no profiles out of its counter).
            listed: segments.flatMap((g) => (typeof g?.segmentId === "string" ? [g.segmentId] : [])),
        };
    });
}
async function readAudienceSizes(client, sandbox, ids) {
    const wanted = new Set(ids.map(plan_ids/* canonicalId */.i));
    const sizes = new Map();
    let since;
    for (let page = 0; page < MAX_PAGES && sizes.size < wanted.size; page++) {
        const query = `status=SUCCEEDED&sort=updateTime:desc&limit=${PAGE}&start=${page * PAGE}`;
        const body = await client.read(`${PATH}?${query}`, sandbox, "reading audience sizes (segment jobs)", "audiences");
        const jobs = jobsOf(body);
        for (const job of jobs) {
            const at = job.at;
            if (at === undefined)
                continue; // undated: neither a size's time nor how far back the read reaches
            since = Math.min(since ?? at, at);
            for (const [id, n] of Object.entries(job.counters)) {
                const key = (0,plan_ids/* canonicalId */.i)(id);
                const profiles = countOf(n);
                // Newest first: the first count seen is the newest.
                if (wanted.has(key) && !sizes.has(key) && profiles !== undefined)
                    sizes.set(key, { profiles, evaluatedAt: at });
            }
            for (const id of job.listed) {
                const key = (0,plan_ids/* canonicalId */.i)(id);
                if (wanted.has(key) && !sizes.has(key))
                    sizes.set(key, { evaluatedAt: at });
            }
        }
        if (jobs.length < PAGE)
            return { sizes, since, complete: true };
    }
    return { sizes, since, complete: false };
}

;// CONCATENATED MODULE: ./build/src/aep/wire.js
// Platform's JSON on the wire, decoded into the shapes the rest of the tool uses: dataflows with their
// segment selectors, runs, export jobs, ad-hoc orders and error messages. Pure: no requests here.

/** A Platform request that failed, with its HTTP status when there was a reply. */
class PlatformError extends Error {
    status;
    constructor(message, status) {
        super(message);
        this.status = status;
    }
}
function json(text) {
    try {
        return JSON.parse(text);
    }
    catch {
        return undefined;
    }
}
/** Adobe's error message of a reply body, with its error code when it has one. */
function messageOf(text) {
    const body = json(text);
    const message = body?.message ?? body?.title ?? text.slice(0, 300);
    return body?.error_code === undefined ? message : `${message} (${body.error_code})`;
}
/** The `items` of a flowservice reply (flows and runs are both listed this way). */
function itemsOf(body) {
    return body?.items ?? [];
}
/** A list reply's `_links.next.href`: where the next page is, undefined on the last page. */
function nextHrefOf(body) {
    const href = body?._links?.next?.href;
    return typeof href === "string" && href !== "" ? href : undefined;
}
function toRun(raw) {
    const metrics = (raw.metrics ?? {});
    const reported = metrics.statusSummary?.status;
    const status = typeof reported === "string" ? reported : "unknown";
    const run = {
        id: String(raw.id),
        status,
        errors: (Array.isArray(metrics.statusSummary?.errors)
            ? metrics.statusSummary.errors
            : []).map((e) => ({
            ...(typeof e?.code === "string" ? { code: e.code } : {}),
            ...(typeof e?.message === "string" ? { message: e.message } : {}),
        })),
    };
    if (typeof raw.flowId === "string")
        run.flowId = raw.flowId;
    if (typeof raw.createdAt === "number")
        run.createdAt = raw.createdAt;
    if (typeof raw.createdClient === "string")
        run.createdClient = raw.createdClient;
    if (typeof raw.createdBy === "string")
        run.createdBy = raw.createdBy;
    const d = metrics.durationSummary;
    if (typeof d?.startedAtUTC === "number")
        run.startedAt = d.startedAtUTC;
    if (typeof d?.completedAtUTC === "number")
        run.completedAt = d.completedAtUTC;
    const r = metrics.recordSummary;
    if (typeof r?.outputRecordCount === "number")
        run.outputRecords = r.outputRecordCount;
    if (typeof r?.failedRecordCount === "number")
        run.failedRecords = r.failedRecordCount;
    const f = metrics.fileSummary;
    if (typeof f?.outputFileCount === "number")
        run.outputFiles = f.outputFileCount;
    return run;
}
function toSelector(raw) {
    const v = raw.value ?? {};
    const schedule = (v.schedule ?? {});
    const sel = { audienceId: (0,plan_ids/* canonicalId */.i)(String(v.id ?? "")) };
    if (typeof v.systemSegmentId === "string" && v.systemSegmentId !== "")
        sel.systemSegmentId = (0,plan_ids/* canonicalId */.i)(v.systemSegmentId);
    if (typeof v.name === "string")
        sel.name = v.name;
    if (typeof schedule.startDate === "string")
        sel.startDate = schedule.startDate;
    if (typeof schedule.endDate === "string")
        sel.endDate = schedule.endDate;
    if (typeof v.exportMode === "string")
        sel.exportMode = v.exportMode;
    if (v.createTime !== undefined && !Number.isNaN(Number(v.createTime)))
        sel.createTime = Number(v.createTime);
    return sel;
}
function toFlow(item) {
    const transformations = (item.transformations ?? []);
    const selectors = transformations.flatMap((t) => (t.params?.segmentSelectors?.selectors ?? []).map(toSelector));
    return {
        id: String(item.id),
        ...(typeof item.name === "string" ? { name: item.name } : {}),
        state: String(item.state ?? "unknown"),
        selectors,
        ...(typeof item.flowSpec?.id === "string"
            ? { flowSpecId: item.flowSpec.id }
            : {}),
    };
}
function toExportJobs(body) {
    return (body?.records ?? []).map((j) => {
        const schemaName = j.schema?.name;
        return {
            id: String(j.id),
            status: String(j.status ?? ""),
            ...(typeof schemaName === "string" ? { schemaName } : {}),
        };
    });
}
/**
 * The audiences of an audiences/bulk-get reply (207): those found (an ID with `errors` was not);
 * undefined when the reply is not the documented shape (then nothing can be said of any name).
 */
function toAudiences(body) {
    const results = body?.results;
    if (results === null || typeof results !== "object")
        return undefined;
    const out = [];
    for (const raw of Object.values(results)) {
        if (raw === null || typeof raw !== "object" || typeof raw.id !== "string" || "errors" in raw)
            continue;
        const id = (0,plan_ids/* canonicalId */.i)(raw.id);
        const source = typeof raw.audienceId === "string" ? (0,plan_ids/* canonicalId */.i)(raw.audienceId) : id;
        out.push({
            id,
            ...(typeof raw.name === "string" ? { name: raw.name } : {}),
            external: raw.type === "ExternalSegment",
            ...(source === id ? {} : { sourceId: source }),
        });
    }
    return out;
}
/**
 * The run ID at the end of a statusURL, and the URL's origin when it is not `base`'s (such a URL is
 * not followed with credentials: the run is read from the configured Platform URL).
 */
function runIdOf(statusUrl, base) {
    const id = statusUrl
        .replace(/[?#].*$/, "")
        .replace(/\/+$/, "")
        .split("/")
        .pop() ?? "";
    let origin = "";
    try {
        origin = new URL(statusUrl).origin;
    }
    catch {
        // not a URL: use the last segment
    }
    return origin !== "" && origin !== new URL(base).origin ? { id, foreignOrigin: origin } : { id };
}
/** The runs a 200 reply names; undefined when the reply is not the documented shape (then it is unknown what ran). */
function toOrders(text) {
    const order = json(text)?.order;
    if (!Array.isArray(order))
        return undefined;
    const out = [];
    for (const o of order) {
        if (typeof o?.segment !== "string" || typeof o.order !== "string" || typeof o.statusURL !== "string")
            return undefined;
        out.push({
            audience: (0,plan_ids/* canonicalId */.i)(o.segment),
            destination: (0,plan_ids/* canonicalId */.i)(o.order),
            statusURL: o.statusURL,
        });
    }
    return out;
}

;// CONCATENATED MODULE: ./build/src/aep/platform.js
// The Platform API client: every request carries Authorization, x-api-key, x-gw-ims-org-id and
// x-sandbox-name; credentials go only to the configured Platform URL. Replies are decoded in wire.ts.





const V2_ACCEPT = "application/vnd.adobe.adhoc.activation+json; version=2";
/** Pages of 100 runs read at most per listing: a dataflow with more history needs `sinceMs`. */
const MAX_RUN_PAGES = 50;
const RUNS_PATH = `${FLOW_SERVICE}/runs`;
const AUDIENCES_PATH = "/data/core/ups/audiences/bulk-get";
/** IDs asked for in one bulk-get (Adobe's description of its 400 is unclear about the bound; 100 is its example's scale). */
const AUDIENCES_PER_CALL = 100;
class PlatformClient {
    http;
    tokens;
    config;
    log;
    /** The Platform URL, without a trailing slash (next-page links are followed only under it). */
    base;
    constructor(http, tokens, config, log) {
        this.http = http;
        this.tokens = tokens;
        this.config = config;
        this.log = log;
        this.base = config.platformUrl.replace(/\/+$/, "");
    }
    async call(method, path, sandbox, what, options = {}) {
        for (let refreshed = false;; refreshed = true) {
            const headers = {
                authorization: `Bearer ${await this.tokens.get()}`,
                "x-api-key": this.config.clientId,
                "x-gw-ims-org-id": this.config.orgId,
                "x-sandbox-name": sandbox,
            };
            if (options.body !== undefined)
                headers["content-type"] = "application/json";
            if (options.accept !== undefined)
                headers.accept = options.accept;
            const outcome = await this.http.send({
                method,
                url: `${this.base}${path}`,
                headers,
                ...(options.body === undefined ? {} : { body: JSON.stringify(options.body) }),
                what,
            }, options.mode ?? "idempotent");
            const expired = outcome.kind === "response" &&
                outcome.response.status === 401 &&
                outcome.response.text.includes("401013");
            if (expired && !refreshed && this.tokens.invalidate()) {
                this.log(`${what}: Platform says the access token is not valid (401013); requesting a new token and trying once more.`);
                continue;
            }
            return outcome;
        }
    }
    async getJson(path, sandbox, what) {
        const outcome = await this.call("GET", path, sandbox, what);
        if (outcome.kind !== "response")
            throw new PlatformError(`${what} failed: ${outcome.reason}`);
        const { status, text } = outcome.response;
        return { status, body: json(text), text };
    }
    /** A GET's JSON body on a 200; otherwise a PlatformError that says what to ask for (`access`). */
    async read(path, sandbox, what, access) {
        const r = await this.getJson(path, sandbox, what);
        if (r.status !== 200)
            this.fail(what, r.status, r.text, access);
        return r.body;
    }
    fail(what, status, text, access = "destinations") {
        const message = messageOf(text).replace(/\.$/, "");
        throw new PlatformError(`${what} failed: HTTP ${status}: ${message}.${(0,messages/* accessHint */.ux)(status, access)}`, status);
    }
    /** Each audience's size at its newest evaluation (segment jobs; see sizes.ts). */
    getAudienceSizes(sandbox, ids) {
        return readAudienceSizes(this, sandbox, ids);
    }
    async getFlow(sandbox, flowId) {
        const what = `reading dataflow ${flowId}`;
        const r = await this.getJson(`/data/foundation/flowservice/flows/${encodeURIComponent(flowId)}`, sandbox, what);
        if (r.status === 404)
            return undefined;
        if (r.status !== 200)
            this.fail(what, r.status, r.text);
        const item = itemsOf(r.body)[0];
        return item === undefined ? undefined : toFlow(item);
    }
    /**
     * Runs of a dataflow, newest first, created since `sinceMs` when given: page after page of 100
     * (`_links.next.href`), until a page reaches back past `sinceMs` or is the last, and at most
     * MAX_RUN_PAGES pages (then an error: a partial list would hide runs).
     */
    async listRuns(sandbox, flowId, sinceMs, expected = 0) {
        // Enough pages for the runs looked for, twice over, and the usual bound besides.
        const maxPages = MAX_RUN_PAGES + Math.ceil((2 * expected) / 100);
        const params = new URLSearchParams();
        params.append("property", `flowId==${flowId}`);
        if (sinceMs !== undefined)
            params.append("property", `createdAt>=${sinceMs}`);
        params.append("orderby", "-createdAt");
        params.append("limit", "100");
        const what = `listing runs of dataflow ${flowId}`;
        const runs = new Map();
        let path = `${RUNS_PATH}?${params.toString()}`;
        for (let page = 1; page <= maxPages; page++) {
            const body = await this.read(path, sandbox, what, "destinations");
            const items = itemsOf(body).map(toRun);
            const since = items.filter((x) => sinceMs === undefined || (x.createdAt ?? Infinity) >= sinceMs);
            for (const run of since)
                if (!runs.has(run.id))
                    runs.set(run.id, run);
            const href = nextHrefOf(body);
            // Newest first: once a page reaches back past sinceMs, the next pages hold only older runs.
            if (href === undefined || since.length < items.length)
                return [...runs.values()];
            const next = nextPagePath(this.base, href, RUNS_PATH);
            if ("refused" in next)
                throw new PlatformError(`${what}: the next page's link is not followed with credentials: ${next.refused}`);
            path = next.path;
        }
        throw new PlatformError(`${what}: more than ${maxPages} pages of runs; stopped reading rather than go on without end`);
    }
    async getRun(sandbox, runId) {
        const what = `reading run ${runId}`;
        const path = `/data/foundation/flowservice/runs/${encodeURIComponent(runId)}`;
        const item = itemsOf(await this.read(path, sandbox, what, "destinations"))[0];
        if (item === undefined)
            throw new PlatformError(`${what}: the reply held no run`);
        return toRun(item);
    }
    async listExportJobs(sandbox) {
        const path = "/data/core/ups/export/jobs?limit=50";
        return toExportJobs(await this.read(path, sandbox, "listing segment export jobs", "export-jobs"));
    }
    /** The run ID of a statusURL; a URL on another host is not followed with credentials. */
    runIdFromStatusUrl(statusUrl) {
        const { id, foreignOrigin } = runIdOf(statusUrl, this.base);
        if (foreignOrigin !== undefined)
            this.log(`A statusURL points at ${foreignOrigin}, not the configured Platform URL: it is not followed with credentials; run ${id} is read from ${new URL(this.base).origin}.`);
        return id;
    }
    /** Audiences by ID (audiences/bulk-get, AUDIENCES_PER_CALL a call); IDs Platform does not know are left out. */
    async getAudiences(sandbox, ids) {
        const what = "reading audience names (audiences/bulk-get)";
        const found = [];
        for (let i = 0; i < ids.length; i += AUDIENCES_PER_CALL) {
            const body = { ids: ids.slice(i, i + AUDIENCES_PER_CALL).map((id) => ({ id })) };
            const outcome = await this.call("POST", AUDIENCES_PATH, sandbox, what, { body });
            if (outcome.kind !== "response")
                throw new PlatformError(`${what} failed: ${outcome.reason}`);
            const { status, text } = outcome.response;
            if (status === 404)
                continue; // segmentation.yaml: none of the requested audiences could be found
            if (status !== 207 && status !== 200)
                this.fail(what, status, text, "audiences");
            const audiences = toAudiences(json(text));
            if (audiences === undefined)
                throw new PlatformError(`${what}: the reply is not the documented {"results": …} (${messageOf(text)})`);
            found.push(...audiences);
        }
        return found;
    }
    async submit(sandbox, activationInfo, exportIds) {
        const body = exportIds === undefined ? { activationInfo } : { activationInfo, exportIds };
        const outcome = await this.call("POST", "/data/core/activation/disflowprovider/adhocrun", sandbox, "submitting an ad-hoc job", {
            body,
            ...(exportIds === undefined ? { accept: V2_ACCEPT } : {}),
            mode: "submit",
        });
        if (outcome.kind === "uncertain")
            return outcome;
        if (outcome.kind === "failed")
            return { kind: "rejected", status: 0, message: outcome.reason };
        const { status, text } = outcome.response;
        if (status !== 200)
            return { kind: "rejected", status, message: messageOf(text) };
        const decoded = toOrders(text);
        // Platform accepted something, but what cannot be read: whether runs were created is checked by the caller.
        if (decoded === undefined)
            return { kind: "uncertain", reason: "Platform answered 200 with a reply that could not be read" };
        const orders = decoded.map((o) => ({
            audience: o.audience,
            destination: o.destination,
            runId: this.runIdFromStatusUrl(o.statusURL),
        }));
        return { kind: "accepted", orders };
    }
}

;// CONCATENATED MODULE: ./build/src/aep/connect.js
// Builds the Platform client from settings: HTTP (undici, proxy), IMS token source, Platform API.






const DEFAULT_HTTP = {
    timeoutMs: 30_000,
    maxAttempts: 6,
    maxTotalWaitMs: 120_000,
    baseDelayMs: 500,
};
function connectPlatform(settings, clock, registerSecret, log) {
    const httpSettings = {
        ...(settings.http ?? DEFAULT_HTTP),
        ...(settings.proxy === undefined ? {} : { proxy: settings.proxy }),
        ...(settings.maxConcurrent === undefined ? {} : { maxConcurrent: settings.maxConcurrent }),
    };
    // Error bodies may echo the request (the form with the client secret, the bearer token): the
    // redactor learns each secret as the token source registers it (the credentials at construction).
    const redactor = new redact/* Redactor */.p();
    const http = new Http(httpSettings, {
        sleep: (ms) => settings.cancelled === undefined
            ? clock.sleep(ms)
            : (0,src_clock/* sleepUnless */.uj)(clock, ms, { deadline: Infinity, signal: settings.cancelled }),
        now: () => clock.now(),
        random: Math.random,
        log,
        redact: redactor.redact,
        ...(settings.cancelled === undefined ? {} : { cancelled: settings.cancelled }),
    });
    const tokens = new TokenSource(http, settings.imsUrl, settings.credentials, () => clock.now(), (secret) => {
        redactor.add(secret);
        registerSecret(secret);
    }, log);
    const client = new PlatformClient(http, tokens, {
        platformUrl: settings.platformUrl,
        clientId: settings.credentials.clientId,
        orgId: settings.credentials.orgId,
    }, log);
    return {
        client,
        close: () => http.close(),
        stats: http.stats,
        limit: httpSettings.maxConcurrent ?? traffic/* DEFAULT_MAX_CONCURRENT */.hW,
    };
}
/** Credentials from the CLI's environment (the Action reads its inputs instead). */
function credentialsFromEnv(env) {
    const clientId = env.AEP_CLIENT_ID?.trim();
    const orgId = env.AEP_ORG_ID?.trim();
    const clientSecret = env.AEP_CLIENT_SECRET?.trim();
    const accessToken = env.AEP_ACCESS_TOKEN?.trim();
    const missing = [
        ...(clientId ? [] : ["AEP_CLIENT_ID"]),
        ...(orgId ? [] : ["AEP_ORG_ID"]),
        ...(clientSecret || accessToken ? [] : ["AEP_CLIENT_SECRET (or AEP_ACCESS_TOKEN)"]),
    ];
    if (!clientId || !orgId || missing.length > 0)
        return `missing ${missing.join(", ")} in the environment`;
    return {
        clientId,
        orgId,
        ...(clientSecret ? { clientSecret } : {}),
        ...(accessToken ? { accessToken } : {}),
        ...(env.AEP_SCOPES ? { scopes: env.AEP_SCOPES } : {}),
    };
}


/***/ }),

/***/ 55415:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  X: () => (/* binding */ planChanges)
});

// EXTERNAL MODULE: ./build/src/sources/git.js + 3 modules
var sources_git = __webpack_require__(29293);
// EXTERNAL MODULE: ./build/src/plan/changes.js
var plan_changes = __webpack_require__(52388);
// EXTERNAL MODULE: external "node:path/posix"
var posix_ = __webpack_require__(53916);
// EXTERNAL MODULE: ./build/src/plan/file-problems.js
var file_problems = __webpack_require__(64016);
// EXTERNAL MODULE: ./build/src/plan/types.js
var types = __webpack_require__(29304);
;// CONCATENATED MODULE: ./build/src/sources/revision.js
// Reads the selected plan files at one commit through git (not the working tree).




const SYMLINK_MODE = "120000";
/** A symbolic link's target is a path: longer than PATH_MAX is no path here. */
const LINK_BYTES = 4096;
async function readPlansAtRevision(git, sha, select) {
    const listed = await git.listTree(sha);
    const tree = listed.filter((e) => e.mode !== sources_git/* SUBMODULE_MODE */.Fe);
    // A plan file anywhere below the submodule would be selected: say that none of it is read.
    const submodules = listed
        .filter((e) => e.mode === sources_git/* SUBMODULE_MODE */.Fe)
        .map((e) => e.path)
        .filter((p) => select.matches(`${p}/plan.yaml`) || select.matches(`${p}/plans/plan.yaml`));
    const byPath = new Map(tree.map((e) => [e.path, e]));
    const selected = tree.filter((e) => select.matches(e.path));
    const problems = [];
    const chosen = [];
    const linkBlobs = await git.readBlobs(selected.filter((e) => e.mode === SYMLINK_MODE).map((e) => e.oid), LINK_BYTES);
    for (const entry of selected) {
        let target = entry;
        if (entry.mode === SYMLINK_MODE) {
            const link = Buffer.from(linkBlobs.get(entry.oid)?.bytes ?? new Uint8Array()).toString("utf8");
            const resolved = posix_.normalize(posix_.join(posix_.dirname(entry.path), link));
            const inside = !posix_.isAbsolute(link) && !resolved.startsWith("../") && resolved !== "..";
            const found = inside ? byPath.get(resolved) : undefined;
            if (found === undefined || found.mode === SYMLINK_MODE) {
                problems.push((0,file_problems/* symlinkOutside */.n)(entry.path));
                continue;
            }
            target = found;
        }
        chosen.push({ path: entry.path, entry: target });
    }
    const blobs = await git.readBlobs(chosen.map((c) => c.entry.oid), types/* MAX_PLAN_BYTES */.di);
    const sources = [];
    for (const c of chosen) {
        const blob = blobs.get(c.entry.oid);
        if (blob !== undefined && blob.bytes === undefined)
            problems.push((0,file_problems/* fileTooLarge */.M)(c.path, blob.size));
        else
            sources.push({ file: c.path, bytes: blob?.bytes ?? new Uint8Array() });
    }
    const read = new Set(sources.map((s) => s.file));
    return {
        sources,
        oids: new Map(chosen.filter((c) => read.has(c.path)).map((c) => [c.path, c.entry.oid])),
        problems,
        unmatched: select.unmatched(tree.map((e) => e.path)),
        submodules,
    };
}

// EXTERNAL MODULE: ./build/src/plan/validate.js + 1 modules
var validate = __webpack_require__(44618);
// EXTERNAL MODULE: ./build/src/jobs/planner.js + 1 modules
var planner = __webpack_require__(19844);
;// CONCATENATED MODULE: ./build/src/app/plan-change.js
// The planning flow: read the plans at two commits, validate, classify the changes, build the jobs.
// The one place that combines the git adapter with the pure core; used by the CLI and the Action.






async function resolveBase(git, base, headSha, log) {
    if (sources_git/* ZERO_SHA */.gy.test(base)) {
        const [parent] = await git.parents(headSha);
        if (parent === undefined) {
            log("The base is the all-zero SHA (a new branch) and the head has no parent: every plan counts as added.");
            return undefined;
        }
        log(`The base is the all-zero SHA (a new branch): comparing with the head's first parent ${parent.slice(0, 12)}.`);
        return git.resolve(parent);
    }
    const sha = await git.resolve(base);
    if (!(await git.isAncestor(sha, headSha))) {
        const why = (await git.isShallow())
            ? `nor within ${sources_git/* FIRST_PARENT_LIMIT */.iv} first-parent commits of it in this shallow checkout, even fetched: a force push, or use fetch-depth: 0 with actions/checkout`
            : "a force push?";
        log(`The base ${sha.slice(0, 12)} is not an ancestor of the head ${headSha.slice(0, 12)} (${why}): comparing the plans of the two commits as they are.`);
    }
    return sha;
}
async function planChanges(git, request, log) {
    const headSha = await git.resolve(request.head);
    const head = await readPlansAtRevision(git, headSha, request.select);
    const headSet = (0,validate/* validatePlanSet */.a)(head.sources, head.problems);
    const problems = [...headSet.problems];
    if (request.allowedSandboxes !== undefined && request.allowedSandboxes.length > 0) {
        for (const plan of headSet.plans) {
            if (!request.allowedSandboxes.includes(plan.sandbox)) {
                problems.push({
                    file: plan.file,
                    line: plan.sandboxPos.line,
                    col: plan.sandboxPos.col,
                    code: "sandbox-not-allowed",
                    message: `Sandbox \`${plan.sandbox}\` is not one this workflow may activate in (allowed: ${request.allowedSandboxes.join(", ")}).`,
                    hint: "Use an allowed sandbox, or add it to the workflow's `allowed-sandboxes` input.",
                });
            }
        }
    }
    const limit = request.sandboxes ?? [];
    const inScope = (p) => limit.length === 0 || limit.includes(p.sandbox);
    const headPlans = headSet.plans.filter(inScope);
    let baseSha;
    let basePlans = [];
    let unchanged = new Set();
    let unmatched = head.unmatched;
    if (!request.all && request.base !== undefined) {
        baseSha = await resolveBase(git, request.base, headSha, log);
        if (baseSha !== undefined) {
            const base = await readPlansAtRevision(git, baseSha, request.select);
            unmatched = unmatched.filter((u) => base.unmatched.some((b) => b.pattern === u.pattern));
            unchanged = new Set([...base.oids].filter(([p, oid]) => head.oids.get(p) === oid).map(([p]) => p));
            // Unchanged files are the same plans at both commits; only the rest is parsed again.
            const changed = base.sources.filter((s) => !unchanged.has(s.file));
            basePlans = [
                ...(0,validate/* validatePlanSet */.a)(changed).plans,
                ...headPlans.filter((p) => unchanged.has(p.file)),
            ].filter(inScope);
        }
    }
    problems.sort(types/* compareProblems */.im);
    // With problems nothing is planned: the changes would be incomplete.
    const changes = problems.length > 0
        ? []
        : (0,plan_changes/* diffPlanSets */.mK)(basePlans, headPlans, {
            all: request.all,
            now: request.now,
            unchangedFiles: unchanged,
        });
    const execution = (0,planner/* planJobs */.K)(changes.flatMap((c) => c.pairs), request.planner, changes.flatMap((c) => (c.pending?.pairs ?? []).map((p) => ({
        sandbox: p.sandbox,
        destination: p.destination.id,
        audience: p.audience.id,
        opens: c.pending?.opens ?? 0,
    }))));
    const outcome = {
        headSha,
        problems,
        changes,
        execution,
        headPlans,
        unmatched,
        submodules: head.submodules,
    };
    if (baseSha !== undefined)
        outcome.baseSha = baseSha;
    if (limit.length > 0)
        outcome.limit = {
            sandboxes: [...limit],
            atHead: [...new Set(headSet.plans.map((p) => p.sandbox))].sort(),
        };
    return outcome;
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

/***/ 1752:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   XV: () => (/* binding */ pullAuthor),
/* harmony export */   YI: () => (/* binding */ approvalsAt),
/* harmony export */   gR: () => (/* binding */ pullHead),
/* harmony export */   x1: () => (/* binding */ teamMembers)
/* harmony export */ });
/**
 * The logins whose latest review of the PR (comments aside) approves it at `commit`: an approval given
 * on an older head does not count, and a later "changes requested" or a dismissal withdraws one.
 */
async function approvalsAt(gh, repo, pr, commit) {
    const reviews = await gh.paginate(gh.rest.pulls.listReviews, { ...repo, pull_number: pr, per_page: 100 });
    const latest = new Map();
    for (const r of reviews) {
        const login = r.user?.login;
        if (login === undefined || r.state === "COMMENTED" || r.state === "PENDING")
            continue;
        latest.set(login.toLowerCase(), { state: r.state, commit: r.commit_id });
    }
    const logins = new Map(reviews.flatMap((r) => (r.user === null ? [] : [[r.user.login.toLowerCase(), r.user.login]])));
    return [...latest]
        .filter(([, r]) => r.state === "APPROVED" && r.commit === commit)
        .map(([key]) => logins.get(key) ?? key);
}
/** A team's members (`@org/slug`); throws when the token cannot read them (GITHUB_TOKEN cannot). */
async function teamMembers(gh, team) {
    const [org = "", slug = ""] = team.replace(/^@/, "").split("/");
    const members = await gh.paginate(gh.rest.teams.listMembersInOrg, { org, team_slug: slug, per_page: 100 });
    return members.map((m) => m.login);
}
/** A pull request's head commit now. */
async function pullHead(gh, repo, pr) {
    const { data } = await gh.rest.pulls.get({ ...repo, pull_number: pr });
    return data.head.sha;
}
/** Who opened a pull request (GitHub never lets them approve it). */
async function pullAuthor(gh, repo, pr) {
    const { data } = await gh.rest.pulls.get({ ...repo, pull_number: pr });
    return data.user?.login;
}


/***/ }),

/***/ 19844:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  K: () => (/* binding */ planJobs)
});

// UNUSED EXPORTS: compareJobs

// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(77598);
;// CONCATENATED MODULE: ./build/src/jobs/plan-hash.js
// The plan hash a review approves: the jobs, the planner's settings and the pending pairs, in a
// canonical form. Pure.

/**
 * The hash a review approves: the jobs, the planner's settings and, when there are any, the pending
 * pairs with when each window opens (so a merge cannot swap what waits for a window after review).
 */
function planHashOf(jobs, settings, pending = []) {
    const canonical = JSON.stringify({
        apiVersion: settings.apiVersion ?? 2,
        countBy: settings.countBy,
        maxPerJob: settings.maxPerJob,
        jobs: jobs.map((j) => [j.sandbox, j.wave, j.activationInfo]),
        ...(pending.length === 0
            ? {}
            : {
                pending: pending
                    .map((p) => [p.sandbox, p.destination, p.audience, p.opens])
                    .sort((a, b) => (a.join("\u0000") < b.join("\u0000") ? -1 : 1)),
            }),
    });
    return `sha256:${(0,external_node_crypto_.createHash)("sha256").update(canonical).digest("hex")}`;
}

;// CONCATENATED MODULE: ./build/src/jobs/planner.js
// Requested pairs → ad-hoc jobs and waves that Adobe's guardrails accept. Pure and deterministic.
//
// Guardrails: at most `limit` audiences (or pairs) per job; one sandbox per job; never two running
// jobs for the same audience, so jobs that share an audience go in different waves.
//
// Counting audiences (the default, Adobe's unit): an audience goes to all its destinations in one job,
// so every audience is in exactly one job: ⌈A / limit⌉ jobs, evenly filled, all in wave 1.
//
// Counting pairs: two layouts are built and the better one kept.
//  - sequential: pairs sorted by audience, cut into ⌈P / limit⌉ even chunks (the minimum number of
//    jobs). An audience spans consecutive jobs, so colouring job i with i mod K (K = the most jobs one
//    audience spans) separates every pair of jobs that share one; K is a clique, so K waves is minimal
//    for these jobs.
//  - whole audiences: each audience's pairs stay together (an audience with more than `limit`
//    destinations fills dedicated jobs with the rest packed), packed by best-fit decreasing. Waves
//    reach the absolute lower bound W* = max ⌈destinations / limit⌉, possibly with one job more.
//  Sequential wins when it already reaches W*; otherwise whole audiences when they need at most
//  ⌈P / limit⌉ + 1 jobs; otherwise sequential.


function makeJob(sandbox, cells, wave) {
    const info = new Map();
    const audiences = new Set();
    for (const c of cells) {
        audiences.add(c.audience);
        const list = info.get(c.destination);
        if (list === undefined)
            info.set(c.destination, [c.audience]);
        else
            list.push(c.audience);
    }
    const activationInfo = {};
    for (const [d, list] of [...info].sort(([a], [b]) => (a < b ? -1 : 1)))
        activationInfo[d] = list.sort();
    const id = `job-${(0,external_node_crypto_.createHash)("sha256")
        .update(JSON.stringify([sandbox, activationInfo]))
        .digest("hex")
        .slice(0, 12)}`;
    return { id, sandbox, wave, activationInfo, audienceCount: audiences.size, pairCount: cells.length };
}
function evenSlices(items, parts) {
    const out = [];
    for (let k = 0; k < parts; k++) {
        out.push(items.slice(Math.floor((k * items.length) / parts), Math.floor(((k + 1) * items.length) / parts)));
    }
    return out;
}
function byAudience(cells) {
    return cells.flatMap((c) => c.destinations.map((destination) => ({ audience: c.audience, destination })));
}
function planByAudiences(sandbox, cells, limit) {
    const parts = Math.ceil(cells.length / limit);
    return evenSlices(cells, parts).map((slice) => makeJob(sandbox, byAudience(slice), 1));
}
function sequentialByPairs(sandbox, cells, limit) {
    const flat = byAudience(cells);
    const chunks = evenSlices(flat, Math.ceil(flat.length / limit));
    const span = new Map();
    for (const chunk of chunks)
        for (const a of new Set(chunk.map((c) => c.audience)))
            span.set(a, (span.get(a) ?? 0) + 1);
    let k = 1;
    for (const n of span.values())
        k = Math.max(k, n);
    return chunks.map((chunk, i) => makeJob(sandbox, chunk, (i % k) + 1));
}
function wholeAudiencesByPairs(sandbox, cells, limit) {
    const jobs = [];
    const items = [];
    const dedicated = [];
    for (const c of cells) {
        const full = Math.floor(c.destinations.length / limit);
        const rest = c.destinations.slice(full * limit);
        if (full > 0) {
            const chunks = [];
            for (let i = 0; i < full; i++)
                chunks.push(c.destinations.slice(i * limit, (i + 1) * limit));
            dedicated.push({ audience: c.audience, chunks, hasRest: rest.length > 0 });
        }
        if (rest.length > 0)
            items.push({ audience: c.audience, destinations: rest });
    }
    // Best-fit decreasing with bins bucketed by remaining capacity: O(items × limit).
    items.sort((a, b) => b.destinations.length - a.destinations.length || (a.audience < b.audience ? -1 : 1));
    const bins = [];
    const byRoom = Array.from({ length: limit + 1 }, () => []);
    for (const item of items) {
        const size = item.destinations.length;
        let bin;
        for (let room = size; room <= limit && bin === undefined; room++)
            bin = byRoom[room]?.pop();
        const index = bin ?? bins.length;
        const content = bins[index] ?? [];
        if (bin === undefined)
            bins.push(content);
        for (const d of item.destinations)
            content.push({ audience: item.audience, destination: d });
        byRoom[limit - content.length]?.push(index);
    }
    for (const bin of bins)
        jobs.push(makeJob(sandbox, bin, 1));
    for (const d of dedicated) {
        d.chunks.forEach((chunk, i) => jobs.push(makeJob(sandbox, chunk.map((destination) => ({ audience: d.audience, destination })), i + (d.hasRest ? 2 : 1))));
    }
    return jobs;
}
function planByPairs(sandbox, cells, limit) {
    const pairCount = cells.reduce((n, c) => n + c.destinations.length, 0);
    const lowerWaves = cells.reduce((w, c) => Math.max(w, Math.ceil(c.destinations.length / limit)), 1);
    const sequential = sequentialByPairs(sandbox, cells, limit);
    const seqWaves = sequential.reduce((w, j) => Math.max(w, j.wave), 1);
    if (seqWaves === lowerWaves)
        return sequential;
    const whole = wholeAudiencesByPairs(sandbox, cells, limit);
    return whole.length <= Math.ceil(pairCount / limit) + 1 ? whole : sequential;
}
function compareJobs(a, b) {
    if (a.wave !== b.wave)
        return a.wave - b.wave;
    if (a.sandbox !== b.sandbox)
        return a.sandbox < b.sandbox ? -1 : 1;
    return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}
/** Build the execution plan for the requested pairs. Same pairs (in any order) → byte-identical output. */
function planJobs(requested, settings, pending = []) {
    if (!Number.isInteger(settings.maxPerJob) || settings.maxPerJob < 1) {
        throw new RangeError("max audiences per job must be a whole number of at least 1");
    }
    // Unique pairs, each with every request for it (two plans asking for the same pair → one submission),
    // indexed sandbox → audience → destination without building a string key per pair.
    const index = new Map();
    for (const r of requested) {
        let audiences = index.get(r.sandbox);
        if (audiences === undefined)
            index.set(r.sandbox, (audiences = new Map()));
        let destinations = audiences.get(r.audience.id);
        if (destinations === undefined)
            audiences.set(r.audience.id, (destinations = new Map()));
        const requests = destinations.get(r.destination.id);
        if (requests === undefined)
            destinations.set(r.destination.id, [r]);
        else
            requests.push(r);
    }
    const jobs = [];
    for (const [sandbox, audiences] of [...index].sort(([a], [b]) => (a < b ? -1 : 1))) {
        const cells = [...audiences]
            .sort(([a], [b]) => (a < b ? -1 : 1))
            .map(([audience, destinations]) => ({
            audience,
            destinations: [...destinations.keys()].sort(),
        }));
        jobs.push(...(settings.countBy === "audiences"
            ? planByAudiences(sandbox, cells, settings.maxPerJob)
            : planByPairs(sandbox, cells, settings.maxPerJob)));
    }
    jobs.sort(compareJobs);
    // Pairs in job order (jobs and their activationInfo are already in a deterministic order).
    const pairs = [];
    const byPlan = (a, b) => (a.plan < b.plan ? -1 : a.plan > b.plan ? 1 : 0);
    for (const job of jobs) {
        const audiences = index.get(job.sandbox);
        for (const [destination, ids] of Object.entries(job.activationInfo)) {
            for (const audience of ids) {
                const requestedBy = audiences?.get(audience)?.get(destination) ?? [];
                if (requestedBy.length > 1)
                    requestedBy.sort(byPlan);
                pairs.push({ sandbox: job.sandbox, destination, audience, jobId: job.id, requestedBy });
            }
        }
    }
    const planHash = planHashOf(jobs, settings, pending);
    const sandboxes = [...new Set([...jobs, ...pending].map((x) => x.sandbox))].sort();
    return {
        jobs,
        waves: jobs.reduce((w, j) => Math.max(w, j.wave), 0),
        pairs,
        planHash,
        // One sandbox: its jobs and pending pairs are all of them, so its hash is the plan's.
        sandboxHashes: Object.fromEntries(sandboxes.map((sandbox) => [
            sandbox,
            sandboxes.length === 1
                ? planHash
                : planHashOf(jobs.filter((j) => j.sandbox === sandbox), settings, pending.filter((p) => p.sandbox === sandbox)),
        ])),
    };
}


/***/ }),

/***/ 52388:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   PG: () => (/* binding */ planPairs),
/* harmony export */   Yz: () => (/* binding */ pairKey),
/* harmony export */   kW: () => (/* binding */ windowState),
/* harmony export */   mK: () => (/* binding */ diffPlanSets)
/* harmony export */ });
/* harmony import */ var _instant_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(67488);
// What changed between two plan sets, and so which (destination, audience) pairs are to be activated.
// Pure: plans in, classified changes out. Plans are paired by `metadata.name`, so moving a file is no change.

/** The one key of a pair: the engine, the state and the merges of a push use it too. */
const pairKey = (sandbox, destination, audience) => `${sandbox}\u0000${destination}\u0000${audience}`;
function planPairs(plan) {
    const pairs = [];
    for (const a of plan.activations) {
        for (const audience of a.audiences) {
            pairs.push({
                sandbox: plan.sandbox,
                destination: a.destination,
                audience,
                plan: plan.name,
                file: plan.file,
            });
        }
    }
    return pairs;
}
const plural = (n, word) => `${n} ${word}${n === 1 ? "" : "s"}`;
/** Where `now` falls relative to the plan's window; a bound that cannot be read keeps it closed. */
function windowState(plan, now) {
    const w = plan.window;
    for (const bound of [w?.notBefore, w?.notAfter]) {
        if (bound !== undefined && Number.isNaN((0,_instant_js__WEBPACK_IMPORTED_MODULE_0__/* .instant */ .u)(bound)))
            return { open: false, reason: `its window bound ${bound} cannot be read as a date-time` };
    }
    if (w?.notBefore !== undefined && now.getTime() < (0,_instant_js__WEBPACK_IMPORTED_MODULE_0__/* .instant */ .u)(w.notBefore)) {
        return {
            open: false,
            reason: `pending: its window opens ${w.notBefore}; the first scheduled run after that activates it`,
            opens: (0,_instant_js__WEBPACK_IMPORTED_MODULE_0__/* .instant */ .u)(w.notBefore),
        };
    }
    if (w?.notAfter !== undefined && now.getTime() > (0,_instant_js__WEBPACK_IMPORTED_MODULE_0__/* .instant */ .u)(w.notAfter)) {
        return { open: false, reason: `expired: its window closed ${w.notAfter}` };
    }
    return { open: true };
}
function classify(base, head, options) {
    // An unchanged file is the very same plan at both revisions: nothing to compare pair by pair.
    if (options.all !== true && base === head && options.unchangedFiles?.has(head.file) === true)
        return undefined;
    const all = planPairs(head);
    const entry = (change, reason, pairs) => ({
        name: head.name,
        file: head.file,
        change,
        reason,
        pairs,
    });
    if (options.all === true)
        return entry("added", `selected for a full run: ${plural(all.length, "pair")}`, all);
    if (base === undefined)
        return entry("added", `new plan: ${plural(all.length, "pair")}`, all);
    if (base.sandbox !== head.sandbox) {
        return entry("revision", `sandbox changed from ${base.sandbox} to ${head.sandbox}: every pair`, all);
    }
    if (head.revision > base.revision) {
        return entry("revision", `revision bumped from ${base.revision} to ${head.revision}: every pair`, all);
    }
    const before = new Set(planPairs(base).map((p) => pairKey(p.sandbox, p.destination.id, p.audience.id)));
    const added = all.filter((p) => !before.has(pairKey(p.sandbox, p.destination.id, p.audience.id)));
    if (added.length > 0)
        return entry("modified", `${plural(added.length, "new pair")}`, added);
    const sameFile = base.file === head.file && options.unchangedFiles?.has(head.file) === true;
    if (sameFile)
        return undefined;
    const removed = before.size - (all.length - added.length);
    const moved = base.file !== head.file ? `moved from ${base.file}; ` : "";
    const what = removed > 0
        ? `${plural(removed, "pair")} removed (removing a pair activates nothing)`
        : head.revision < base.revision
            ? `revision lowered from ${base.revision} to ${head.revision} (only raising it re-runs a plan)`
            : "no new pairs (metadata, order or comments changed)";
    return entry("unchanged", `${moved}${what}`, []);
}
/**
 * Classify every plan that differs between `base` and `head` (all head plans with `all`).
 * Plans outside their window contribute nothing and are listed as `outside-window`.
 */
function diffPlanSets(base, head, options) {
    const baseByName = new Map(base.map((p) => [p.name, p]));
    const headNames = new Set(head.map((p) => p.name));
    const changes = [];
    for (const plan of head) {
        const c = classify(baseByName.get(plan.name), plan, options);
        if (c === undefined)
            continue;
        if (c.pairs.length > 0) {
            const window = windowState(plan, options.now);
            if (!window.open) {
                changes.push({
                    ...c,
                    change: "outside-window",
                    reason: window.reason,
                    pairs: [],
                    plan,
                    heldBack: c.pairs.length,
                    ...(window.opens === undefined
                        ? { closed: { pairs: c.pairs } }
                        : { pending: { pairs: c.pairs, opens: window.opens } }),
                });
                continue;
            }
        }
        changes.push({ ...c, plan });
    }
    if (options.all !== true) {
        for (const plan of base) {
            if (headNames.has(plan.name))
                continue;
            changes.push({
                name: plan.name,
                file: plan.file,
                change: "deleted",
                reason: "plan deleted: nothing to activate (exports already made are not undone)",
                pairs: [],
                plan,
            });
        }
    }
    return changes.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}


/***/ }),

/***/ 28570:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Bk: () => (/* binding */ exportsPhrase),
/* harmony export */   Fe: () => (/* binding */ nameFor),
/* harmony export */   KT: () => (/* binding */ named),
/* harmony export */   QM: () => (/* binding */ namesSource),
/* harmony export */   eZ: () => (/* binding */ namesOf),
/* harmony export */   v1: () => (/* binding */ exportsOf),
/* harmony export */   wB: () => (/* binding */ sizeNote)
/* harmony export */ });
/* unused harmony export profiles */
/* harmony import */ var _activation_messages_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(52396);
/* harmony import */ var _escape_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(77291);
// Names beside IDs wherever people read them: Platform's, as pre-flight read them, else the plans'
// own (then said to be unchecked). Pure.


/** The names pre-flight read from Platform for a report's pairs. */
function namesOf(report) {
    const audiences = new Map();
    const destinations = new Map();
    const sizes = new Map();
    for (const r of report.results) {
        if (r.names?.audience !== undefined)
            audiences.set(r.audience, r.names.audience);
        if (r.names?.destination !== undefined)
            destinations.set(r.destination, r.names.destination);
        if (r.size !== undefined)
            sizes.set(`${r.sandbox}\n${r.audience}`, r.size);
    }
    return {
        audiences,
        destinations,
        checked: report.namesChecked === true,
        sizes,
        sizesChecked: report.sizesChecked === true,
    };
}
const planName = (requestedBy, which) => requestedBy.map((r) => r[which].name).find((n) => n !== undefined);
/** Platform's name for the pair's audience or destination, else the first plan's that gives one. */
function nameFor(pair, which, names) {
    const platform = (which === "audience" ? names?.audiences : names?.destinations)?.get(pair[which]);
    const name = platform ?? planName(pair.requestedBy, which);
    return name === undefined ? undefined : (0,_activation_messages_js__WEBPACK_IMPORTED_MODULE_0__/* .clip */ .$Q)(name);
}
/** A name with its short ID (`Cart abandoners \`3a1b2c3d…\``), or the whole ID when there is no name. */
function named(id, name) {
    return name === undefined ? (0,_escape_js__WEBPACK_IMPORTED_MODULE_1__/* .code */ .aY)(id) : `${(0,_escape_js__WEBPACK_IMPORTED_MODULE_1__/* .escapeText */ .X1)(name)} ${(0,_escape_js__WEBPACK_IMPORTED_MODULE_1__/* .code */ .aY)((0,_escape_js__WEBPACK_IMPORTED_MODULE_1__/* .shortId */ .m_)(id))}`;
}
/** Where the names shown come from, for the line under a list of pairs. */
function namesSource(names) {
    if (names?.scope === "base")
        return "Names are Platform's for the IDs already on the base branch; the IDs this PR adds show the plan's own names, not checked (a fork's PR reads nothing more from Platform).";
    return names?.checked === true
        ? "Names are Platform's, read by the pre-flight."
        : "Names are the plans' own: they were not checked against Platform.";
}
/** A count as people read it at a glance: 950, 12,345, 1.2 M. */
function profiles(n) {
    if (n >= 1_000_000)
        return `${(n / 1_000_000).toFixed(1).replace(/\.0$/, "")} M`;
    return n.toLocaleString("en-US");
}
/** Profile exports of some pairs: the sum of their audiences' known sizes, and how many are unknown. */
function exportsOf(pairs, names) {
    if (names?.sizesChecked !== true)
        return undefined;
    let known = 0;
    let unknown = 0;
    for (const p of pairs) {
        const size = names.sizes?.get(`${p.sandbox}\n${p.audience}`);
        if (size === undefined || size === "external" || size.profiles === undefined)
            unknown++;
        else
            known += size.profiles;
    }
    return { known, unknown };
}
/** "about 1.2 M profile exports", "at least 40,000 profile exports" (some sizes unknown), or "sizes not checked". */
function exportsPhrase(e) {
    if (e === undefined)
        return "sizes not checked";
    return `${e.unknown > 0 ? "at least" : "about"} ${profiles(e.known)} profile exports`;
}
/** An audience's size beside its name: its profiles and when Platform counted them, or why there is none. */
function sizeNote(pair, names) {
    if (names?.sizesChecked !== true)
        return "";
    const size = names.sizes?.get(`${pair.sandbox}\n${pair.audience}`);
    if (size === "external")
        return " · size unknown (external audience)";
    if (size === undefined)
        return " · size unknown";
    const when = `evaluated ${(0,_escape_js__WEBPACK_IMPORTED_MODULE_1__/* .utcMinute */ .vD)(size.evaluatedAt)}`;
    return size.profiles === undefined
        ? ` · size unknown (${when})`
        : ` · ${profiles(size.profiles)} profiles (${when})`;
}


/***/ }),

/***/ 13559:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Ju: () => (/* binding */ REFUSED_BEGIN),
/* harmony export */   Vs: () => (/* binding */ REFUSED_END),
/* harmony export */   Ze: () => (/* binding */ differenceLines),
/* harmony export */   cC: () => (/* binding */ confirmHint),
/* harmony export */   dG: () => (/* binding */ renderScheduledView),
/* harmony export */   jS: () => (/* binding */ renderRefusedNote),
/* harmony export */   kB: () => (/* binding */ renderMergeNotes)
/* harmony export */ });
/* unused harmony exports renderPendingNotes, renderOpenFailures */
/* harmony import */ var _clock_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(78179);
/* harmony import */ var _state_records_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(71397);
/* harmony import */ var _escape_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(77291);
// The notes around an apply's summary: the merges of a run that were not applied and the pairs not
// sent (and why), and a scheduled run's view of the pairs a later run sends (pending windows, Adobe's
// first-activation hour, retries) and of the open failures. Pure; every plan-provided string is
// escaped.



/** At most this many pairs are listed in a note; the rest are counted. */
const NOTE_ITEMS = 20;
/**
 * Above the summary of a run of several merges: the merges whose review did not hold, each with its
 * PR and why (their pairs were not submitted; the reviewed merges' were), then the pairs that were
 * not sent for another reason: revoked by a later merge, or asked for by no merge on its own.
 */
/** How a person says yes to a merge a run did not send: the manual run's confirm input. */
function confirmHint(m) {
    if (m.pr === undefined || m.hash === undefined)
        return "";
    // A limited run's hash covers its sandboxes only: the manual run is limited the same way.
    const limit = m.sandboxes === undefined || m.sandboxes.length === 0
        ? ""
        : ` and ${(0,_escape_js__WEBPACK_IMPORTED_MODULE_2__/* .code */ .aY)(`sandboxes: ${m.sandboxes.join(",")}`)}`;
    return ` To send it as merged, with a person's yes: run the manual workflow with ${(0,_escape_js__WEBPACK_IMPORTED_MODULE_2__/* .code */ .aY)(`confirm: ${m.pr} ${m.hash}`)}${limit}.`;
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
                .map((p) => `${quote}- ${(0,_escape_js__WEBPACK_IMPORTED_MODULE_2__/* .code */ .aY)(p.audience)} → ${(0,_escape_js__WEBPACK_IMPORTED_MODULE_2__/* .code */ .aY)(p.destination)} (${(0,_escape_js__WEBPACK_IMPORTED_MODULE_2__/* .code */ .aY)(p.plan)})`),
            ...(pairs.length > most ? [`${quote}- … and ${pairs.length - most} more`] : []),
        ];
    const merged = side("Merged, never reviewed", d.merged);
    const reviewed = side("Reviewed, not in the merge", d.reviewed);
    // A blank (quoted) line between the two lists: else the second title continues the first list.
    return merged.length > 0 && reviewed.length > 0
        ? [...merged, quote.trimEnd(), ...reviewed]
        : [...merged, ...reviewed];
}
function renderRefusedNote(m, runUrl) {
    const why = m.why.length > 3_000 ? `${m.why.slice(0, 3_000)}…` : m.why;
    const differs = differenceLines(m.differs);
    return [
        REFUSED_BEGIN,
        `### ❌ Not applied: merged as ${(0,_escape_js__WEBPACK_IMPORTED_MODULE_2__/* .code */ .aY)(m.head.slice(0, 12))}`,
        "",
        (0,_escape_js__WEBPACK_IMPORTED_MODULE_2__/* .escapeSentence */ .FV)(why),
        "",
        ...(differs.length === 0 ? [] : [...differs, ""]),
        `${confirmHint(m).trim() || "A manual run of its plans sends them, with a person's yes."}${runUrl === undefined ? "" : ` [The run that refused it](${runUrl}).`}`,
        "",
        "The preview below is what was reviewed.",
        REFUSED_END,
    ].join("\n");
}
function renderMergeNotes(notes) {
    const { refused, revoked, unasked, missed = [] } = notes;
    const out = [];
    if (refused.length > 0)
        out.push("> [!CAUTION]", `> **${(0,_escape_js__WEBPACK_IMPORTED_MODULE_2__/* .plural */ .LS)(refused.length, "merge")} of this run ${refused.length === 1 ? "was" : "were"} not applied.** ${refused.length === 1 ? "Its" : "Their"} pairs were not submitted; the reviewed merges' pairs below were.`, ">", ...refused.flatMap((m) => [
            `> - ${m.pr === undefined ? `Commit ${(0,_escape_js__WEBPACK_IMPORTED_MODULE_2__/* .code */ .aY)(m.head.slice(0, 12))}` : `PR #${m.pr}`} (${(0,_escape_js__WEBPACK_IMPORTED_MODULE_2__/* .code */ .aY)(m.reason)}): ${(0,_escape_js__WEBPACK_IMPORTED_MODULE_2__/* .escapeSentence */ .FV)(m.why)}${confirmHint(m)}`,
            ...differenceLines(m.differs, 20, ">   "),
        ]), "");
    const items = [
        ...revoked.map((p) => `> - ${(0,_escape_js__WEBPACK_IMPORTED_MODULE_2__/* .code */ .aY)(p.destination.id)} / ${(0,_escape_js__WEBPACK_IMPORTED_MODULE_2__/* .code */ .aY)(p.audience.id)} (${(0,_escape_js__WEBPACK_IMPORTED_MODULE_2__/* .code */ .aY)(p.file)}): asked for by a reviewed merge, removed by a later one (revoked).`),
        ...unasked.map((p) => `> - ${(0,_escape_js__WEBPACK_IMPORTED_MODULE_2__/* .code */ .aY)(p.destination)} / ${(0,_escape_js__WEBPACK_IMPORTED_MODULE_2__/* .code */ .aY)(p.audience)}: the whole change asks for it, but no merge asks for it on its own (a window that opened since, say); a manual run sends it.`),
        ...missed.map((p) => `> - ${(0,_escape_js__WEBPACK_IMPORTED_MODULE_2__/* .code */ .aY)(p.destination)} / ${(0,_escape_js__WEBPACK_IMPORTED_MODULE_2__/* .code */ .aY)(p.audience)}: asked for by a merge whose run was missed; with require-reviewed-plan: false it is not caught up, so a manual run sends it.`),
    ];
    if (items.length > 0)
        out.push("> [!NOTE]", `> **${(0,_escape_js__WEBPACK_IMPORTED_MODULE_2__/* .plural */ .LS)(items.length, "pair")} not sent:**`, ">", ...items.slice(0, NOTE_ITEMS), ...(items.length > NOTE_ITEMS ? [`> - and ${items.length - NOTE_ITEMS} more`] : []), "");
    return out.length === 0 ? "" : `${out.join("\n")}\n`;
}
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
                    : `sent now, ${(0,_clock_js__WEBPACK_IMPORTED_MODULE_0__/* .formatAge */ .nV)(v.late)} after its window opened (reviewed ${v.record.review === undefined ? "without a PR" : `on PR #${v.record.review.pr}`})`;
            case "waiting":
                return v.opens === undefined
                    ? "pending: the plans its merge reviewed could not be read (is the commit still on the default branch?); judged again by the next run, never sent unjudged"
                    : `pending: its window opens ${when(v.opens)} (in ${(0,_clock_js__WEBPACK_IMPORTED_MODULE_0__/* .formatAge */ .nV)(v.opens - at.now)})`;
            case "confirm":
                return `⚠️ needs a person's yes: its window opened ${(0,_clock_js__WEBPACK_IMPORTED_MODULE_0__/* .formatAge */ .nV)(v.late)} ago, longer than max-lateness (${(0,_clock_js__WEBPACK_IMPORTED_MODULE_0__/* .formatAge */ .nV)(at.maxLatenessMs)}).${v.record.review === undefined ? " A manual run of its plan sends it" : confirmHint(v.record.review)}`;
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
    const shown = rows.slice(0, NOTE_ITEMS);
    return [
        `### Pending pairs and retries (${verdicts.length})`,
        "",
        "| Plan | Destination / audience | Merged as | What happens |",
        "|---|---|---|---|",
        ...shown.map((v) => `| ${(0,_escape_js__WEBPACK_IMPORTED_MODULE_2__/* .code */ .aY)(v.record.plan)} | ${(0,_escape_js__WEBPACK_IMPORTED_MODULE_2__/* .code */ .aY)(v.record.destination)} / ${(0,_escape_js__WEBPACK_IMPORTED_MODULE_2__/* .code */ .aY)(v.record.audience)} | ${(0,_escape_js__WEBPACK_IMPORTED_MODULE_2__/* .code */ .aY)(v.record.commit.slice(0, 12))} | ${what(v)} |`),
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
    const shown = records.slice(0, NOTE_ITEMS);
    const next = (r) => !(0,_state_records_js__WEBPACK_IMPORTED_MODULE_1__/* .retryable */ .PB)(r.code)
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
        ...shown.map((r) => `| ${(0,_escape_js__WEBPACK_IMPORTED_MODULE_2__/* .code */ .aY)(r.plan)} | ${(0,_escape_js__WEBPACK_IMPORTED_MODULE_2__/* .code */ .aY)(r.destination)} / ${(0,_escape_js__WEBPACK_IMPORTED_MODULE_2__/* .code */ .aY)(r.audience)} | ${(0,_escape_js__WEBPACK_IMPORTED_MODULE_2__/* .code */ .aY)(r.commit.slice(0, 12))} | ${(0,_escape_js__WEBPACK_IMPORTED_MODULE_2__/* .code */ .aY)(r.code ?? "failed")} | ${new Date(r.updatedAt).toISOString().replace(/\.\d{3}Z$/, "Z")} | ${next(r)} |`),
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
        `${(0,_escape_js__WEBPACK_IMPORTED_MODULE_2__/* .plural */ .LS)(open.length, "open failure")}`,
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


/***/ }),

/***/ 48618:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   b: () => (/* binding */ jobsForOutput)
/* harmony export */ });
/* unused harmony export planJson */
function jobsForOutput(execution) {
    return execution.jobs.map((j) => ({
        id: j.id,
        sandbox: j.sandbox,
        wave: j.wave,
        activationInfo: j.activationInfo,
    }));
}
function planJson(outcome, policy) {
    return JSON.stringify({
        planHash: outcome.execution.planHash,
        // The sandboxes the change touches (jobs or pending pairs), each with its own hash: a workflow
        // fans out a job per sandbox (input `sandboxes`), and each checks its sandbox's hash.
        sandboxes: Object.keys(outcome.execution.sandboxHashes),
        sandboxHashes: outcome.execution.sandboxHashes,
        jobs: jobsForOutput(outcome.execution),
        plans: outcome.changes.map((c) => ({
            name: c.name,
            file: c.file,
            change: c.change,
            pairs: c.pairs.length,
            reason: c.reason,
        })),
        ...(policy === undefined ? {} : { policy }),
    }, null, 2);
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
    after: "#### Jobs submitted",
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

/***/ 72626:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   FA: () => (/* binding */ resultRows),
/* harmony export */   ic: () => (/* binding */ attentionRows),
/* harmony export */   qg: () => (/* binding */ trafficLine),
/* harmony export */   tQ: () => (/* binding */ counts)
/* harmony export */ });
/* unused harmony exports sortResults, resultsTable */
/* harmony import */ var _clock_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(78179);


const ORDER = {
    failed: 0,
    "not-submitted": 1,
    pending: 2,
    "would-submit": 3,
    succeeded: 4,
};
function sortResults(results) {
    return [...results].sort((a, b) => (ORDER[a.status] ?? 9) - (ORDER[b.status] ?? 9) ||
        a.wave - b.wave ||
        (a.audience < b.audience ? -1 : a.audience > b.audience ? 1 : a.destination < b.destination ? -1 : 1));
}
function resultRows(results) {
    return sortResults(results).flatMap((r) => r.requestedBy.map((req) => ({
        plan: req.plan,
        destination: r.destination,
        audience: r.audience,
        job: r.jobId,
        runId: r.runId ?? null,
        status: r.status,
        code: r.code ?? null,
        reason: r.reason ?? null,
    })));
}
/** What a run sent to Platform, for its log: the total, the limit, and each kind of request. */
function trafficLine(traffic) {
    if (traffic === undefined)
        return undefined;
    const total = traffic.calls.reduce((n, [, c]) => n + c, 0);
    const paused = traffic.pausedMs > 0 ? `; 429s paused requests for ${(0,_clock_js__WEBPACK_IMPORTED_MODULE_0__/* .formatDuration */ .a3)(traffic.pausedMs)} in all` : "";
    return `Platform calls: ${total}, at most ${traffic.limit} in flight at once${paused}${total === 0 ? "" : `: ${traffic.calls.map(([kind, n]) => `${n} ${kind}`).join(" · ")}`}.`;
}
function counts(results) {
    const c = { succeeded: 0, failed: 0, "not-submitted": 0, "would-submit": 0, pending: 0 };
    for (const r of results)
        c[r.status]++;
    return c;
}
function resultsTable(report) {
    const rows = resultRows(report.results);
    const head = ["STATUS", "PLAN", "AUDIENCE", "DESTINATION", "JOB", "RUN", "RECORDS"];
    const byKey = new Map(report.results.map((r) => [`${r.destination}|${r.audience}`, r]));
    const cells = rows.map((r) => {
        const run = byKey.get(`${r.destination}|${r.audience}`)?.run;
        return [
            r.status,
            r.plan,
            r.audience.slice(0, 8),
            r.destination.slice(0, 8),
            r.job,
            r.runId?.slice(0, 8) ?? "-",
            run?.outputRecords?.toString() ?? "-",
        ];
    });
    const out = textTable(head, cells);
    const reasons = rows.filter((r) => r.reason !== null && r.status !== "succeeded");
    if (reasons.length > 0) {
        out.push("", "Reasons:");
        for (const r of reasons)
            out.push(`  ${r.audience.slice(0, 8)} → ${r.destination.slice(0, 8)} (${r.plan}): ${r.reason}`);
    }
    const c = counts(report.results);
    out.push("", `${report.dryRun ? `${c["would-submit"]} would submit` : `${c.succeeded} succeeded, ${c.failed} failed`}, ${c["not-submitted"]} not submitted · ${report.submissions} submission(s), ${report.polls} poll(s), ${((report.finishedAt - report.startedAt) / 1000).toFixed(1)} s${report.dryRun ? " · dry run" : ""}`);
    return out.join("\n");
}
/**
 * What needs a person after a run: its pairs that did not succeed, the pairs only a manual run can
 * send (`unasked`: no merge asks for them on its own), then the merges it did not apply.
 */
function attentionRows(pairs, merges, unasked = [], 
/** Pairs of missed runs not caught up (the reviewed gate off). */
missed = []) {
    const held = (code) => (p) => ({
        kind: "pair",
        plan: p.requestedBy[0]?.plan ?? "",
        destination: p.destination,
        audience: p.audience,
        status: "not-submitted",
        code,
    });
    return [
        ...resultRows(pairs).map((r) => ({
            kind: "pair",
            plan: r.plan,
            destination: r.destination,
            audience: r.audience,
            status: r.status,
            code: r.code,
        })),
        ...unasked.map(held("unasked")),
        ...missed.map(held("not-caught-up")),
        ...merges.map((m) => ({
            kind: "merge",
            pr: m.pr ?? null,
            commit: m.head,
            code: m.reason,
            pairs: m.pairs ?? null,
        })),
    ];
}


/***/ }),

/***/ 71397:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   F7: () => (/* binding */ recordIntents),
/* harmony export */   PB: () => (/* binding */ retryable),
/* harmony export */   Ue: () => (/* binding */ recordResults),
/* harmony export */   mR: () => (/* binding */ learnRunsPerPair),
/* harmony export */   ny: () => (/* binding */ addPending),
/* harmony export */   xo: () => (/* binding */ earlierEntries)
/* harmony export */ });
/* harmony import */ var _activation_outcome_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(83238);
/* harmony import */ var _types_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(57666);


/** The commit whose request a pair is. */
const askedBy = (ctx, p) => ctx.commits?.get((0,_activation_outcome_js__WEBPACK_IMPORTED_MODULE_0__/* .pairKey */ .Yz)(p.sandbox, p.destination, p.audience)) ?? ctx.commit;
const idOf = (ctx, p) => (0,_types_js__WEBPACK_IMPORTED_MODULE_1__/* .requestId */ .z2)(askedBy(ctx, p), p.destination, p.audience);
/**
 * The engine's view of earlier attempts of this commit's pairs: succeeded (not submitted again,
 * unless `force`), running (followed), unknown (held: never resubmitted without a decision).
 * Failed, pending (a window that opened since) and never-tried pairs are absent, so they are submitted.
 */
function earlierEntries(state, request, pairs, force) {
    const earlier = new Map();
    for (const p of pairs) {
        const r = state.records.get(idOf(request, p));
        if (r === undefined)
            continue;
        const key = (0,_activation_outcome_js__WEBPACK_IMPORTED_MODULE_0__/* .pairKey */ .Yz)(p.sandbox, p.destination, p.audience);
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
function upsert(state, ctx, p, change) {
    const id = idOf(ctx, p);
    const before = state.records.get(id);
    const review = ctx.reviews?.get((0,_activation_outcome_js__WEBPACK_IMPORTED_MODULE_0__/* .pairKey */ .Yz)(p.sandbox, p.destination, p.audience)) ?? ctx.review;
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
    if (p.code === "dry-run")
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
        const id = (0,_types_js__WEBPACK_IMPORTED_MODULE_1__/* .requestId */ .z2)(p.commit, p.pair.destination.id, p.pair.audience.id);
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


/***/ }),

/***/ 57666:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Dw: () => (/* binding */ keyPath),
/* harmony export */   TM: () => (/* binding */ RECORD_STATES),
/* harmony export */   me: () => (/* binding */ StateConflict),
/* harmony export */   mf: () => (/* binding */ reconcileKey),
/* harmony export */   y4: () => (/* binding */ StateUnavailable),
/* harmony export */   z2: () => (/* binding */ requestId)
/* harmony export */ });
/* harmony import */ var _plan_ids_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(73891);
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
const requestId = (commit, destination, audience) => `${commit}|${(0,_plan_ids_js__WEBPACK_IMPORTED_MODULE_0__/* .canonicalId */ .i)(destination)}|${(0,_plan_ids_js__WEBPACK_IMPORTED_MODULE_0__/* .canonicalId */ .i)(audience)}`;
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


/***/ })

};
