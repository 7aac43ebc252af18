// Apply mode: on a push to the default branch, activate exactly what was reviewed on the merged PR;
// on a manual run, the selected plans in full. Writes the summary, the `result` output and the comment.
import { needsAttention } from "../activation/engine.js";
import { scopeOf } from "../app/state-lock.js";
import { failureReasonFor } from "../activation/outcome.js";
import {
  checkReviewRun,
  findSticky,
  pullRequestForCommit,
  reviewedHash,
  withMarkers,
  type PreviewedBy,
  type RunRefusal,
} from "../github/comment.js";
import type { Decision } from "./event.js";
import { escapeText } from "../render/escape.js";
import { renderPreview } from "../render/preview.js";
import { resultRows } from "../render/results-text.js";
import { renderApplySummary } from "../render/summary.js";
import { tryComment } from "./comment.js";
import { ActionFailure, type ActionContext, type FailureReason } from "./context.js";
import { openState, recordDecisions } from "./state.js";
import { computeOutcome, runApplier } from "./planning.js";

export async function apply(
  ctx: ActionContext,
  decision: Extract<Decision, { run: "apply" }>,
): Promise<void> {
  const { settings, port, gh } = ctx;
  const { head, manual } = decision;
  const outcome = await computeOutcome(ctx, manual ? undefined : decision.base, head, manual);
  if (outcome.execution.jobs.length === 0) {
    await port.appendSummary(renderPreview(outcome, { title: "Nothing to activate" }));
    port.setOutput("result", "[]");
    port.info("Nothing to activate.");
    return;
  }
  let pr: number | undefined;
  let reviewedPlan: string | undefined;
  let reviewedBy: PreviewedBy | undefined;
  // A GitHub that cannot be read is not a missing review: the gate fails closed, and says which.
  let unreadable: string | undefined;
  const note = (what: string) => (error: unknown) => {
    const status = (error as { status?: number }).status;
    unreadable = `could not read ${what} from GitHub (${status === undefined ? (error as Error).message : `HTTP ${status}`})`;
    return undefined;
  };
  if (!manual && gh !== undefined && settings.repository !== undefined) {
    pr = await pullRequestForCommit(gh, settings.repository, head).catch(note("the merged pull request"));
  }
  if (!manual && settings.requireReviewedPlan) {
    const repository = settings.repository;
    const sticky =
      pr === undefined || gh === undefined || repository === undefined
        ? undefined
        : await ctx
            .githubIdentity()
            .then((author) => findSticky(gh, repository, pr, settings.stepKey, author))
            .catch(note(`the comments of PR #${pr}`));
    const reviewed = sticky === undefined ? undefined : reviewedHash(sticky.body);
    const refusal =
      reviewed?.by === undefined || pr === undefined || gh === undefined || repository === undefined
        ? undefined
        : await checkReviewRun(gh, repository, pr, reviewed.by).catch(
            note(`the workflow run that wrote the preview on PR #${pr}`),
          );
    // The summary says why too: people read it, not only the log.
    const refuse = async (reason: FailureReason, title: string, why: string): Promise<never> => {
      const [first = "", ...rest] = renderPreview(outcome, { title }).split("\n");
      await port.appendSummary([first, "", `> ${escapeText(why)}`, ...rest].join("\n"));
      throw new ActionFailure(reason, why);
    };
    if (unreadable !== undefined)
      return refuse(
        "github-unavailable",
        "Not applied: GitHub could not be read",
        `The reviewed preview could not be checked: ${unreadable}. Nothing was applied. Re-run the job when GitHub answers.`,
      );
    if (reviewed?.by === undefined || refusal !== undefined) {
      const identity = await ctx.githubIdentity().catch(() => undefined);
      return refuse(
        "not-reviewed",
        "Not applied: no reviewed preview",
        notReviewedSentence(head, pr, identity, reviewed, refusal),
      );
    }
    if (reviewed.hash !== outcome.execution.planHash)
      return refuse(
        "plan-changed",
        "Not applied: the plan changed since review",
        `The plan derived from the merged commit (${outcome.execution.planHash}) differs from the one reviewed on PR #${pr} (${reviewed.hash}): the base moved or another change touched the same plans. Nothing was applied. Re-run the PR's check to refresh the preview and review it again, or run manually.`,
      );
    port.info(
      `The plan matches the preview reviewed on PR #${pr} (${reviewed.hash}), written by workflow run ${reviewed.by.runId}.`,
    );
    reviewedPlan = reviewed.hash;
    reviewedBy = reviewed.by;
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
  if (pr !== undefined) {
    await tryComment(
      ctx,
      pr,
      withMarkers(
        `### ⏳ Activation running\n\n${renderPreview(outcome, { budget: 60_000 })}`,
        outcome.execution.planHash,
        settings.stepKey,
        reviewedBy,
      ),
    );
  }
  // The state is opened (and locked) before anything is submitted. A dry run only reads Platform,
  // except the setup run (manual, init: true) that creates the state without activating anything.
  const setup = settings.dryRun && settings.init && manual;
  const session =
    settings.dryRun && !setup
      ? undefined
      : await openState(ctx, outcome, manual, scopeOf(head, outcome.execution.pairs, outcome.headPlans));
  if (setup)
    port.info("init: true on a dry run: the activation state is created (if missing); nothing is submitted.");
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
          ...(pr === undefined || reviewedPlan === undefined ? {} : { review: { pr, hash: reviewedPlan } }),
        },
  );
  if (settings.dryRun) await session?.release();
  await port.appendSummary(renderApplySummary(outcome, report));
  port.setOutput("result", JSON.stringify(resultRows(report.results)));
  if (pr !== undefined) {
    const comment = renderApplySummary(outcome, report, {
      budget: 60_000,
      ...(settings.runUrl === undefined ? {} : { fullUrl: settings.runUrl }),
    });
    await tryComment(ctx, pr, withMarkers(comment, outcome.execution.planHash, settings.stepKey, reviewedBy));
  }
  if (report.stateNotRecorded !== undefined)
    throw new ActionFailure(
      "state-unavailable",
      `Every pair's outcome is in the job summary, but ${report.stateNotRecorded}. The next run matches what it can to Platform's runs and holds the rest as unknown; nothing is submitted twice.`,
    );
  const bad = needsAttention(report);
  const reason = failureReasonFor(report.results.flatMap((r) => (r.code === undefined ? [] : [r.code])));
  if (bad.length > 0) {
    throw new ActionFailure(
      reason ?? "activation-failed",
      `${bad.length} of ${report.results.length} pair(s) did not succeed; see the job summary for each reason.`,
    );
  }
}

/** Why a merge found no preview it can trust, and what to do. */
function notReviewedSentence(
  head: string,
  pr: number | undefined,
  identity: string | undefined,
  reviewed: { by: PreviewedBy | undefined } | undefined,
  refusal: RunRefusal | undefined,
): string {
  const next =
    "Activations reach customers, so nothing was applied. Re-run the PR's check so this Action writes a fresh preview, run it manually (workflow_dispatch), or set require-reviewed-plan: false.";
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
