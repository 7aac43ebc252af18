// Eighth hostile review. Each test was a concrete way a promise broke on 5e45b35 (written failing,
// since fixed): the Action in-process against the simulator and the GitHub stand-in on one virtual clock.
import { describe, expect, it } from "vitest";
import { planYaml, uuid } from "../helpers/plans.js";
import { rerunWorld } from "../helpers/merges-world.js";
import { acceptedTwice } from "../helpers/sim.js";
import { stateWorld, type Row } from "../helpers/state-world.js";

const P = "hr8";
const D = uuid(`${P}-d`);
const [A1, B1] = [`${P}-a1`, `${P}-b1`].map(uuid) as [string, string];

const world = () => rerunWorld(P, [uuid(`${P}-a0`), A1, B1]);

describe("hostile 8: reruns, races and the state", () => {
  it("A's run fails a pair (429), B re-asks it (revision bump) and sends it, then A's run is rerun: the pair is not activated a second time", async () => {
    const w = await world();
    const {
      before: x,
      merged: ma,
      run: a,
    } = await w.mergeThrottled(51, { "activation-plans/a.yaml": planYaml("a", "prod", { [D]: [A1] }) });
    expect(a.code, a.stdout).toBe(1);
    expect(w.accepted(A1)).toBe(0);
    const mb = await w.merge({
      number: 52,
      files: { "activation-plans/a.yaml": planYaml("a", "prod", { [D]: [A1] }, "revision: 2") },
    });
    const b = await w.push(ma, mb);
    expect(b.code, b.stdout).toBe(0);
    expect(w.accepted(A1)).toBe(1);
    // "Re-run failed jobs" on A's red run: its next attempt.
    const rerun = await w.push(x, ma, {}, { GITHUB_RUN_ID: a.env.GITHUB_RUN_ID!, GITHUB_RUN_ATTEMPT: "2" });
    expect(acceptedTwice(w.sim), rerun.stdout).toEqual([]);
    // The rerun says why it sent nothing: B's request stands for the pair; nothing needs a person.
    const rows = JSON.parse(rerun.outputs.result ?? "[]") as Row[];
    expect(rows.map((r) => [r.status, r.code])).toEqual([["not-submitted", "superseded"]]);
    expect(rows[0]?.reason).toContain(`a later merge (${mb.slice(0, 12)}) asked for this pair again`);
    expect(rerun.code, rerun.stdout).toBe(0);
    expect(rerun.outputs["needs-attention"]).toBe("0");
    // The summary says why the pair was not sent, not only "1 not submitted".
    expect(rerun.summary).toContain("#### Not sent: a later merge asked for them again");
    expect(rerun.summary).toContain(`a later merge (${mb.slice(0, 12)}) asked for this pair again`);
  });

  it("a scheduled export that starts while wave 1 runs: wave 2 is not submitted during it (pre-flight looked only once), and its pair is not failed for good", async () => {
    const w = await stateWorld({ prefix: "h8w", runDurationMs: 60_000 });
    // The daily export starts right after Platform accepts wave 1's job, and runs for 20 minutes.
    const state = w.sim.state;
    const accept = state.recordAccepted.bind(state);
    let started = false;
    state.recordAccepted = (run) => {
      accept(run);
      if (started) return;
      started = true;
      const now = w.clock.now();
      state.exportJobs.push({
        id: 8080,
        busyFrom: now + 1_000,
        busyUntil: now + 20 * 60_000,
        createdAt: now,
      });
    };
    const run = await w.mergeBig({ "max-audiences-per-job": "1", "count-by": "pairs" });
    expect(run.stdout).toMatch(/Wave 2 of 2/);
    // Guardrail: no ad-hoc job while the scheduled export runs (Adobe: "wait until it has finished").
    const duringExport = w.sim.requests.filter(
      (r) => r.path.startsWith("/data/core/activation/disflowprovider/adhocrun") && r.status === 400,
    );
    expect
      .soft(
        duringExport.map((r) => JSON.stringify(r.response)),
        run.stdout,
      )
      .toEqual([]);
    // And if a pair was held by it, it is held for a passing reason (retried), not failed as a 4xx.
    const rows = run.rows as Row[];
    expect(
      rows.filter((r) => r.status !== "succeeded" && r.code === "rejected").map((r) => r.reason),
    ).toEqual([]);
    // Wave 2 waited for the export, as pre-flight waits before wave 1, then went out.
    expect(run.stdout).toMatch(
      /Sandbox prod: waiting because .*Adobe does not allow ad-hoc runs during a scheduled export/,
    );
    expect(rows.map((r) => r.status)).toEqual(["succeeded", "succeeded"]);
    expect(run.code, run.stdout).toBe(0);
  });
});
