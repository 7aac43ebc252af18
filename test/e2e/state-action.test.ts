// Exactly once across workflow runs, through the runner-faithful harness: the Action in-process on a
// virtual clock (the kill test, in state-action-killed.test.ts, runs the built Action), the simulator, and a GitHub
// stand-in whose state branch lives between runs. Each scenario checks at the simulator that every
// requested pair was accepted at most once, and that every pair ends succeeded, failed, or unknown and
// shown to people, never silently dropped.
import { describe, expect, it } from "vitest";
import { PacedClock, secondWhileFirstSubmits } from "../helpers/clock.js";
import { workflowDispatchEvent } from "../helpers/payloads.js";
import { acceptedTwice } from "../helpers/sim.js";
import { ids, stateWorld, type Row, type StateWorld, type WorldOptions } from "../helpers/state-world.js";
import { SCHEDULER_CLIENT, UI_CLIENT } from "../../src/simulator/runs.js";

const { D, A } = ids("sa");
const world = (o: Omit<WorldOptions, "prefix"> = {}) => stateWorld({ prefix: "sa", ...o });

/** Every flash pair ended, and each was accepted exactly once. */
function onceEach(w: StateWorld): void {
  expect([w.acceptedOf(A[1]!), w.acceptedOf(A[2]!)]).toEqual([1, 1]);
  expect(acceptedTwice(w.sim)).toEqual([]);
}

describe("exactly once across runs (the Action)", () => {
  it("a lost reply after the runs were created, then a rerun: resolved and followed, not resubmitted", async () => {
    const w = await world();
    w.sim.options.rateDropAfterSubmit = 1;
    const lost = await w.mergeFlash();
    expect(lost.code).toBe(1);
    expect(lost.rows.map((x) => x.code)).toEqual(["reply-lost", "reply-lost"]);
    expect(w.shards()).toMatch(/,unknown,reply-lost,/);
    w.sim.options.rateDropAfterSubmit = 0;
    const rerun = await w.mergeFlash();
    expect(rerun.code, rerun.stdout).toBe(0);
    expect(rerun.stdout).toContain("2 matched to their runs");
    expect(rerun.rows.map((x) => x.status)).toEqual(["succeeded", "succeeded"]);
    onceEach(w);
  });

  for (const damaged of ["html", "truncated", "half"] as const) {
    it(`a 200 reply with ${damaged === "half" ? "a body naming half the pairs" : damaged === "html" ? "HTML" : "truncated JSON"}: unknown, then resolved by the rerun`, async () => {
      const w = await world();
      w.sim.options.acceptedReplyAs = damaged;
      const first = await w.mergeFlash();
      expect(first.code).toBe(1);
      const unknown = first.rows.filter((x) => x.code === "reply-lost" || x.code === "no-run-returned");
      expect(unknown.length).toBeGreaterThan(0);
      expect(unknown.every((x) => (x.reason ?? "").length > 0)).toBe(true); // shown, with why
      delete w.sim.options.acceptedReplyAs;
      const rerun = await w.mergeFlash();
      expect(rerun.code, rerun.stdout).toBe(0);
      expect(rerun.rows.map((x) => x.status)).toEqual(["succeeded", "succeeded"]);
      onceEach(w);
    });
  }

  it("runs that outlive timeout-minutes, then a rerun with a longer one: followed to their end", async () => {
    const w = await world({ runDurationMs: 5 * 60_000 });
    const short = await w.mergeFlash({ "timeout-minutes": "1" });
    expect(short.rows.map((x) => x.code)).toEqual(["run-timeout", "run-timeout"]);
    expect(w.shards()).toMatch(/,submitted,run-timeout,/);
    const longer = await w.mergeFlash({ "timeout-minutes": "30" });
    expect(longer.code, longer.stdout).toBe(0);
    expect(longer.stdout).toContain("following 2 run(s) an earlier attempt started");
    onceEach(w);
  });

  it("a freeze: nothing new submitted (frozen, said in the summary), runs in flight still followed; lifted, the held pairs go out once", async () => {
    const w = await world({ runDurationMs: 5 * 60_000 });
    const frozen = await w.mergeFlash({ freeze: "true" });
    expect(frozen.code).toBe(1);
    expect(frozen.outputs["failure-reason"]).toBe("frozen");
    expect(frozen.rows.map((x) => [x.status, x.code])).toEqual([
      ["not-submitted", "frozen"],
      ["not-submitted", "frozen"],
    ]);
    expect(frozen.summary).toContain(
      "The activation freeze is on (input `freeze`): nothing new was submitted",
    );
    expect([w.acceptedOf(A[1]!), w.acceptedOf(A[2]!)]).toEqual([0, 0]);
    // Lifted: the rerun submits what the freeze held; its runs outlive this run's timeout.
    const lifted = await w.mergeFlash({ "timeout-minutes": "1" });
    expect(lifted.rows.map((x) => x.code)).toEqual(["run-timeout", "run-timeout"]);
    // Frozen again: the runs in flight are followed to their end; nothing is submitted again.
    const followed = await w.mergeFlash({ freeze: "true", "timeout-minutes": "30" });
    expect(followed.code, followed.stdout).toBe(0);
    expect(followed.stdout).toContain("following 2 run(s) an earlier attempt started");
    expect(followed.rows.map((x) => x.status)).toEqual(["succeeded", "succeeded"]);
    onceEach(w);
  });

  it("a lagging runs list: the lost reply is not retried before the list settles, and the rerun resolves it", async () => {
    const w = await world({ listLagMs: 30_000 });
    await w.mergeFlashLosingReplies();
    const rerun = await w.mergeFlash();
    expect(rerun.code, rerun.stdout).toBe(0);
    expect(rerun.stdout).toContain("2 matched to their runs");
    onceEach(w);
  });

  it("scheduled and UI runs of the same dataflows are ignored; a same-credential run from another step key keeps the pair unknown", async () => {
    const w = await world();
    const { at: t } = await w.mergeFlashLosingReplies();
    w.sim.state.addHistoryRun({ flowId: D[1]!, createdAt: t + 1000, createdClient: SCHEDULER_CLIENT });
    w.sim.state.addHistoryRun({ flowId: D[1]!, createdAt: t + 2000, createdClient: UI_CLIENT });
    // Another step key, same credential, exports on D0 inside the window.
    w.sim.state.addHistoryRun({ flowId: D[0]!, createdAt: t + 3000, createdClient: "sa-client" });
    const rerun = await w.mergeFlash();
    expect(rerun.code).toBe(1);
    const d0 = rerun.rows.find((x) => x.destination === D[0]);
    const d1 = rerun.rows.find((x) => x.destination === D[1]);
    expect(d1?.status).toBe("succeeded"); // scheduled and UI runs did not get in the way
    expect(d0?.code).toBe("earlier-unknown");
    expect(d0?.reason).toContain("candidate runs:");
    expect(rerun.summary).toContain("candidate runs:");
    expect(rerun.stdout).toContain("were created by this credential (sa-client) but not by this state");
    expect(rerun.outputs["failure-reason"]).toBe("activation-failed");
    onceEach(w);
  });

  it("a manual run with resolve records a person's decision; the next run follows that run, nothing is resubmitted", async () => {
    const w = await world();
    const { at: t } = await w.mergeFlashLosingReplies();
    w.sim.state.addHistoryRun({ flowId: D[0]!, createdAt: t + 3000, createdClient: "sa-client" });
    const held = await w.mergeFlash();
    expect(held.rows.find((x) => x.destination === D[0])?.code).toBe("earlier-unknown");
    const ours = w.sim.state.accepted.find((a) => a.audience === A[1])!.runId;
    const manual = (resolve: string) =>
      w.step("workflow_dispatch", workflowDispatchEvent(), w.flash, { resolve });
    const refused = await manual(`${D[0]}/${A[0]}=not-activated`);
    expect(refused.code).toBe(1);
    expect(refused.stdout).toContain(
      `No unknown pair ${D[0]}/${A[0]} in the state of the selected plans; nothing was recorded.`,
    );
    expect(w.shards()).toMatch(new RegExp(`${A[1]},unknown,`));
    const decided = await manual(`${D[0]}/${A[1]}=${ours}`);
    expect(decided.code, decided.stdout).toBe(0);
    expect(decided.summary).toContain("Nothing was submitted; the next run acts on them.");
    const after = await w.mergeFlash();
    expect(after.code, after.stdout).toBe(0);
    expect(after.stdout).toContain("following 1 run(s) an earlier attempt started");
    onceEach(w);
  });

  it("two concurrent runs for one key: the second waits for the lock, then does only what is left", async () => {
    const w = await world({ runDurationMs: 90_000 });
    // The second starts while the first holds the lock, on its own clock (its waits last real time).
    const [one, two] = await secondWhileFirstSubmits(
      w.sim,
      () => w.mergeFlash(),
      () => w.mergeFlash({ "timeout-minutes": "600" }, undefined, new PacedClock(w.clock.now())),
    );
    expect([one.code, two.code], one.stdout + two.stdout).toEqual([0, 0]);
    expect(one.stdout + two.stdout).toMatch(/is locked by github run .*; waiting for it/);
    expect([...one.rows, ...two.rows].map((x) => x.code ?? x.status).sort()).toEqual([
      "succeeded",
      "succeeded",
      "succeeded-earlier",
      "succeeded-earlier",
    ]);
    onceEach(w);
  });

  it("state that cannot be read, written or found: nothing submitted, failure-reason state-unavailable", async () => {
    const w = await world();
    const before = w.sim.state.accepted.length;
    const expectRefused = async (run: Awaited<ReturnType<typeof w.mergeFlash>>, says: string) => {
      expect(run.code).toBe(1);
      expect(run.outputs["failure-reason"]).toBe("state-unavailable");
      expect(run.stdout).toContain(says);
      expect(w.sim.state.accepted).toHaveLength(before);
    };
    w.gh.gitReadStatus = 500;
    await expectRefused(await w.mergeFlash(), "GitHub could not be reached; nothing was submitted");
    w.gh.gitReadStatus = undefined;
    w.gh.protectedBranch = "aep-activation-state";
    await expectRefused(await w.mergeFlash(), "Exempt that branch");
    w.gh.protectedBranch = undefined;
    w.gh.readOnly = true;
    await expectRefused(await w.mergeFlash(), "contents: write");
    w.gh.readOnly = false;
    // Another step key has no state yet: a push never creates one, even with init. (The key's `%40`
    // is written `%2540` in the ::error:: command, as @actions/core escapes it; the runner shows %40.)
    await expectRefused(
      await w.mergeFlash({ "step-key": "eu", init: "true" }),
      "there is no activation state for ORG%2540AdobeOrg/prod/eu",
    );
    expect(w.gh.violations).toEqual([]);
  });

  it("two orgs, each with a prod sandbox, keep separate state", async () => {
    const w = await world();
    const first = await w.mergeFlash();
    expect(first.code, first.stdout).toBe(0);
    const other = await w.step("workflow_dispatch", workflowDispatchEvent(), w.flash, {
      "org-id": "ORG2@AdobeOrg",
      init: "true",
    });
    expect(other.code, other.stdout).toBe(0);
    const dirs = new Set([...w.gh.branchFiles().keys()].filter((p) => p.endsWith("state.json")));
    expect([...dirs].sort()).toEqual([
      "ORG%40AdobeOrg/%/default/state.json", // the step's reconcile pointer (its sandbox is empty)
      "ORG%40AdobeOrg/prod/default/state.json",
      "ORG2%40AdobeOrg/prod/default/state.json",
    ]);
    expect(JSON.parse(other.outputs.result!).every((x: Row) => x.status === "succeeded")).toBe(true); // org 2 activated its own
  });
});
