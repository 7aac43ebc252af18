// A run that stops mid-wave: its time budget (run-budget-minutes) ends while the first wave's runs are
// in flight, or the runner cancels it (the built Action as a process: SIGINT, then SIGTERM, then
// SIGKILL). Either way the second wave is not submitted, the first wave's runs are recorded as in
// flight, the run says so, and a re-run follows them and sends the rest: every pair once.
import { describe, expect, it } from "vitest";
import { pushEvent } from "../helpers/payloads.js";
import { acceptedTwice } from "../helpers/sim.js";
import { ids, stateWorld, type Row } from "../helpers/state-world.js";
import { planYaml, uuid } from "../helpers/plans.js";
import { windowsWorld } from "../helpers/windows-world.js";

const { A, D } = ids("rb");
// Two waves: A3 on both dataflows, one audience a job.
const TWO_WAVES = { "max-audiences-per-job": "1", "count-by": "pairs" };

const inFlightRecorded = (shards: string, n: number) => (shards.match(/,submitted,/g) ?? []).length >= n;

describe("a run that stops mid-wave", () => {
  it("the time budget ends while wave 1 runs: wave 2 is budget-ended, wave 1 in flight; the re-run follows wave 1 and sends wave 2, each pair once", async () => {
    const w = await stateWorld({ prefix: "rb", runDurationMs: 20 * 60_000 });
    const started = w.clock.now();
    const run = await w.mergeBig({ ...TWO_WAVES, "run-budget-minutes": "10" });
    expect(run.code, run.stdout).toBe(1);
    expect(run.outputs["failure-reason"]).toBe("budget-ended");
    // The run ended at its budget, not at timeout-minutes (60).
    expect(w.clock.now() - started).toBeLessThan(11 * 60_000);
    const byCode = Object.groupBy(run.rows, (r: Row) => r.code ?? "none");
    expect(byCode["run-timeout"]).toHaveLength(1);
    expect(byCode["budget-ended"]).toHaveLength(1);
    expect(byCode["run-timeout"]![0]!.reason).toMatch(
      /still .* when the run's time budget \(10 min\) ended; recorded as in flight, never submitted again/,
    );
    expect(byCode["budget-ended"]![0]!.reason).toMatch(/Run it again to send it \(re-run the job/);
    expect(run.stdout).toMatch(/The run's time budget ended before wave 2: not submitting 1 pair/);
    // The summary's headline says the run stopped, and counts the run still going as in flight.
    expect(run.summary).toContain(
      "### ❌ Activation stopped (time budget ended): 0 pairs succeeded · 0 failed · 1 in flight · 1 not submitted",
    );
    const first = byCode["run-timeout"]![0]!;
    const second = byCode["budget-ended"]![0]!;
    expect(w.acceptedPair(first.destination, first.audience)).toBe(1);
    expect(w.acceptedPair(second.destination, second.audience)).toBe(0);
    expect(inFlightRecorded(w.shards(), 1)).toBe(true);

    const rerun = await w.mergeBig(TWO_WAVES, {
      GITHUB_RUN_ID: run.env.GITHUB_RUN_ID!,
      GITHUB_RUN_ATTEMPT: "2",
    });
    expect(rerun.code, rerun.stdout).toBe(0);
    expect(rerun.stdout).toMatch(/1 run\(s\) still to follow/);
    expect(rerun.rows.map((r) => r.status)).toEqual(["succeeded", "succeeded"]);
    expect([w.acceptedPair(D[0]!, A[3]!), w.acceptedPair(D[1]!, A[3]!)]).toEqual([1, 1]);
    expect(acceptedTwice(w.sim)).toEqual([]);
  });

  it("reviewed merges (the default): the budget ends with both runs in flight; the pointer stays, and the next scheduled run catches the merge up, following both runs and sending nothing again", async () => {
    const [a1, a2] = [uuid("rbw-a1"), uuid("rbw-a2")];
    const w = await windowsWorld("rbw", [a1, a2]);
    w.sim.options.runDurationMs = 20 * 60_000;
    // Two one-audience jobs, the same for the preview and the merge; a 10-minute budget.
    Object.assign(w.inputs, { ...TWO_WAVES, "run-budget-minutes": "10" });
    const [run] = await w.mergeAndPush([
      {
        number: 71,
        files: { "activation-plans/flash.yaml": planYaml("flash", "prod", { [w.D]: [a1, a2] }) },
      },
    ]);
    expect(run!.code, run!.stdout).toBe(1);
    expect(run!.outputs["failure-reason"]).toBe("budget-ended");
    expect(JSON.parse(run!.outputs.result ?? "[]").map((r: Row) => r.code)).toEqual([
      "run-timeout",
      "run-timeout",
    ]);
    expect(run!.stdout).toMatch(/The reconcile pointer stays where it was/);
    expect([w.accepted(a1), w.accepted(a2)]).toEqual([1, 1]);
    await w.later(30 * 60_000);
    delete (w.inputs as Record<string, string>)["run-budget-minutes"];
    const scheduled = await w.schedule();
    expect(scheduled.code, scheduled.stdout).toBe(0);
    expect(scheduled.stdout).toMatch(/2 run\(s\) still to follow/);
    expect(JSON.parse(scheduled.outputs.result ?? "[]").map((r: Row) => r.status)).toEqual([
      "succeeded",
      "succeeded",
    ]);
    expect([w.accepted(a1), w.accepted(a2)]).toEqual([1, 1]);
    expect(acceptedTwice(w.sim)).toEqual([]);
  });

  it("input run-budget-minutes that is not a positive number: a configuration error naming the input", async () => {
    const w = await stateWorld({ prefix: "rb" });
    const run = await w.mergeFlash({ "run-budget-minutes": "soon" });
    expect(run.code).toBe(1);
    expect(run.outputs["failure-reason"]).toBe("configuration");
    expect(run.stdout).toMatch(/input 'run-budget-minutes' must be a positive number/);
  });

  it("the built Action cancelled by the runner during wave 1: it exits before the SIGTERM with its state written; the re-run follows wave 1 and sends wave 2, each pair once", async () => {
    const w = await stateWorld({ prefix: "rb", runDurationMs: 60_000 });
    const before = w.sim.state.accepted.length;
    const cancelled = await w.step("push", pushEvent({ before: w.flash, after: w.big }), w.big, TWO_WAVES, {
      // Once wave 1's reply is recorded (the state holds its run as in flight).
      cancelWhen: () => w.sim.state.accepted.length > before && inFlightRecorded(w.shards(), 1),
    });
    expect(cancelled.code, cancelled.stdout).not.toBe(0);
    expect(cancelled.cancelledAfterMs, cancelled.stdout).toBeLessThan(7_500);
    expect(cancelled.outputs["failure-reason"]).toBe("cancelled");
    expect(cancelled.stdout).toMatch(/The workflow run is being cancelled/);
    expect(cancelled.stdout).toMatch(/The run was cancelled before wave 2: not submitting 1 pair/);
    const rows = JSON.parse(cancelled.outputs.result ?? "[]") as Row[];
    expect(rows.map((r) => r.code).sort()).toEqual(["cancelled", "run-timeout"]);
    expect(w.sim.state.accepted.length - before).toBe(1);
    // The lock was given back: a new workflow run (not an attempt of this one) need not wait for it.
    const locks = [...w.gh.branchFiles()].filter(([p]) => p.endsWith("state.json")).map(([, t]) => t);
    expect(locks.length).toBeGreaterThan(0);
    expect(locks.join("\n")).not.toMatch(/attempt 1/);
    const rerun = await w.mergeBig(TWO_WAVES, {
      GITHUB_RUN_ID: cancelled.env.GITHUB_RUN_ID!,
      GITHUB_RUN_ATTEMPT: "2",
    });
    expect(rerun.code, rerun.stdout).toBe(0);
    expect(rerun.stdout).toMatch(/1 run\(s\) still to follow/);
    expect([w.acceptedPair(D[0]!, A[3]!), w.acceptedPair(D[1]!, A[3]!)]).toEqual([1, 1]);
    expect(acceptedTwice(w.sim)).toEqual([]);
  });
});
