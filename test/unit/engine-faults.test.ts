// Nothing escapes the engine: a refused token renewal mid-wave, a 200 whose body has another shape,
// and a run status that is not a string each end with every pair's outcome, never an exception.
import { describe, expect, it } from "vitest";
import { Applier } from "../../src/activation/engine.js";
import type { PlatformPort } from "../../src/activation/types.js";
import { toOrders } from "../../src/aep/wire.js";
import { planJobs } from "../../src/jobs/planner.js";
import { VirtualClock } from "../helpers/clock.js";
import { pair, uuid } from "../helpers/plans.js";
import { FAST } from "../helpers/sim.js";

const D = uuid("ef-d");
const A = [uuid("ef-a0"), uuid("ef-a1")];
const flow = {
  id: D,
  state: "enabled",
  selectors: A.map((audienceId) => ({ audienceId, startDate: "2020-01-01" })),
};

function port(overrides: Partial<PlatformPort>): PlatformPort {
  return {
    getFlow: async () => flow,
    getRun: async (_s, id) => ({ id, status: "success", errors: [] }),
    listRuns: async () => [],
    listExportJobs: async () => [],
    submit: async (_s, info) => ({
      kind: "accepted",
      orders: Object.entries(info).flatMap(([d, auds]) =>
        auds.map((a) => ({ destination: d, audience: a, runId: `run-${a}` })),
      ),
    }),
    ...overrides,
  };
}

const apply = (p: PlatformPort) =>
  new Applier(p, new VirtualClock(), () => {}, FAST).apply(
    planJobs(
      A.map((a) => pair("prod", D, a)),
      { maxPerJob: 80, countBy: "audiences" },
    ),
  );

describe("faults inside the engine end as outcomes", () => {
  it("a token renewal refused at submission: no exception; the pairs are not retried blindly", async () => {
    let refused = false; // from the first submission on, every renewal is refused
    const renewal = () => {
      refused = true;
      throw new Error("IMS refused the token renewal (HTTP 400 invalid_client)");
    };
    const report = await apply(
      port({
        submit: async () => renewal(),
        listRuns: async () => (refused ? renewal() : []),
      }),
    );
    expect(report.results.map((r) => [r.status, r.code])).toEqual([
      ["failed", "reply-lost"],
      ["failed", "reply-lost"],
    ]);
    expect(report.results[0]!.reason).toContain("IMS refused the token renewal");
  });

  it("a run status that is not a string is followed until the wait ends, never a crash", async () => {
    const report = await apply(
      port({ getRun: async (_s, id) => ({ id, status: 42 as unknown as string, errors: [] }) }),
    );
    expect(report.results.map((r) => r.code)).toEqual(["run-timeout", "run-timeout"]);
  });

  it("an unexpected error mid-wave settles every pair and keeps the run IDs of started runs", async () => {
    let calls = 0;
    const report = await apply(
      port({
        getRun: async () => {
          calls++;
          throw Object.assign(new Error("boom"), { toString: () => "boom" });
        },
      }),
    );
    expect(calls).toBeGreaterThan(0);
    expect(report.results.every((r) => r.code !== undefined && r.runId !== undefined)).toBe(true);
  });

  it("a 200 whose body is not the documented shape names no runs (the caller treats it as unknown)", () => {
    expect(toOrders("<html>Service Unavailable</html>")).toBeUndefined();
    expect(toOrders('{"order": {"segment": "a"}}')).toBeUndefined();
    expect(toOrders('{"order": [{"segment": 1, "order": "d", "statusURL": "u"}]}')).toBeUndefined();
    expect(toOrders('{"order": [{"segment": "A", "order": "D", "statusURL": "u"}]}')).toEqual([
      { audience: "A", destination: "D", statusURL: "u" },
    ]);
  });
});

/** A port whose run lists show each submitted run with `status` (and `errors`), once submitted. */
function listing(status: string, overrides: Partial<PlatformPort> = {}): PlatformPort {
  let submitted = false;
  return port({
    submit: async (s, info) => {
      submitted = true;
      return port({}).submit(s, info);
    },
    listRuns: async () =>
      submitted
        ? A.map((a) => ({ id: `run-${a}`, status, errors: [{ code: "E1", message: "aborted" }] }))
        : [],
    ...overrides,
  });
}

describe("following runs through the dataflow's run list", () => {
  it("a run its list still shows running when the wait ends is read alone once: it succeeded, not run-timeout", async () => {
    // The list lags behind the runs' ends: it shows them processing for ever.
    const report = await apply(listing("processing"));
    expect(report.results.map((r) => [r.status, r.code])).toEqual([
      ["succeeded", "succeeded"],
      ["succeeded", "succeeded"],
    ]);
  });

  it("a run the list shows failed, whose own read fails, is reported failed with the list's status, not as a timeout", async () => {
    const report = await apply(
      listing("failed", {
        getRun: async () => {
          throw new Error("HTTP 503");
        },
      }),
    );
    expect(report.results.map((r) => r.code)).toEqual(["run-failed", "run-failed"]);
    expect(report.results[0]!.reason).toContain("E1: aborted");
  });
});
