// The run's stop inside the engine: a time budget that has ended starts no wave, and a cancellation
// wakes every wait at once; either way every pair ends with an outcome, and started runs keep their IDs.
import { describe, expect, it } from "vitest";
import { Applier } from "../../src/activation/engine.js";
import { failureReasonOf } from "../../src/activation/stopping.js";
import { pollUntil } from "../../src/activation/poll.js";
import type { PlatformPort } from "../../src/activation/types.js";
import type { Clock, Stop } from "../../src/clock.js";
import { planJobs } from "../../src/jobs/planner.js";
import { VirtualClock } from "../helpers/clock.js";
import { pair, uuid } from "../helpers/plans.js";
import { FAST } from "../helpers/sim.js";

const D = uuid("st-d");
const A = [uuid("st-a0"), uuid("st-a1")];
const flow = {
  id: D,
  state: "enabled",
  selectors: A.map((audienceId) => ({ audienceId, startDate: "2020-01-01" })),
};

function platform(counts: { submits: number }): PlatformPort {
  return {
    getFlow: async () => flow,
    getRun: async (_s, id) => ({ id, status: "running", errors: [] }),
    listRuns: async () => [],
    listExportJobs: async () => [],
    submit: async (_s, info) => {
      counts.submits++;
      return {
        kind: "accepted",
        orders: Object.entries(info).flatMap(([d, auds]) =>
          auds.map((a) => ({ destination: d, audience: a, runId: `run-${a}` })),
        ),
      };
    },
  };
}

/** Two waves: one audience a job, and the same audience twice. */
const twoWaves = () =>
  planJobs([pair("prod", D, A[0]!), pair("prod", uuid("st-d2"), A[0]!)], { maxPerJob: 1, countBy: "pairs" });

describe("the run's stop", () => {
  it("a budget that has ended: no wave starts, every pair budget-ended with the budget, nothing submitted", async () => {
    const clock = new VirtualClock();
    const counts = { submits: 0 };
    const stop: Stop = { deadline: clock.now() - 1, signal: new AbortController().signal, budgetMs: 600_000 };
    const report = await new Applier(platform(counts), clock, () => {}, { ...FAST, stop }).apply(
      planJobs([pair("prod", D, A[0]!), pair("prod", D, A[1]!)], { maxPerJob: 80, countBy: "audiences" }),
    );
    expect(counts.submits).toBe(0);
    expect(report.results.map((r) => [r.status, r.code])).toEqual([
      ["not-submitted", "budget-ended"],
      ["not-submitted", "budget-ended"],
    ]);
    expect(report.results[0]!.reason).toMatch(/time budget \(10 min\) ended before this pair's wave/);
    expect(report.stopped).toBe("budget-ended");
    expect(failureReasonOf(report)).toBe("budget-ended");
  });

  it("a cancellation while wave 1 is followed wakes the wait at once: wave 1 in flight (its run ID kept), wave 2 cancelled", async () => {
    // A clock whose waits end only when cancelled: without the stop, this apply would never end.
    const waits: number[] = [];
    const clock: Clock = {
      now: () => Date.parse("2026-06-01T00:00:00Z"),
      sleep: (ms, signal) =>
        new Promise((resolve) => {
          waits.push(ms);
          signal?.addEventListener("abort", () => resolve(), { once: true });
        }),
    };
    const cancel = new AbortController();
    const counts = { submits: 0 };
    const port = platform(counts);
    const submit = port.submit.bind(port);
    port.submit = async (...args) => {
      const out = await submit(...args);
      setTimeout(() => cancel.abort(), 5);
      return out;
    };
    const stop: Stop = { deadline: Infinity, signal: cancel.signal };
    const report = await new Applier(port, clock, () => {}, { ...FAST, stop }).apply(twoWaves());
    expect(counts.submits).toBe(1);
    expect(waits.length).toBeGreaterThan(0);
    const codes = report.results.map((r) => [r.wave, r.code, r.runId]);
    expect(codes).toEqual([
      [1, "run-timeout", `run-${A[0]}`],
      [2, "cancelled", undefined],
    ]);
    expect(report.results[0]!.detail?.stopped).toBe("cancelled");
    expect(report.results[0]!.reason).toMatch(
      /when the run was cancelled; Nothing records it \(no --state\)/,
    );
    expect(failureReasonOf(report)).toBe("cancelled");
  });

  it("pollUntil: no wait passes the stop's deadline, and it gives up there", async () => {
    const clock = new VirtualClock(0);
    const stop: Stop = { deadline: 25_000, signal: new AbortController().signal };
    let tries = 0;
    const done = await pollUntil(
      clock,
      { initialMs: 10_000, maxMs: 10_000, factor: 1, timeoutMs: 3_600_000, stop },
      async () => (tries++, false),
    );
    expect(done).toBe(false);
    expect(clock.now()).toBe(25_000);
    expect(tries).toBe(4); // at 0, 10 and 20 s, and a last one at the deadline
  });
});
