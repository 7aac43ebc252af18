// Outcomes are codes: each code's status, the `failure-reason` it leads to, its sentence, and the
// timeline bar a run status draws — all from one table each, never from comparing sentences.
import { describe, expect, it } from "vitest";
import { reasonFor } from "../../src/activation/messages.js";
import {
  classifyRun,
  failureReasonFor,
  OUTCOME_CODES,
  OUTCOME_STATUS,
  needsAttentionCode,
  type OutcomeCode,
} from "../../src/activation/outcome.js";
import type { ApplyReport } from "../../src/activation/types.js";
import type { PlanOutcome } from "../../src/jobs/outcome.js";
import { renderApplySummary } from "../../src/render/summary.js";
import { planJobs } from "../../src/jobs/planner.js";
import { pair } from "../helpers/plans.js";

/** Code → the step's failure-reason when it is the only outcome (undefined: the step passes). */
const EXPECTED: Record<
  OutcomeCode,
  | "preflight-failed"
  | "activation-failed"
  | "state-unavailable"
  | "frozen"
  | "cancelled"
  | "budget-ended"
  | undefined
> = {
  succeeded: undefined,
  "succeeded-earlier": undefined,
  "dry-run": undefined,
  frozen: "frozen", // held by the freeze: a rerun after it is lifted submits them
  "flow-not-found": "preflight-failed",
  "flow-disabled": "preflight-failed",
  "not-file-based": "preflight-failed", // a streaming destination: a merge would hit it
  "not-mapped": "preflight-failed",
  "external-id": "preflight-failed", // an external audience named by its source's ID
  "name-mismatch": "preflight-failed", // the plan's name is not Platform's: maybe other people
  "not-evaluated": "preflight-failed", // never evaluated: an export would hold nobody current
  "stale-evaluation": "preflight-failed", // evaluated more than 26 h ago: stale people
  "schedule-not-started": "preflight-failed",
  "schedule-ended": "preflight-failed",
  "activated-recently": "preflight-failed",
  "first-activation-wait": undefined, // recorded as pending: a later run sends it after Adobe's hour
  "export-in-progress": "preflight-failed",
  "no-export-job": "preflight-failed",
  "preflight-unreadable": "activation-failed", // a transport error is not a finding about the plan
  "earlier-unknown": "activation-failed",
  superseded: undefined, // a later merge's request for the pair stands for it (a rerun of an older run)
  "state-unavailable": "state-unavailable", // nothing submitted: the state could not be kept
  "conflict-timeout": "activation-failed", // an in-flight timeout is not a pre-flight finding
  unreachable: "activation-failed",
  cancelled: "cancelled", // the runner cancelled the run before this pair's wave: a re-run sends it
  "budget-ended": "budget-ended", // the run's time budget ended before this pair's wave
  rejected: "activation-failed",
  "not-in-dataflow": "activation-failed",
  "no-run-returned": "activation-failed",
  "reply-lost": "activation-failed",
  "run-failed": "activation-failed",
  "run-timeout": "activation-failed",
  internal: "activation-failed",
};

describe("outcome codes", () => {
  it("the table covers every code", () => {
    expect(Object.keys(EXPECTED).sort()).toEqual([...OUTCOME_CODES].sort());
  });

  it.each(OUTCOME_CODES)("%s: its failure-reason, and a sentence unless it is a plain success", (code) => {
    expect(failureReasonFor([code])).toBe(EXPECTED[code]);
    expect(failureReasonFor(["succeeded", code])).toBe(EXPECTED[code]);
    const sentence = reasonFor(code, { flowId: "f", runId: "r", message: "m", httpStatus: 400 });
    if (code === "succeeded") expect(sentence).toBeUndefined();
    else expect(sentence).toMatch(/\S/);
    if (needsAttentionCode(code) && EXPECTED[code] === undefined)
      throw new Error(`${code} needs attention but fails nothing`);
    // Only a success, a dry run's hold, a pair kept pending for Adobe's hour and one a later
    // merge's request stands for need no one.
    if (!needsAttentionCode(code))
      expect(
        OUTCOME_STATUS[code] === "succeeded" ||
          ["dry-run", "first-activation-wait", "superseded"].includes(code),
      ).toBe(true);
  });

  it("a pre-flight finding beside a failed run is an activation failure", () => {
    expect(failureReasonFor(["not-mapped", "run-failed"])).toBe("activation-failed");
    expect(failureReasonFor(["not-mapped", "schedule-ended", "dry-run"])).toBe("preflight-failed");
    expect(failureReasonFor(["frozen", "not-mapped"])).toBe("frozen");
    expect(failureReasonFor(["frozen", "run-failed"])).toBe("activation-failed");
  });
});

describe("run statuses are classified in one place, and the timeline draws from it", () => {
  const cases: [string, "succeeded" | "failed" | "running"][] = [
    ["success", "succeeded"],
    ["succeeded", "succeeded"],
    ["completed", "succeeded"],
    ["COMPLETED", "succeeded"],
    ["Success", "succeeded"],
    ["failed", "failed"],
    ["cancelled", "failed"],
    ["canceled", "failed"],
    ["aborted", "failed"],
    ["processing", "running"],
    ["queued", "running"],
  ];

  function summaryFor(status: string): string {
    const execution = planJobs([pair("prod", "d", "a")], { maxPerJob: 80, countBy: "audiences" });
    const job = execution.jobs[0]!;
    const cls = classifyRun(status);
    const report: ApplyReport = {
      results: [
        {
          sandbox: "prod",
          destination: "d",
          audience: "a",
          jobId: job.id,
          wave: 1,
          requestedBy: execution.pairs[0]!.requestedBy,
          status: cls === "succeeded" ? "succeeded" : "failed",
          code: cls === "succeeded" ? "succeeded" : cls === "failed" ? "run-failed" : "run-timeout",
          runId: "r1",
        },
      ],
      runs: [{ runId: "r1", jobId: job.id, wave: 1, submittedAt: 1_000, endedAt: 61_000, status }],
      startedAt: 0,
      finishedAt: 70_000,
      submissions: 1,
      polls: 2,
      dryRun: false,
    };
    const outcome = {
      headSha: "b".repeat(40),
      problems: [],
      changes: [],
      execution,
      headPlans: [],
      unmatched: [],
      submodules: [],
    };
    return renderApplySummary(outcome as PlanOutcome, report);
  }

  it.each(cases)("%s is %s, and the timeline bar says so", (status, expected) => {
    expect(classifyRun(status)).toBe(expected);
    const bar = summaryFor(status)
      .split("\n")
      .find((l) => l.includes(" · 1 run"));
    expect(bar, status).toContain(
      { succeeded: " :done, ", failed: " · 1 failed :crit, ", running: " :active, " }[expected],
    );
  });

  it("a status that is not a string is still running, never a crash", () => {
    expect(classifyRun(undefined)).toBe("running");
    expect(classifyRun(42)).toBe("running");
  });
});
