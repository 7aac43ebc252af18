export const id = 964;
export const ids = [964];
export const modules = {

/***/ 22964:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  preview: () => (/* binding */ preview_preview)
});

// EXTERNAL MODULE: ./build/src/activation/stopping.js
var stopping = __webpack_require__(25880);
// EXTERNAL MODULE: ./build/src/activation/outcome.js
var activation_outcome = __webpack_require__(83238);
// EXTERNAL MODULE: ./build/src/github/comment.js
var github_comment = __webpack_require__(63812);
// EXTERNAL MODULE: ./build/src/render/preview.js
var preview = __webpack_require__(79294);
// EXTERNAL MODULE: ./build/src/render/names.js
var render_names = __webpack_require__(28570);
// EXTERNAL MODULE: ./build/src/render/escape.js
var render_escape = __webpack_require__(77291);
// EXTERNAL MODULE: ./build/src/render/summary.js + 1 modules
var summary = __webpack_require__(10547);
;// CONCATENATED MODULE: ./build/src/render/verdict.js


function previewVerdict(outcome, check) {
    const { policy } = check;
    if (policy !== undefined &&
        policy.refused > 0 &&
        outcome.execution.pairs.length + pendingCount(outcome) > 0)
        return `❌ A merge would send nothing: the activation policy refuses this change (${(0,render_escape/* plural */.LS)(policy.refused, "problem")}, below)`;
    const verdict = pairsVerdict(outcome, check);
    if (policy === undefined || policy.needs.length === 0)
        return verdict;
    // Logins, teams and rule names come from the policy file: shown inert (no live @mention).
    const needs = `needs approval from ${policy.needs.map(render_escape/* escapeText */.X1).join("; ")}`;
    // A merge sends nothing until the approval is given: say that first.
    const will = /^(?:✅|⚠️) A merge will (.*)$/.exec(verdict);
    return will === null
        ? `${verdict} · ${needs}`
        : `⚠️ ${needs.charAt(0).toUpperCase()}${needs.slice(1)}; with it, a merge will ${will[1] ?? ""}`;
}
const pendingCount = (outcome) => outcome.changes.reduce((n, c) => n + (c.pending?.pairs.length ?? 0), 0);
function pairsVerdict(outcome, check) {
    const { pairs } = outcome.execution;
    const later = pendingCount(outcome);
    if (pairs.length === 0 && later === 0)
        return outcome.changes.length === 0
            ? "✅ A merge activates nothing: no plan changed"
            : "✅ A merge activates nothing: no plan asks for a new pair";
    const audiences = new Set(pairs.map((p) => `${p.sandbox}\n${p.audience}`)).size;
    const destinations = new Set(pairs.map((p) => `${p.sandbox}\n${p.destination}`)).size;
    const what = `${(0,render_escape/* plural */.LS)(pairs.length, "pair")} (${(0,render_escape/* plural */.LS)(audiences, "audience")} → ${(0,render_escape/* plural */.LS)(destinations, "destination")}${check.exports === undefined ? "" : `; ${(0,render_names/* exportsPhrase */.Bk)(check.exports)}`})` +
        (later > 0
            ? `, and ${later.toLocaleString("en-US")} more when ${later === 1 ? "its" : "their"} window opens`
            : "");
    if (check.blocked > 0)
        return `❌ A merge would send ${(pairs.length - check.blocked).toLocaleString("en-US")} of ${(0,render_escape/* plural */.LS)(pairs.length, "pair")}: pre-flight found problems with ${(0,render_escape/* plural */.LS)(check.blocked, "pair")} (below)`;
    if (check.unchecked > 0)
        return `⚠️ A merge would activate ${what}; pre-flight could not check ${(0,render_escape/* plural */.LS)(check.unchecked, "pair")} (below)`;
    if (check.waiting > 0)
        return `⚠️ A merge will activate ${what}; ${(0,render_escape/* plural */.LS)(check.waiting, "pair")} after a wait (below)`;
    if (!check.ran)
        return `⚠️ A merge will activate ${what} · not checked against Platform (no pre-flight)`;
    if (check.notes > 0)
        return `⚠️ A merge will activate ${what} · pre-flight passed, with notes (below)`;
    return `✅ A merge will activate ${what} · pre-flight passed`;
}

// EXTERNAL MODULE: ./build/src/render/policy.js
var render_policy = __webpack_require__(56486);
// EXTERNAL MODULE: ./build/src/action/annotations.js
var annotations = __webpack_require__(82786);
// EXTERNAL MODULE: ./build/src/policy/judge.js
var judge = __webpack_require__(6599);
// EXTERNAL MODULE: ./build/src/policy/messages.js
var messages = __webpack_require__(66962);
// EXTERNAL MODULE: ./build/src/sources/policy-file.js + 2 modules
var policy_file = __webpack_require__(56650);
// EXTERNAL MODULE: ./build/src/action/policy-gate.js + 1 modules
var policy_gate = __webpack_require__(82687);
;// CONCATENATED MODULE: ./build/src/action/policy-preview.js




async function previewPolicy(ctx, outcome, 
/** The base branch's tip (what a merge now would be judged by), and where the PR left it. */
tip, base, head, pr, 
/** The PR may read Platform (not a fork's pull_request_target): sizes for export limits are read. */
readsPlatform) {
    const at = tip ?? base ?? (await ctx.git.parents(head))[0] ?? head;
    const read = await (0,policy_gate/* policyAt */.E4)(ctx, await ctx.git.resolve(at), head);
    if (read === undefined)
        return undefined;
    const { policy } = read;
    // Whether the PR itself changes the policy: from where it left the base branch.
    const from = base ?? at;
    const changed = from === at ? read.changed : await (0,policy_file/* policyChanged */.XX)(ctx.git, from, head, policy.file);
    // Sizes as the merge reads them (its pending pairs too), once per sandbox; a fork's PR reads none.
    const sizes = readsPlatform
        ? await (0,policy_gate/* sizesFor */.SQ)(ctx, policy, outcome)
        : { size: () => undefined, read: false, problem: "a fork's pull request reads nothing from Platform" };
    const facts = { size: sizes.size, sizesRead: sizes.read, policyChanged: changed };
    let judged = (0,judge/* judgeChange */.sx)(policy, outcome.changes, { ...facts, approvers: [] });
    const notes = [];
    // Export limits the preview cannot check (no pre-flight sizes) are the merge's to check, not a failure here.
    const unchecked = judged.problems.filter((p) => p.code === "policy-sizes");
    if (unchecked.length > 0)
        notes.push(messages/* say */.c.sizesAtMerge(unchecked.length, sizes.problem));
    if (judged.approvals.length > 0 && pr !== undefined) {
        const known = await (0,policy_gate/* approvalFacts */.Z_)(ctx, pr, { kind: "review", reviewedHead: head }, judged);
        if ("unreadable" in known)
            notes.push(messages/* say */.c.reviewsNotRead(known.unreadable));
        else
            judged = (0,judge/* judgeChange */.sx)(policy, outcome.changes, { ...facts, ...known });
    }
    return {
        file: policy.file,
        at: read.at,
        problems: judged.problems.filter((p) => p.code !== "policy-sizes"),
        approvals: judged.approvals.map((c) => messages/* say */.c.approval(c, policy)),
        missing: judged.approvals.filter((c) => c.missing > 0).length,
        needs: judged.approvals.filter((c) => c.missing > 0).map((c) => `${(0,messages/* anyOf */.E)(c.rule.from)} (${c.rule.name})`),
        notes,
    };
}

// EXTERNAL MODULE: ./build/src/action/comment.js
var action_comment = __webpack_require__(52873);
// EXTERNAL MODULE: ./build/src/action/context.js
var context = __webpack_require__(9323);
// EXTERNAL MODULE: ./build/src/action/planning.js + 10 modules
var planning = __webpack_require__(91288);
// EXTERNAL MODULE: ./build/src/app/plan-change.js + 1 modules
var plan_change = __webpack_require__(55415);
// EXTERNAL MODULE: ./build/src/aep/connect.js + 8 modules
var connect = __webpack_require__(1619);
;// CONCATENATED MODULE: ./build/src/app/base-names.js
// A fork's PR preview (`pull_request_target`): Platform's names, but only for the IDs the base
// branch's plans already hold, so that a fork cannot learn the org's audience names by listing IDs in
// a plan. Nothing else is read from Platform on a fork's behalf, and no selector name is used (a
// dataflow lists every audience mapped to it, new IDs included).

async function namesOnBase(pairs, basePlans, platform, hooks) {
    const out = { audiences: new Map(), destinations: new Map() };
    const onBase = new Set(basePlans.flatMap((p) => p.activations.flatMap((a) => [
        `${p.sandbox}\nd\n${a.destination.id}`,
        ...a.audiences.map((r) => `${p.sandbox}\na\n${r.id}`),
    ])));
    const client = (0,connect/* connectPlatform */.c0)(platform, hooks.clock, hooks.registerSecret, hooks.log);
    try {
        for (const sandbox of [...new Set(pairs.map((p) => p.sandbox))].sort()) {
            const mine = pairs.filter((p) => p.sandbox === sandbox);
            const destinations = [...new Set(mine.map((p) => p.destination))].filter((d) => onBase.has(`${sandbox}\nd\n${d}`));
            const audiences = [...new Set(mine.map((p) => p.audience))].filter((a) => onBase.has(`${sandbox}\na\n${a}`));
            for (const id of destinations.sort()) {
                const name = (await client.client.getFlow(sandbox, id))?.name;
                if (name !== undefined)
                    out.destinations.set(id, name);
            }
            if (audiences.length > 0)
                for (const a of await client.client.getAudiences(sandbox, audiences.sort()))
                    if (a.name !== undefined && audiences.includes(a.id))
                        out.audiences.set(a.id, a.name);
        }
    }
    catch (error) {
        out.problem = error.message;
    }
    finally {
        await client.close();
    }
    return out;
}

;// CONCATENATED MODULE: ./build/src/action/preview.js
// Preview mode: what a merge would activate, as the sticky PR comment (with the plan hash reviewers
// approve) and the job summary; with credentials, the read-only pre-flight's findings too.
















/** A fork's PR (pull_request_target): Platform's names only for IDs already on the base branch. */
async function forkNames(ctx, base, outcome) {
    const { settings, port } = ctx;
    const { credentials } = settings;
    if (credentials === undefined)
        return undefined;
    const basePlans = base === undefined
        ? []
        : (await (0,plan_change/* planChanges */.X)(ctx.git, (0,planning/* planRequest */.NX)(ctx, undefined, base, true), () => { })).headPlans;
    const read = await namesOnBase(outcome.execution.pairs, basePlans, (0,planning/* platformOf */.tj)(settings, credentials), {
        clock: ctx.clock,
        log: (m) => port.info(m),
        registerSecret: (s) => port.setSecret(s),
    });
    if (read.problem !== undefined)
        port.info(`Names on the base branch could not all be read: ${read.problem}`);
    return { audiences: read.audiences, destinations: read.destinations, checked: false, scope: "base" };
}
async function preview_preview(ctx, decision) {
    const { settings, port } = ctx;
    let base = decision.base;
    if (base !== undefined && decision.comment !== undefined) {
        // A PR previews its own change: from where it left the base branch, not what the base did since.
        const git = ctx.git;
        const mb = await git.mergeBase(await git.resolve(base), await git.resolve(decision.head));
        if (mb !== undefined)
            base = mb;
        else if (await git.isShallow())
            port.warning("The checkout is shallow, so the PR's merge base cannot be found: the preview compares the base branch's tip with the head. Use fetch-depth: 0 with actions/checkout.");
    }
    const { comment } = decision;
    const outcome = await (0,planning/* computeOutcome */.Sf)(ctx, base, decision.head, false, {
        preview: true,
        // The sticky comment is replaced by the problems: the earlier preview no longer describes the PR.
        // Its marker carries no plan hash a merge could match.
        ...(comment === undefined
            ? {}
            : {
                onInvalid: async (markdown) => {
                    await (0,action_comment/* tryComment */.ht)(ctx, comment, (0,github_comment.withMarkers)(markdown, "none: the plans are invalid", ctx.settings.stepKey));
                },
            }),
    });
    let findings = "";
    let names;
    const check = { ran: false, blocked: 0, waiting: 0, unchecked: 0, notes: 0 };
    if (!decision.preflight) {
        port.info(settings.eventName === "pull_request_target"
            ? "pull_request_target: the PR's plans are read as git data only; no pre-flight is run on its behalf."
            : `${settings.eventName}: preview only; nothing is applied and Platform is not called.`);
        if (settings.eventName === "pull_request_target" &&
            settings.credentials !== undefined &&
            settings.preflight)
            names = await forkNames(ctx, base, outcome);
    }
    else if (settings.credentials !== undefined && settings.preflight && outcome.execution.jobs.length > 0) {
        const report = await (0,planning/* runApplier */.Hv)(ctx, outcome, true);
        const issues = (0,stopping/* needsAttention */.e_)(report);
        names = (0,render_names/* namesOf */.eZ)(report);
        findings =
            (0,preview/* renderPreflightFindings */.yt)(issues.map((r) => r.reason ?? "")) + (0,preview/* renderPreflightNotes */.Tr)(report.notes ?? []);
        check.ran = true;
        check.blocked = issues.filter((r) => r.code !== undefined && (0,activation_outcome/* blocksMerge */.DH)(r.code)).length;
        check.waiting = issues.filter((r) => r.code === "activated-recently").length;
        check.unchecked = issues.length - check.blocked - check.waiting;
        check.notes = report.notes?.length ?? 0;
        const exports = (0,render_names/* exportsOf */.v1)(report.results.filter((r) => r.code === "dry-run"), names);
        if (exports !== undefined) {
            check.exports = exports;
            port.setOutput("profile-exports", String(exports.known));
        }
        if (issues.length > 0) {
            port.warning(`Pre-flight found ${issues.length} problem(s) a merge would hit; they are listed in the preview.`);
        }
    }
    else if (settings.credentials === undefined) {
        port.info("No Platform credentials (as on pull requests from forks): the preview is shown without the pre-flight.");
    }
    // The activation policy at the PR's base judges its change, with sizes read as the merge reads them.
    const policy = await previewPolicy(ctx, outcome, decision.base, base, decision.head, decision.comment, decision.preflight);
    if (policy !== undefined) {
        (0,annotations/* annotateProblems */.$)(port, policy.problems);
        findings = (0,render_policy/* renderPolicy */.z)(policy) + findings;
        check.policy = { refused: policy.problems.length, needs: policy.needs };
    }
    // The comment adds two hidden marker lines; the verdict comes first, then what needs a person.
    const budget = preview/* COMMENT_LIMIT */.W$ - (0,github_comment.markersLength)(ctx.settings.stepKey, outcome.execution.sandboxHashes);
    const options = {
        verdict: previewVerdict(outcome, check),
        lead: findings,
        ...(settings.runUrl === undefined ? {} : { runUrl: settings.runUrl }),
        ...(names === undefined ? {} : { names }),
        writtenAt: ctx.clock.now(),
    };
    // The job summary holds the whole preview (up to its own limit); a comment too short for it
    // says so and links the run, where that whole preview is.
    const full = (0,preview/* renderPreview */.Bt)(outcome, { ...options, budget: summary/* SUMMARY_BUDGET */.p });
    const markdown = (0,render_escape/* bytes */.ee)(full) <= budget
        ? full
        : (0,preview/* renderPreview */.Bt)(outcome, {
            ...options,
            budget,
            ...(settings.runUrl === undefined ? {} : { fullPreviewUrl: settings.runUrl }),
        });
    await port.appendSummary(full);
    port.info(markdown);
    if (decision.comment !== undefined) {
        await (0,action_comment/* tryComment */.ht)(ctx, decision.comment, (0,github_comment.withMarkers)(markdown, outcome.execution.planHash, ctx.settings.stepKey, ctx.settings.runId === undefined ? undefined : { runId: ctx.settings.runId, head: decision.head }, outcome.execution.sandboxHashes));
    }
    // A pull request's check (the one that has a comment); other previews only report.
    if (policy !== undefined && policy.problems.length > 0)
        throw new context/* ActionFailure */.d("policy", `The activation policy (${policy.file}) refuses ${policy.problems.length} thing(s) in this change; see the annotations and the preview. A merge would send none of its pairs.`);
    if (check.blocked > 0 && settings.failOnPreflight && decision.comment !== undefined)
        throw new context/* ActionFailure */.d("preflight-failed", `Pre-flight found ${check.blocked} problem(s) a merge would hit and could not wait out; they head the preview. Fix them, or set fail-on-preflight: false to keep this check green.`);
}


/***/ })

};
