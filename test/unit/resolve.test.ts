// Resolving unknown pairs from run lists: only an unambiguous match resolves; anything a run by the
// same credential from elsewhere could fool stays unknown.
import { describe, expect, it } from "vitest";
import type { RunInfo } from "../../src/aep/platform.js";
import { applyVerdicts, resolveUnknowns, type ResolveOptions } from "../../src/state/resolve.js";
import { requestId, type ActivationState, type PairRecord } from "../../src/state/types.js";

const T = 1_800_000_000_000;
const O: ResolveOptions = {
  client: "me",
  now: T + 300_000,
  settleMs: 120_000,
  skewMs: 60_000,
  guardMs: 900_000,
};

function record(audience: string, over: Partial<PairRecord> = {}): PairRecord {
  return {
    commit: "c1",
    plan: "p.yaml",
    destination: "d1",
    audience,
    state: "unknown",
    job: "job-1",
    intentAt: T,
    client: "me",
    attempts: 1,
    updatedAt: T,
    ...over,
  };
}

function state(records: PairRecord[], runsPerPair: number | null = 1): ActivationState {
  return {
    key: { org: "o", sandbox: "prod", stepKey: "" },
    ...(runsPerPair === null ? {} : { runsPerPair }),
    records: new Map(records.map((r) => [requestId(r.commit, r.destination, r.audience), r])),
  };
}

const run = (id: string, at: number, client = "me"): RunInfo => ({
  id,
  status: "success",
  createdAt: at,
  createdClient: client,
  errors: [],
});
const verdictOf = (s: ActivationState, runs: RunInfo[], o: ResolveOptions = O) => [
  ...resolveUnknowns(s, new Map([["d1", runs]]), o).verdicts.values(),
];

describe("resolving unknown pairs", () => {
  it("one unknown pair and exactly its run, by this credential, in the window: submitted with that run", () => {
    const s = state([record("a1")]);
    const runs = [run("r1", T + 2000), run("sched", T + 3000, "scheduler"), run("ui", T + 4000, "exc_app")];
    const result = resolveUnknowns(s, new Map([["d1", runs]]), O);
    expect([...result.verdicts.values()]).toEqual([{ kind: "submitted", runIds: ["r1"] }]);
    expect(result.unexplained).toEqual([]);
    applyVerdicts(s, result.verdicts, O.now);
    expect([...s.records.values()][0]).toMatchObject({
      state: "submitted",
      runIds: ["r1"],
      code: "resolved",
    });
  });

  it("a run already attributed in the state is not a candidate", () => {
    const s = state([record("a1"), record("a0", { state: "succeeded", runIds: ["old"], intentAt: T - 10 })]);
    expect(verdictOf(s, [run("old", T + 1000), run("r1", T + 2000)])).toEqual([
      { kind: "submitted", runIds: ["r1"] },
    ]);
  });

  it("before the lists have settled, nothing is concluded", () => {
    expect(verdictOf(state([record("a1")]), [], { ...O, now: T + 60_000 })).toEqual([
      { kind: "ambiguous", candidates: [], why: "too-early" },
    ]);
  });

  it("without a learned number of runs per pair, a match is not trusted", () => {
    expect(verdictOf(state([record("a1")], null), [run("r1", T + 2000)])[0]).toMatchObject({
      kind: "ambiguous",
      why: "runs-unknown",
    });
  });

  it("a same-credential run near the intent that nothing explains makes it ambiguous (another step key?)", () => {
    const v = verdictOf(state([record("a1")]), [run("r1", T + 2000), run("theirs", T + 600_000)]);
    expect(v[0]).toMatchObject({ kind: "ambiguous", why: "crowded", candidates: ["r1"] });
  });

  it("two runs in the window for one pair: ambiguous, shown with both candidates", () => {
    const v = verdictOf(state([record("a1")]), [run("r1", T + 2000), run("r2", T + 2500)]);
    expect(v[0]).toEqual({ kind: "ambiguous", why: "count", candidates: ["r1", "r2"] });
  });

  it("several unknown pairs on one dataflow cannot be told apart: they stay unknown", () => {
    const v = verdictOf(state([record("a1"), record("a2")]), [run("r1", T + 2000), run("r2", T + 2500)]);
    expect(v.map((x) => x.kind)).toEqual(["ambiguous", "ambiguous"]);
  });

  it("two submissions on one dataflow: crowded", () => {
    const v = verdictOf(state([record("a1"), record("a2", { job: "job-2", intentAt: T + 5000 })]), [
      run("r1", T + 2000),
    ]);
    expect(v.map((x) => x.kind === "ambiguous" && x.why)).toEqual(["crowded", "crowded"]);
  });

  it("no run by this credential found: still unknown (a lagging list or another clock proves nothing), never retried", () => {
    const s = state([record("a1")]);
    const result = resolveUnknowns(s, new Map([["d1", [run("ui", T + 2000, "exc_app")]]]), O);
    expect([...result.verdicts.values()]).toEqual([{ kind: "no-run", candidates: [] }]);
    applyVerdicts(s, result.verdicts, O.now);
    expect([...s.records.values()][0]).toMatchObject({
      state: "unknown",
      code: "no-run-found",
      candidates: [],
    });
  });

  it("a run by this credential after the window (Platform's clock ahead) is shown as a candidate, not ignored", () => {
    const v = verdictOf(state([record("a1")]), [run("late", T + 20 * 60_000)]);
    expect(v[0]).toEqual({ kind: "ambiguous", why: "count", candidates: ["late"] });
  });
});
