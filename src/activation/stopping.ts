// How a run's outcome reads when it ended: the pairs that need a person, the step's failure-reason,
// and what a stop (the runner's cancellation, the end of the run's time budget) does to the pairs
// left: those not sent end with the stop's code, runs not followed further are recorded in flight.
import { plural } from "./messages.js";
import type { PairBook } from "./book.js";
import { failureReasonFor, needsAttentionCode, type FailureReason } from "./outcome.js";
import type { ApplyOptions, ApplyReport, PairResult } from "./types.js";

/** Pairs that did not succeed, other than those a dry run held back on purpose. */
export function needsAttention(report: ApplyReport): PairResult[] {
  return report.results.filter((r) => r.code === undefined || needsAttentionCode(r.code));
}

/**
 * The step's failure-reason for a report: the stop's (cancelled, budget-ended) when the run stopped
 * with pairs left to do, unless the state could not be kept.
 */
export function failureReasonOf(report: ApplyReport): FailureReason | undefined {
  const reason = failureReasonFor(report.results.flatMap((r) => (r.code === undefined ? [] : [r.code])));
  return reason === undefined || reason === "state-unavailable" ? reason : (report.stopped ?? reason);
}

/** Why the run stopped, when some pair ended because of it (not merely because the clock passed the budget). */
export function stoppedBy(results: Iterable<PairResult>): "cancelled" | "budget-ended" | undefined {
  for (const p of results) {
    if (p.code === "cancelled" || p.code === "budget-ended") return p.code;
    if (p.detail?.stopped !== undefined) return p.detail.stopped;
  }
  return undefined;
}

/** Runs followed without a state to record them (the CLI without --state): the detail says so. */
export const unrecorded = (options: ApplyOptions) =>
  options.beforeSubmit === undefined ? { unrecorded: true as const } : {};

/**
 * The run stopped before wave `wave`: the pairs not sent end with the stop's code (a later run sends
 * them), and runs an earlier run started, not followed now, stay in flight for the next run.
 */
export function settleStopped(
  book: PairBook,
  options: ApplyOptions,
  why: "cancelled" | "budget-ended",
  wave: number,
  log: (message: string) => void,
): void {
  const open = [...book.results.values()].filter((p) => p.status === "pending");
  const unsent = open.filter((p) => p.runId === undefined);
  log(
    `${why === "cancelled" ? "The run was cancelled" : "The run's time budget ended"} before wave ${wave}: not submitting ${plural(unsent.length, "pair")}.`,
  );
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
