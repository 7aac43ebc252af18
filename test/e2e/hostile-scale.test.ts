// Issue 18, hostile: following runs per dataflow where the shared run list does not reach them.
import { describe, expect, it } from "vitest";
import { pairKey } from "../../src/activation/outcome.js";
import type { EarlierEntry } from "../../src/activation/types.js";
import { VirtualClock } from "../helpers/clock.js";
import { pair, uuid } from "../helpers/plans.js";
import { acceptedTwice, applyAgainst, startSimulator } from "../helpers/sim.js";

const MINUTE = 60_000;
/** standardApplyOptions' poll schedule (what the Action uses), with timeout-minutes 60. */
const REAL_POLLS = {
  pollInitialMs: 2_000,
  pollMaxMs: 30_000,
  runTimeoutMs: 60 * MINUTE,
  heartbeatMs: 3_600_000,
};

const platformCalls = (stats: { calls: Map<string, number> }) =>
  [...stats.calls.entries()].filter(([k]) => !k.includes("/ims/")).reduce((n, [, v]) => n + v, 0);

describe("following runs at scale, hostile", () => {
  /** 100 runs an earlier attempt started 30 min ago (20 min to go), followed by a re-run. */
  async function rerunOf100(recorded: boolean) {
    const clock = new VirtualClock(Date.parse("2026-06-01T08:00:00Z"));
    const sim = await startSimulator({ clock });
    const D = uuid("hs-d");
    const A = Array.from({ length: 100 }, (_, i) => uuid(`hs-a${i}`));
    const requested = A.map((a) => pair("prod", D, a));
    sim.state.mapAudiences(A.map((audience) => ({ destination: D, audience })));
    const previous = new Map<string, EarlierEntry>();
    for (const audience of A) {
      const run = sim.state.addRun({
        flowId: D,
        audience,
        sandbox: "prod",
        createdAt: clock.now() - 30 * MINUTE,
        createdClient: "test-client",
        status: "processing",
      });
      run.completesAt = clock.now() + 20 * MINUTE;
      // As the state holds it: running, its run ID, recorded (the reply) a minute after the submission.
      previous.set(pairKey("prod", D, audience), {
        state: "running",
        runId: run.id,
        ...(recorded ? { recordedAt: clock.now() - 29 * MINUTE } : {}),
      });
    }
    const { report, stats } = await applyAgainst(sim, requested, { ...REAL_POLLS, previous });
    expect(report.results.every((r) => r.status === "succeeded")).toBe(true);
    expect(report.submissions).toBe(0);
    expect(acceptedTwice(sim)).toEqual([]);
    return {
      byRun: stats.calls.get("GET /data/foundation/flowservice/runs/{id}") ?? 0,
      perPair: platformCalls(stats) / requested.length,
    };
  }

  it("a re-run following 100 runs an earlier attempt left in flight (started 30 min before) reads them from the dataflow's list, which reaches back to when the state recorded them: ≤ 1.0 Platform calls a pair, no run read alone", async () => {
    const { byRun, perPair } = await rerunOf100(true);
    expect(byRun).toBe(0);
    expect(perPair).toBeLessThanOrEqual(1.0);
  });

  it("the same without the record's time (an older state): each run is read alone once, and later lists reach back to it", async () => {
    const { byRun } = await rerunOf100(false);
    expect(byRun).toBe(100);
  });

  it("one wave of 5,040 audiences on one dataflow (63 jobs): the run list reads the pages its 5,040 runs need (past the usual 50), and no list fails: ≤ 1.0 Platform calls a pair", async () => {
    const clock = new VirtualClock(Date.parse("2026-06-01T08:00:00Z"));
    const sim = await startSimulator({ clock, runDurationMs: 2 * MINUTE });
    const D = uuid("hs-big-d");
    const A = Array.from({ length: 5_040 }, (_, i) => uuid(`hs-big-a${i}`));
    const requested = A.map((a) => pair("prod", D, a));
    // Production's 30 s request timeout (the helper's 2 s is for small worlds): 63 submissions of 80
    // audiences, and the pre-flight's 5,040 names and sizes, are slow replies on a loaded machine.
    const { report, stats, logs } = await applyAgainst(sim, requested, {
      ...REAL_POLLS,
      http: { timeoutMs: 30_000 },
    });
    expect(report.results.every((r) => r.status === "succeeded")).toBe(true);
    expect(acceptedTwice(sim)).toEqual([]);
    const listErrors = logs.filter((m) => /more than 50 pages of runs/.test(m)).length;
    const byRun = stats.calls.get("GET /data/foundation/flowservice/runs/{id}") ?? 0;
    expect({ listErrors, byRun, perPair: platformCalls(stats) / requested.length }).toEqual({
      listErrors: 0,
      byRun: expect.toSatisfy((n: number) => n <= requested.length) as number,
      perPair: expect.toSatisfy((x: number) => x <= 1.0) as number,
    });
  }, 300_000);
});
