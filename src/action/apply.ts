// Apply mode: on a push to the default branch, activate exactly what was reviewed on the merged PR
// (each merge of a push under its own PR's review); on a manual run, the selected plans in full. Writes the summary, the `result` output and the comment.
import { needsAttention } from "../activation/engine.js";
import { scopeOf } from "../app/state-lock.js";
import { failureReasonFor } from "../activation/outcome.js";
import { withMarkers, type PreviewedBy } from "../github/comment.js";
import type { PlanOutcome } from "../jobs/outcome.js";
import type { Decision } from "./event.js";
import { escapeText } from "../render/escape.js";
import { jobsForOutput } from "../render/plan-json.js";
import { renderPreview } from "../render/preview.js";
import { resultRows } from "../render/results-text.js";
import { renderApplySummary, renderRefusedMerges } from "../render/summary.js";
import { tryComment } from "./comment.js";
import { ActionFailure, type ActionContext } from "./context.js";
import { catchUpBase, gateMerges, idleSchedule, walkMerges, type Gated } from "./merges.js";
import { gateMerge, mergedPullRequest, type MergedPr, type RefusedMerge } from "./review-gate.js";
import { openState, readPointer, recordDecisions, type Pointer } from "./state.js";
import { computeOutcome, runApplier } from "./planning.js";

export async function apply(
  ctx: ActionContext,
  decision: Extract<Decision, { run: "apply" }>,
): Promise<void> {
  const { settings, port } = ctx;
  const { head, manual } = decision;
  // A push applies from the step's reconcile pointer when runs were missed; only the reviewed gate
  // keys each merge's pairs by its own merge commit, which makes catching up safe to rerun.
  const pointer = manual ? undefined : await readPointer(ctx);
  const idle = decision.scheduled === true ? idleSchedule(settings, pointer, head) : undefined;
  if (idle !== undefined) {
    port.notice(idle);
    port.setOutput("result", "[]");
    return;
  }
  const base =
    (decision.base === undefined && decision.scheduled !== true) || !settings.requireReviewedPlan
      ? decision.base
      : await catchUpBase(ctx, pointer?.commit, decision.base, head);
  if (decision.scheduled === true && base === undefined) {
    port.setOutput("result", "[]");
    return;
  }
  let outcome = await computeOutcome(ctx, manual ? undefined : base, head, manual);
  if (outcome.execution.jobs.length === 0) {
    await port.appendSummary(renderPreview(outcome, { title: "Nothing to activate" }));
    port.setOutput("result", "[]");
    port.info("Nothing to activate.");
    if (!settings.dryRun && pointer?.commit !== undefined && base !== undefined) await pointer.advance(head);
    return;
  }
  const merged: MergedPr = manual ? { pr: undefined } : await mergedPullRequest(ctx, head);
  // The PRs whose comments report this run, each with the hash and run its preview showed.
  let reports: { pr: number; hash: string; by: PreviewedBy | undefined }[] =
    "pr" in merged && merged.pr !== undefined
      ? [{ pr: merged.pr, hash: outcome.execution.planHash, by: undefined }]
      : [];
  let review: { pr: number; hash: string } | undefined;
  let gated: Gated | undefined;
  if (!manual && settings.requireReviewedPlan) {
    // Catching up: the run applies from the pointer, not from its own push's before.
    const catchingUp = base !== decision.base;
    const merges = base === undefined ? undefined : await walkMerges(ctx, base, head, merged, catchingUp);
    if (merges !== undefined && !Array.isArray(merges))
      return refuse(ctx, outcome, [gatherUnreadable(head, merges.unreadable)]);
    if (merges !== undefined) {
      gated = await gateMerges(ctx, outcome, merges, catchingUp);
      if (gated.reviewed.length === 0) return refuse(ctx, outcome, gated.refused, pointer);
      outcome = gated.outcome;
      port.setOutput("plan-hash", outcome.execution.planHash);
      port.setOutput("jobs", JSON.stringify(jobsForOutput(outcome.execution)));
      reports = gated.reviewed;
    } else {
      const verdict = await gateMerge(ctx, outcome, head, merged);
      if ("refused" in verdict) return refuse(ctx, outcome, [verdict.refused], pointer);
      const { pr, hash, by } = verdict.reviewed;
      port.info(
        `The plan matches the preview reviewed on PR #${pr} (${hash}), written by workflow run ${by.runId}.`,
      );
      review = { pr, hash };
      reports = [verdict.reviewed];
    }
  }
  if (manual && settings.resolve.length > 0) return recordDecisions(ctx, outcome, settings.resolve);
  if (settings.resolve.length > 0)
    port.warning("resolve is only read on a manual (workflow_dispatch) run; it is ignored here.");
  if (settings.credentials === undefined) {
    throw new ActionFailure(
      "configuration",
      "No Platform credentials: set client-id, org-id and client-secret (or access-token).",
    );
  }
  for (const r of reports)
    await tryComment(
      ctx,
      r.pr,
      withMarkers(
        `### ⏳ Activation running\n\n${renderPreview(outcome, { budget: 60_000 })}`,
        r.hash,
        settings.stepKey,
        r.by,
      ),
    );
  // The state is opened (and locked) before anything is submitted. A dry run only reads Platform,
  // except the setup run (manual, init: true) that creates the state without activating anything.
  const setup = settings.dryRun && settings.init && manual;
  const session =
    settings.dryRun && !setup
      ? undefined
      : await openState(
          ctx,
          outcome,
          manual,
          scopeOf(head, outcome.execution.pairs, outcome.headPlans, [...new Set(gated?.commits.values())]),
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
          ...(review === undefined ? {} : { review }),
          ...(gated === undefined ? {} : { commits: gated.commits, reviews: gated.reviews }),
        },
  );
  if (settings.dryRun) await session?.release();
  // Every request up to the head has its record: the next push applies from here. Not past a merge
  // that GitHub could not check (the next run checks it again), nor when a record was not written.
  if (setup) await (await readPointer(ctx))?.advance(head, true);
  else if (
    !manual &&
    !settings.dryRun &&
    report.stateNotRecorded === undefined &&
    !(gated?.refused ?? []).some((m) => m.reason === "github-unavailable")
  )
    await pointer?.advance(head, true);
  const refusedNote = gated === undefined ? "" : renderRefusedMerges(gated.refused);
  await port.appendSummary(refusedNote + renderApplySummary(outcome, report));
  port.setOutput("result", JSON.stringify(resultRows(report.results)));
  for (const r of reports) {
    const comment = renderApplySummary(outcome, report, {
      budget: 60_000,
      ...(settings.runUrl === undefined ? {} : { fullUrl: settings.runUrl }),
    });
    await tryComment(ctx, r.pr, withMarkers(comment, r.hash, settings.stepKey, r.by));
  }
  if (report.stateNotRecorded !== undefined)
    throw new ActionFailure(
      "state-unavailable",
      `Every pair's outcome is in the job summary, but ${report.stateNotRecorded}. The next run matches what it can to Platform's runs and holds the rest as unknown; nothing is submitted twice.`,
    );
  const bad = needsAttention(report);
  const reason = failureReasonFor(report.results.flatMap((r) => (r.code === undefined ? [] : [r.code])));
  const refused = gated?.refused ?? [];
  const notApplied =
    refused.length === 0
      ? ""
      : ` ${refused.length} merge(s) of this push were not applied: ${refused.map((m) => `${m.pr === undefined ? m.head.slice(0, 12) : `PR #${m.pr}`} (${m.reason})`).join(", ")}.`;
  if (bad.length > 0) {
    throw new ActionFailure(
      reason ?? "activation-failed",
      `${bad.length} of ${report.results.length} pair(s) did not succeed; see the job summary for each reason.${notApplied}`,
    );
  }
  const [first] = refused;
  if (first !== undefined)
    throw new ActionFailure(first.reason, `${notApplied.trim()} See the job summary for why.`);
}

/**
 * A refused review ends the run: the summary says why, above what would have been applied. A merge
 * refused for its review is reported here, once: the reconcile pointer moves past it (one GitHub
 * could not check stays ahead of it, to be checked again).
 */
async function refuse(
  ctx: ActionContext,
  outcome: PlanOutcome,
  refused: RefusedMerge[],
  pointer?: Pointer,
): Promise<never> {
  const [first] = refused;
  if (first === undefined) throw new Error("refuse needs a refusal");
  if (!ctx.settings.dryRun && !refused.some((m) => m.reason === "github-unavailable"))
    await pointer?.advance(outcome.headSha);
  const [line = "", ...rest] = renderPreview(outcome, { title: first.title }).split("\n");
  const whys = refused.map((m) => `> ${escapeText(m.why)}`).join("\n>\n");
  await ctx.port.appendSummary([line, "", whys, ...rest].join("\n"));
  throw new ActionFailure(first.reason, refused.map((m) => m.why).join(" "));
}

/** GitHub could not say which PR a commit of the push was merged as. */
const gatherUnreadable = (head: string, problem: string): RefusedMerge => ({
  head,
  pr: undefined,
  reason: "github-unavailable",
  title: "Not applied: GitHub could not be read",
  why: `The merges of this push could not be checked: ${problem}. Nothing was applied. Re-run the job when GitHub answers.`,
});
