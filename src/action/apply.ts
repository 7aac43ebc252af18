// Apply mode: on a push to the default branch (or a scheduled catch-up), activate exactly what was
// reviewed, each merge under its own PR's review, from the last reconciled commit when runs were
// missed; on a manual run, the selected plans in full. Writes the summary, the outputs and comments.
import { needsAttention } from "../activation/stopping.js";
import { scopeOf } from "../app/state-lock.js";
import type { PreviewedBy, SandboxHashes } from "../github/comment.js";
import type { Decision } from "./event.js";
import { jobsForOutput } from "../render/plan-json.js";
import { renderPreview } from "../render/preview.js";
import { resultRows } from "../render/results-text.js";
import { renderApplySummary } from "../render/summary.js";
import { renderMergeNotes } from "../render/notes.js";
import { tellRefused } from "./comment.js";
import { tellPrs } from "./comment-sections.js";
import { ActionFailure, type ActionContext } from "./context.js";
import { gateMerges, revokedSince, walkMerges, type Gated } from "./merges.js";
import { laterRequests } from "./later-requests.js";
import { idleSchedule, missedWithoutGate, startFrom, unreadableSchedule, type Start } from "./reconcile.js";
import { landedHash } from "./landed-hash.js";
import { gateMerge, mergedPullRequest, unreadableMerges, type MergedPr } from "./review-gate.js";
import { firstParent, judgeUnderPolicy } from "./policy-gate.js";
import { judgeManual, judgePolicyChange, judgeUnreviewed } from "./policy-runs.js";
import { openState, readPointer } from "./state.js";
import { recordDecisions } from "./decisions.js";
import { attention, computeOutcome, planRequest, profileExportsOutput, runApplier } from "./planning.js";
import { failUnlessClean, nothing, refuse, settleApplied, type Notes, type Settle } from "./run-end.js";
import { planChanges } from "../app/plan-change.js";
import type { Review } from "../jobs/merges.js";
import { pendingOf, recordPending } from "./pending.js";
import { reconcilePending } from "./scheduled.js";
import { confirmMerges } from "./confirm.js";
import { manualRoute } from "./manual.js";

export async function apply(
  ctx: ActionContext,
  decision: Extract<Decision, { run: "apply" }>,
): Promise<void> {
  const { settings, port } = ctx;
  const { head, manual } = decision;
  const route = manualRoute(ctx, manual);
  if (route === "confirm") return confirmMerges(ctx, head, settings.confirm);
  if (route === "reconcile") return apply(ctx, { run: "apply", head, manual: false, scheduled: true });
  // A push applies from the step's reconcile pointer when runs were missed; only the reviewed gate
  // keys each merge's pairs by its own merge commit, which makes catching up safe to rerun.
  const pointer = manual ? undefined : await readPointer(ctx, decision.scheduled === true);
  // A scheduled run that cannot read the state fails: green, it would hide missed merges and
  // pending pairs for good (a push without credentials fails the same way).
  if (decision.scheduled === true && settings.requireReviewedPlan && pointer === undefined)
    throw new ActionFailure("configuration", unreadableSchedule(settings));
  const idle = decision.scheduled === true ? idleSchedule(settings, pointer, head) : undefined;
  // A scheduled run with no merges to catch up looks at the pairs waiting for their window.
  if (idle !== undefined) {
    if (pointer !== undefined && (await reconcilePending(ctx, pointer, head))) return;
    port.notice(idle);
    port.setOutput("result", "[]");
    attention(ctx, [], []);
    return;
  }
  const start: Start =
    manual || !settings.requireReviewedPlan || (decision.base === undefined && decision.scheduled !== true)
      ? { base: decision.base, catchingUp: false, forward: true }
      : await startFrom(ctx, pointer, decision.base, head);
  const { base, catchingUp } = start;
  const missed =
    manual || settings.requireReviewedPlan ? undefined : missedWithoutGate(pointer?.commit, base, head);
  if (missed !== undefined) port.warning(missed);
  // Those merges' pairs, listed (never sent): a manual run sends them.
  const skipped =
    missed === undefined || pointer?.commit === undefined || base === undefined
      ? []
      : (await planChanges(ctx.git, planRequest(ctx, pointer.commit, base, false), () => {})).execution.pairs;
  const notesOf = (gated: Gated | undefined): Notes => ({
    refused: gated?.refused ?? [],
    revoked: gated?.revoked ?? [],
    unasked: gated?.unasked ?? [],
    missed: skipped,
  });
  if ((decision.scheduled === true && !catchingUp) || start.walked !== undefined) {
    if (decision.scheduled === true && pointer !== undefined && (await reconcilePending(ctx, pointer, head)))
      return;
    port.setOutput("result", "[]");
    attention(ctx, [], []);
    return;
  }
  // The pointer moves to the head when the run ends: never backwards, not in a dry run, and not
  // past a merge GitHub could not check (the next run checks it again).
  const settle: Settle = async (refused, create = false) => {
    if (
      !manual &&
      !settings.dryRun &&
      start.forward &&
      !refused.some((m) => m.reason === "github-unavailable" || m.recheck === true)
    )
      await pointer?.advance(head, start.record, create);
  };
  let outcome = await computeOutcome(ctx, manual ? undefined : base, head, manual);
  // Catching up, an empty whole change may still hide merges to report (a plan added, then removed).
  const waits = !manual && outcome.changes.some((c) => c.pending !== undefined);
  if (outcome.execution.jobs.length === 0 && !catchingUp && !waits) {
    // A merge that only changes the policy is judged too (its policy-changed rules).
    const policyOnly = manual ? undefined : await judgePolicyChange(ctx, outcome, base, head);
    if (policyOnly !== undefined) return refuse(ctx, outcome, [policyOnly], settle);
    return nothing(ctx, outcome, notesOf(undefined), settle);
  }
  const merged: MergedPr = manual ? { pr: undefined } : await mergedPullRequest(ctx, head);
  // The PRs whose comments report this run, each with the hash and run its preview showed.
  let reports: { pr: number; hash: string; by: PreviewedBy | undefined; sandboxes?: SandboxHashes }[] =
    "pr" in merged && merged.pr !== undefined
      ? [{ pr: merged.pr, hash: outcome.execution.planHash, by: undefined }]
      : [];
  let review: Review | undefined;
  let gated: Gated | undefined;
  if (!manual && settings.requireReviewedPlan) {
    // A rerun of an older run (later merges reconciled) walks even one merge: what they removed is revoked.
    const walkAll = catchingUp || start.later !== undefined;
    const merges = base === undefined ? undefined : await walkMerges(ctx, base, head, merged, walkAll);
    if (merges !== undefined && !Array.isArray(merges))
      return refuse(ctx, outcome, [unreadableMerges(head, merges.unreadable)], settle);
    if (merges !== undefined) {
      gated = await gateMerges(
        ctx,
        outcome,
        merges,
        catchingUp ? { own: decision.base, asOf: start.asOf ?? ctx.clock.now() } : undefined,
      );
      // A rerun of an older run: what later merges removed is not sent.
      const at = start.later?.at(-1);
      if (at !== undefined) gated = await revokedSince(ctx, gated, at);
      outcome = gated.outcome;
      port.setOutput("plan-hash", outcome.execution.planHash);
      port.setOutput("jobs", JSON.stringify(jobsForOutput(outcome.execution)));
      reports = gated.reviewed;
    } else {
      const verdict = await gateMerge(
        ctx,
        outcome,
        head,
        merged,
        true,
        await landedHash(ctx, base, head, outcome),
      );
      if ("refused" in verdict)
        return refuse(
          ctx,
          outcome,
          [
            verdict.refused.reason === "github-unavailable"
              ? verdict.refused
              : { ...verdict.refused, hash: outcome.execution.planHash },
          ],
          settle,
        );
      const { pr, hash, by } = verdict.reviewed;
      port.info(
        `The plan matches the preview reviewed on PR #${pr} (${hash}), written by workflow run ${by.runId}.`,
      );
      const at = { at: await firstParent(ctx, base, head), head, pr, from: base };
      const judged = await judgeUnderPolicy(
        ctx,
        outcome,
        at,
        { kind: "review", reviewedHead: by.head },
        true,
      );
      if (judged !== undefined && "refused" in judged)
        return refuse(ctx, outcome, [{ ...judged.refused, hash: outcome.execution.planHash }], settle);
      const approvedBy = judged?.approvedBy ?? [];
      review = { pr, hash, ...(approvedBy.length === 0 ? {} : { approvedBy }) };
      reports = [verdict.reviewed];
    }
  } else if (!manual) {
    // Without the review gate, the push is still judged whole by the policy at its first parent.
    const refused = await judgeUnreviewed(ctx, outcome, base, head, merged);
    if (refused !== undefined) return refuse(ctx, outcome, [refused], settle);
  }
  // Pairs waiting for their plan's window are recorded (under their merge and review) before
  // anything is submitted: a scheduled run sends them once the window opens.
  if (!manual) await recordPending(ctx, pointer, pendingOf(outcome, gated, head, review), outcome);
  if (outcome.execution.jobs.length === 0) return nothing(ctx, outcome, notesOf(gated), settle);
  if (manual && settings.resolve.length > 0) return recordDecisions(ctx, outcome, settings.resolve);
  if (settings.resolve.length > 0)
    port.warning("resolve is only read on a manual (workflow_dispatch) run; it is ignored here.");
  if (manual) await judgeManual(ctx, outcome, head);
  if (settings.credentials === undefined) {
    throw new ActionFailure(
      "configuration",
      "No Platform credentials: set client-id, org-id and client-secret (or access-token).",
    );
  }
  // A job limited to some sandboxes says so: the other sandboxes' jobs report their own.
  const limited = settings.sandboxes.length === 0 ? "" : ` in ${settings.sandboxes.join(", ")}`;
  const running = renderPreview(outcome, { budget: 60_000, stage: "running" });
  await tellPrs(ctx, reports, `### ⏳ Activation running${limited}\n\n${running}`, { head });
  // A catch-up's start is recorded before anything is submitted: its rerun, even of a killed run,
  // starts there again and judges lateness as of now.
  if (start.record !== undefined && !settings.dryRun) await pointer?.recordStart(head, start.record);
  // The state is opened (and locked) before anything is submitted. A dry run only reads Platform,
  // except the setup run (manual, init: true) that creates the state without activating anything.
  const setup = settings.dryRun && settings.init && manual;
  const session =
    settings.dryRun && !setup
      ? undefined
      : await openState(
          ctx,
          outcome.execution.jobs,
          manual,
          scopeOf(head, outcome.execution.pairs, outcome.headPlans, [
            ...new Set(gated?.commits.values()),
            ...(start.later ?? []),
          ]),
        );
  if (setup)
    port.info(
      `init: true on a dry run: the activation state is created (if missing) and reconciliation starts at ${head.slice(0, 12)}; nothing is submitted.`,
    );
  const report = await runApplier(
    ctx,
    outcome,
    settings.dryRun,
    session === undefined || settings.dryRun
      ? undefined
      : {
          session,
          commit: head,
          force: settings.force,
          laterRuns: true,
          later: await laterRequests(ctx, session.states(), head, outcome.execution.pairs, start.later),
          ...(review === undefined ? {} : { review }),
          ...(gated === undefined ? {} : { commits: gated.commits, reviews: gated.reviews }),
        },
  );
  if (settings.dryRun) await session?.release();
  await settleApplied(ctx, report, { setup, manual, head, settle: () => settle(gated?.refused ?? [], true) });
  // A pair waiting for Adobe's first-activation hour is pending: scheduled runs read its sandbox.
  const waiting = report.results.filter((p) => p.code === "first-activation-wait").map((p) => p.sandbox);
  if (waiting.length > 0) await pointer?.notePending([...new Set(waiting)], []).catch(() => {});
  await port.appendSummary(renderMergeNotes(notesOf(gated)) + renderApplySummary(outcome, report));
  await tellRefused(ctx, gated?.refused ?? []);
  port.setOutput("result", JSON.stringify(resultRows(report.results)));
  profileExportsOutput(ctx, report);
  attention(ctx, needsAttention(report), gated?.refused ?? [], gated?.unasked, skipped);
  const comment = renderApplySummary(outcome, report, {
    budget: 60_000,
    ...(limited === "" ? {} : { title: `Activation${limited}` }),
    ...(settings.runUrl === undefined ? {} : { fullUrl: settings.runUrl }),
  });
  await tellPrs(ctx, reports, comment, { head, final: true });
  failUnlessClean(report, gated?.refused ?? []);
}
