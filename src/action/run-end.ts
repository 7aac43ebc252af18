// How an apply ends without running the engine: a refused review (the summary says why, above what
// would have been applied) or nothing to activate (with the merges not applied and the pairs not
// sent listed); either way the reconcile pointer settles, and a refusal fails the run.
import type { ApplyReport } from "../activation/types.js";
import { tellRefused } from "./comment.js";
import type { PlannedPair } from "../jobs/planner.js";
import type { PlanOutcome } from "../jobs/outcome.js";
import { escapeSentence } from "../render/escape.js";
import { renderPreview } from "../render/preview.js";
import { confirmHint, differenceLines, renderMergeNotes } from "../render/notes.js";
import { ActionFailure, type ActionContext } from "./context.js";
import { failureReasonOf, needsAttention } from "../activation/stopping.js";
import type { Gated } from "./merges.js";
import { attention } from "./planning.js";
import type { RefusedMerge } from "./review-gate.js";
import { mayRestart } from "./reconcile.js";
import { readPointer } from "./state.js";

/**
 * A refused review ends the run: the summary says why, above what would have been applied. A merge
 * refused for its review is reported here, once: the reconcile pointer moves past it (one GitHub
 * could not check stays ahead of it, to be checked again).
 */
export async function refuse(
  ctx: ActionContext,
  outcome: PlanOutcome,
  refused: [RefusedMerge, ...RefusedMerge[]],
  settle: Settle,
): Promise<never> {
  const [first] = refused;
  attention(ctx, [], refused);
  await settle(refused);
  const [line = "", ...rest] = renderPreview(outcome, { title: `❌ ${first.title}`, stage: "refused" }).split(
    "\n",
  );
  const whys = refused
    .map((m) => {
      const differs = differenceLines(m.differs, 20, "> ");
      return `> ${escapeSentence(m.why)}${confirmHint(m)}${differs.length === 0 ? "" : `\n>\n${differs.join("\n")}`}`;
    })
    .join("\n>\n");
  await ctx.port.appendSummary([line, "", whys, ...rest].join("\n"));
  await tellRefused(ctx, refused);
  throw new ActionFailure(first.reason, refused.map((m) => m.why).join(" "));
}

/** What the summary lists above the run: merges not applied, and pairs not sent (and why). */
export type Notes = Pick<Gated, "refused" | "revoked" | "unasked"> & { missed: PlannedPair[] };

/** Moves the reconcile pointer to the run's head, unless a refusal or the run's start forbids it. */
export type Settle = (refused: readonly RefusedMerge[], create?: boolean) => Promise<void>;

/**
 * Nothing to activate: the summary says so (with the merges not applied and the pairs not sent, when
 * a run of several merges has them), the pointer moves on, and a refused merge still fails the run.
 */
export async function nothing(
  ctx: ActionContext,
  outcome: PlanOutcome,
  notes: Notes,
  settle: Settle,
): Promise<void> {
  const { refused } = notes;
  const [first] = refused;
  await ctx.port.appendSummary(
    renderMergeNotes(notes) +
      renderPreview(outcome, {
        title:
          (first === undefined ? undefined : `❌ ${first.title}`) ??
          (outcome.changes.some((c) => c.pending !== undefined)
            ? "⏳ Nothing to activate now"
            : "Nothing to activate"),
      }),
  );
  ctx.port.setOutput("result", "[]");
  attention(ctx, [], refused, notes.unasked, notes.missed);
  ctx.port.info("Nothing to activate.");
  await tellRefused(ctx, refused);
  await settle(refused);
  if (first !== undefined) throw new ActionFailure(first.reason, refused.map((m) => m.why).join(" "));
}

/**
 * Where the reconcile pointer goes after an apply ran the engine. Every request up to the head has
 * its record (a failed or held pair's rerun applies from the same start again): the next push
 * applies from here. The setup run records a start only where there is none, or where the last one
 * cannot be reached; it never skips merges still to catch up.
 */
export async function settleApplied(
  ctx: ActionContext,
  report: ApplyReport,
  o: { setup: boolean; manual: boolean; head: string; settle: () => Promise<void> },
): Promise<void> {
  const { port, settings } = ctx;
  if (o.setup) {
    const now = await readPointer(ctx);
    if (now !== undefined && (await mayRestart(ctx, now.commit, o.head)))
      await now.advance(o.head, undefined, true);
  } else if (report.stopped !== undefined && settings.requireReviewedPlan && !o.manual)
    // Cancelled, or out of time: the next run catches these merges up again (each under its own
    // review), following the runs in flight and sending what this run did not.
    port.info(
      "The reconcile pointer stays where it was: the next run catches this push up, following its runs in flight and sending the pairs this run did not.",
    );
  else if (report.stateNotRecorded === undefined) {
    // Without the review gate a later push does not catch merges up: a re-run of this job follows
    // and sends what is left, and scheduled runs retry what was not sent.
    if (report.stopped !== undefined)
      port.info(
        "Re-run this job to follow the runs still in flight and send the pairs this run did not; scheduled runs retry the unsent pairs within max-lateness.",
      );
    await o.settle();
  }
}

/** The run's end after an apply: failed when the state was not written, a pair did not succeed, or a merge was refused. */
export function failUnlessClean(report: ApplyReport, refused: readonly RefusedMerge[]): void {
  if (report.stateNotRecorded !== undefined)
    throw new ActionFailure(
      "state-unavailable",
      `Every pair's outcome is in the job summary, but ${report.stateNotRecorded}. The next run matches what it can to Platform's runs and holds the rest as unknown; nothing is submitted twice.`,
    );
  const bad = needsAttention(report);
  const reason = failureReasonOf(report);
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
