// Ninth hostile review, of the fixes in 5e45b35..f2a4395: each test failed on f2a4395, showing one
// defect, since fixed.
import { describe, expect, it } from "vitest";
import { planYaml, uuid } from "../helpers/plans.js";
import { rerunWorld } from "../helpers/merges-world.js";
import { stateWorld } from "../helpers/state-world.js";
import { parsePlanDocument } from "../../src/plan/parse.js";
import { parseFixture, type Fixture } from "../../src/simulator/fixture.js";
import { SimState } from "../../src/simulator/model.js";

const P = "hr9";
const D = uuid(`${P}-d`);
const [A1, B1] = [`${P}-a1`, `${P}-b1`].map(uuid) as [string, string];

const world = () => rerunWorld(P, [uuid(`${P}-a0`), A1, B1]);

describe("hostile 9: reruns of older runs", () => {
  it("A's run fails a pair (429), B deletes the plan (revoked), then A's run is rerun: the pair main no longer asks for is not sent", async () => {
    const w = await world();
    const {
      before: x,
      merged: ma,
      run: a,
    } = await w.mergeThrottled(61, { "activation-plans/a.yaml": planYaml("a", "prod", { [D]: [A1] }) });
    expect(a.code, a.stdout).toBe(1);
    expect(w.accepted(A1)).toBe(0);
    // B removes the plan: the pair is revoked on main.
    const mb = await w.merge({ number: 62, files: { "activation-plans/a.yaml": null } });
    const b = await w.push(ma, mb);
    expect(b.code, b.stdout).toBe(0);
    expect(w.accepted(A1)).toBe(0);
    // "Re-run failed jobs" on A's red run.
    const rerun = await w.push(x, ma, {}, { GITHUB_RUN_ID: a.env.GITHUB_RUN_ID!, GITHUB_RUN_ATTEMPT: "2" });
    // README: "a pair a later merge removed is never sent and is listed as revoked".
    expect(w.accepted(A1), rerun.stdout).toBe(0);
    // Listed as revoked, the run green: the later merge's removal is what main asks for now.
    expect(rerun.summary).toContain("removed by a later one (revoked)");
    expect(rerun.code, rerun.stdout).toBe(0);
  });
});

describe("hostile 9: the wait before a later wave", () => {
  it("wave 1 leaves a run in flight (run-timeout): wave 2 does not wait on that run as if it were a scheduled export, nor fail its pairs as export-in-progress", async () => {
    const w = await stateWorld({ prefix: "h9c", runDurationMs: 300 });
    const [, A1w, A2w, A3w] = w.A as [string, string, string, string];
    // A2's run (wave 1, on D1) runs for hours; every other run is short. No scheduled export at all.
    const state = w.sim.state;
    const accept = state.recordAccepted.bind(state);
    state.recordAccepted = (run) => {
      if ((run as { audience?: string }).audience === A2w) run.completesAt = w.clock.now() + 10 * 3_600_000;
      accept(run);
    };
    const run = await w.merge(w.warm, w.big, {
      "max-audiences-per-job": "1",
      "count-by": "pairs",
      "timeout-minutes": "2",
    });
    expect(run.stdout).toMatch(/Wave 2 of 2/);
    const rows = run.rows;
    const of = (a: string, d: string) => rows.find((r) => r.audience === a && r.destination === d);
    // Wave 2's pairs: nothing blocks them (no export job is processing, their audiences are not running).
    expect(
      [of(A1w, w.D[0]!), of(A3w, w.D[1]!)].map((r) => [r?.status, r?.code]),
      run.stdout,
    ).toEqual([
      ["succeeded", "succeeded"],
      ["succeeded", "succeeded"],
    ]);
    expect(run.stdout).not.toMatch(/Adobe does not allow ad-hoc runs during a scheduled export/);
  });
});

describe("hostile 9: superseded when the pointer did not move", () => {
  it("B re-asks A's failed pair and sends it, but B's pointer write fails (kept at A's merge); A's run is rerun: the pair is not activated twice", async () => {
    const w = await world();
    const {
      before: x,
      merged: ma,
      run: a,
    } = await w.mergeThrottled(71, { "activation-plans/a.yaml": planYaml("a", "prod", { [D]: [A1] }) });
    expect(a.code, a.stdout).toBe(1);
    const mb = await w.merge({
      number: 72,
      files: { "activation-plans/a.yaml": planYaml("a", "prod", { [D]: [A1] }, "revision: 2") },
    });
    // GitHub refuses the write of the step's reconcile key (`ORG/%/…`) during B's run only.
    type Answer = [number, unknown];
    const g = w.gh as unknown as { gitRoute: (m: string, rest: string, url: URL, body: unknown) => Answer };
    const original = g.gitRoute.bind(w.gh);
    g.gitRoute = (m, rest, url, body) =>
      m === "POST" && rest.startsWith("trees") && JSON.stringify(body ?? "").includes("/%/")
        ? [503, { message: "Service Unavailable" }]
        : original(m, rest, url, body);
    const b = await w.push(ma, mb);
    g.gitRoute = original;
    expect(b.code, b.stdout).toBe(0);
    expect(b.stdout).toMatch(/The reconcile pointer stays at/);
    expect(w.accepted(A1)).toBe(1);
    const rerun = await w.push(x, ma, {}, { GITHUB_RUN_ID: a.env.GITHUB_RUN_ID!, GITHUB_RUN_ATTEMPT: "2" });
    expect(w.accepted(A1), rerun.stdout).toBe(1);
  });
});

describe("hostile 9: first contact", () => {
  it("an unclosed `[` is pointed at, not a `[` inside a quoted audience name on the same line", () => {
    const text = [
      "apiVersion: activation-plans/v1",
      "kind: ActivationPlan",
      "metadata:",
      "  name: vip",
      "spec:",
      "  sandbox: prod",
      "  activations:",
      `    - destination: ${D}`,
      `      audiences: [{id: ${A1}, name: "VIP [EU"}, ${B1}`,
      `    - destination: ${D}`,
      `      audiences: [${A1}]`,
      "",
    ].join("\n");
    const r = parsePlanDocument("activation-plans/vip.yaml", new TextEncoder().encode(text));
    expect(r.ok).toBe(false);
    const problems = r.ok ? [] : r.problems;
    // The bracket never closed is the one after `audiences:` (column 18), not the `[` in "VIP [EU".
    expect(problems.map((p) => [p.line, p.col])).toEqual([[9, 18]]);
  });

  it("a fixture's history entries are checked like the rest: a misspelt key or a number as an audience is named, not met later as a JavaScript error", () => {
    const text = [
      "history:",
      `  - flowId: ${D}`,
      "    minutesAgo: 5",
      "    createdClient: scheduler",
      "    statuss: processing",
      "    audience: 123",
      "",
    ].join("\n");
    let parsed: Fixture | undefined;
    expect(() => (parsed = parseFixture(text))).toThrow(/history/);
    // What the simulator then does with what was accepted:
    if (parsed !== undefined) expect(() => new SimState(parsed!, Date.now())).not.toThrow();
  });
});
