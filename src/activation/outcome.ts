// Outcomes as data: a closed set of codes, one per way a pair can end, the status each implies, the
// one classification of Platform's run statuses, and the `failure-reason` a set of outcomes leads to.
// Sentences for people are made from these in messages.ts; control flow never compares sentences.

export type PairStatus = "succeeded" | "failed" | "not-submitted" | "would-submit";

/** Every way a requested pair can end. */
export const OUTCOME_STATUS = {
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
  /** A later merge asked for the pair again (a rerun of an older run): that request stands for it. */
  superseded: "not-submitted",
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
} as const satisfies Record<string, PairStatus>;

export type OutcomeCode = keyof typeof OUTCOME_STATUS;
export const OUTCOME_CODES = Object.keys(OUTCOME_STATUS) as OutcomeCode[];

/** Findings of the read-only pre-flight: a merge would hit them, and a person can fix them. */
const PREFLIGHT_FINDINGS: ReadonlySet<OutcomeCode> = new Set<OutcomeCode>([
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

export const isPreflightFinding = (code: OutcomeCode) => PREFLIGHT_FINDINGS.has(code);

/**
 * Findings a merge would hit and could not wait out: they fail a PR's check (`fail-on-preflight`).
 * A scheduled export in progress is waited for, and Adobe's first-activation hour is kept pending.
 */
export const blocksMerge = (code: OutcomeCode) =>
  isPreflightFinding(code) && code !== "export-in-progress" && code !== "activated-recently";

/**
 * Pairs a person must look at: anything but a success, a dry run's deliberate hold, or a pair the
 * state keeps pending for Adobe's first-activation hour (a later run sends it).
 */
export const needsAttentionCode = (code: OutcomeCode) =>
  OUTCOME_STATUS[code] !== "succeeded" &&
  code !== "dry-run" &&
  code !== "first-activation-wait" &&
  code !== "superseded";

export type FailureReason =
  "preflight-failed" | "activation-failed" | "state-unavailable" | "frozen" | "cancelled" | "budget-ended";

/**
 * `preflight-failed` only when every pair needing attention is a pre-flight finding; `frozen` when
 * the freeze held pairs and nothing else but findings needs attention.
 */
export function failureReasonFor(codes: readonly OutcomeCode[]): FailureReason | undefined {
  const bad = codes.filter(needsAttentionCode);
  if (bad.length === 0) return undefined;
  if (bad.includes("state-unavailable")) return "state-unavailable";
  // The run stopped before it could send or follow everything: the next run goes on.
  if (bad.includes("cancelled")) return "cancelled";
  if (bad.includes("budget-ended")) return "budget-ended";
  // Nothing was submitted: the freeze held what pre-flight did not stop.
  if (bad.includes("frozen") && bad.every((c) => c === "frozen" || isPreflightFinding(c))) return "frozen";
  return bad.every(isPreflightFinding) ? "preflight-failed" : "activation-failed";
}

export type RunClass = "succeeded" | "failed" | "running";

const RUN_SUCCEEDED = new Set(["success", "succeeded", "completed", "complete"]);
const RUN_FAILED = new Set(["failed", "failure", "error", "cancelled", "canceled", "aborted"]);

/** The one place Platform's run statuses are classified, case-insensitively; anything else is still running. */
export function classifyRun(status: unknown): RunClass {
  if (typeof status !== "string") return "running";
  const s = status.toLowerCase();
  return RUN_SUCCEEDED.has(s) ? "succeeded" : RUN_FAILED.has(s) ? "failed" : "running";
}

/** The one key of a pair (plan/changes.ts). */
export { pairKey } from "../plan/changes.js";
