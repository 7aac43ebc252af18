// From a hostile review of issue 16 (merge queue, missed runs caught up from the reconcile pointer):
// each test was a concrete way a pair was lost (the pointer passed a merge whose pairs had neither a
// record nor a report) or the run crashed, and now shows the fixed behaviour. Same harness as
// merge-queue.test.ts, on the full history (the depth-1 walk is merge-queue.test.ts's): every
// action.yml default, the GitHub stand-in and the simulator.
import { describe, expect, it } from "vitest";
import { planYaml, uuid } from "../helpers/plans.js";
import { pushEvent } from "../helpers/payloads.js";
import { mergePrs, mergesWorld, type Pr } from "../helpers/merges-world.js";
import { acceptedTwice, pairsOf } from "../helpers/sim.js";

const D = uuid("hm-d");
const [A0, A1, B0, C0] = ["hm-a0", "hm-a1", "hm-b0", "hm-c0"].map(uuid) as [string, string, string, string];

/** One PR: the files it writes (null deletes), merged in order onto main with --no-ff. */
/**
 * main: X (a warm plan) → the merge of each PR in order; every PR previewed on its own head against
 * the main it branched from (each branches from the previous merge, so later PRs may edit earlier
 * PRs' plans). `unmapped`: audiences Platform has no dataflow for (their pre-flight fails).
 */
async function world(prs: Pr[], opts: { unmapped?: string[] } = {}) {
  const every = [A0, A1, B0, C0].filter((a) => !(opts.unmapped ?? []).includes(a));
  const w = await mergesWorld("hm", every);
  const { gh, sim, r, x, inputs, step, setup, accepted } = w;
  const merges = await mergePrs(w, prs);
  // The full history (the depth-1 walk is merge-queue.test.ts's): fewer git processes per run.
  const clone = r.dir;
  /** The push run of before → after (a rerun is the same push run again). */
  const push = (before: string, after: string, extra = {}) =>
    step(clone, "push", pushEvent({ before, after }), after, extra);
  const pointer = () =>
    (
      JSON.parse(gh.branchFiles().get("ORG%40AdobeOrg/%/default/state.json") ?? "{}") as {
        reconciled?: string;
      }
    ).reconciled;
  const records = () =>
    [...gh.branchFiles()].filter(([p]) => p.endsWith(".csv")).flatMap(([, text]) => text.split("\n"));
  return { gh, sim, r, clone, x, merges, push, setup, accepted, pointer, records, step, inputs };
}

describe("hostile: catching up missed merge runs", () => {
  it("freeze during a catch-up run, lifted, the held run rerun as the README says: it applies from the same start, and the missed merge's pair goes out once", async () => {
    const w = await world([
      { number: 41, files: { "activation-plans/a.yaml": planYaml("a", "prod", { [D]: [A1] }) } },
      { number: 42, files: { "activation-plans/b.yaml": planYaml("b", "prod", { [D]: [B0] }) } },
    ]);
    const [ma, mb] = w.merges as [string, string];
    // A's run never happened; B's run catches A up while the freeze is on: both pairs held.
    const frozen = await w.push(ma, mb, { freeze: "true" });
    expect(frozen.code, frozen.stdout).toBe(1);
    expect(frozen.outputs["failure-reason"]).toBe("frozen");
    expect(frozen.stdout).toContain("a run was missed");
    expect([w.accepted(A1), w.accepted(B0)]).toEqual([0, 0]);
    // "When the freeze is lifted, run the held workflow runs again (Re-run jobs): the activation
    // state submits what they held, once." B's run is the only held run (A's never existed).
    const rerun = await w.push(ma, mb);
    expect(rerun.code, rerun.stdout).toBe(0);
    expect(w.accepted(B0)).toBe(1);
    // A's pair, held by that run, goes out with its rerun (which applies from where the run started).
    expect(w.accepted(A1)).toBe(1);
    expect(rerun.stdout).toContain("it applies from there again");
  });

  it("a catch-up run whose pre-flight fails for the missed merge's pair, fixed in Platform, the run rerun: that pair is retried, once", async () => {
    const w = await world(
      [
        { number: 41, files: { "activation-plans/a.yaml": planYaml("a", "prod", { [D]: [A1] }) } },
        { number: 42, files: { "activation-plans/b.yaml": planYaml("b", "prod", { [D]: [B0] }) } },
      ],
      { unmapped: [A1] },
    );
    const [ma, mb] = w.merges as [string, string];
    const first = await w.push(ma, mb);
    expect(first.code, first.stdout).toBe(1);
    expect(first.stdout).toContain("a run was missed");
    expect([w.accepted(A1), w.accepted(B0)]).toEqual([0, 1]);
    expect(first.outputs["needs-attention"]).toBe("1");
    expect(JSON.parse(first.outputs["needs-attention-json"] ?? "")).toEqual([
      expect.objectContaining({ kind: "pair", plan: "a", audience: A1, status: "not-submitted" }),
    ]);
    // The pointer moved past A although A's pair failed (its run's rerun applies from X again).
    expect(w.pointer()).toBe(mb);
    // Someone maps the audience in Platform and reruns the failed run.
    w.sim.state.mapAudiences(pairsOf({ [D]: [A1] }));
    const rerun = await w.push(ma, mb);
    expect(rerun.code, rerun.stdout).toBe(0);
    expect(w.accepted(A1)).toBe(1);
  });

  it("A adds a plan, B deletes it, A's run is missed: B's run sends nothing, and says A's pair was revoked", async () => {
    const w = await world([
      { number: 41, files: { "activation-plans/a.yaml": planYaml("a", "prod", { [D]: [A1] }) } },
      { number: 42, files: { "activation-plans/a.yaml": null } },
    ]);
    const [ma, mb] = w.merges as [string, string];
    const run = await w.push(ma, mb);
    expect(run.code, run.stdout).toBe(0);
    expect(w.pointer()).toBe(mb);
    expect(w.accepted(A1)).toBe(0);
    expect(w.records().some((l) => l.includes(A1))).toBe(false);
    // PR 41's reviewed pair is not submitted, and the summary says why.
    expect(run.stdout).toContain("Nothing to activate");
    expect(run.summary).toContain("removed by a later one (revoked)");
    expect(run.summary + run.stdout).toMatch(new RegExp(`${A1}|#41`));
  });

  it("B deletes the plan A added (and adds its own), A's run is missed: A's pair is never sent, and the summary says it was revoked", async () => {
    const w = await world([
      { number: 41, files: { "activation-plans/a.yaml": planYaml("a", "prod", { [D]: [A1] }) } },
      {
        number: 42,
        files: {
          "activation-plans/a.yaml": null,
          "activation-plans/b.yaml": planYaml("b", "prod", { [D]: [B0] }),
        },
      },
    ]);
    const [ma, mb] = w.merges as [string, string];
    const run = await w.push(ma, mb);
    expect(run.code, run.stdout).toBe(0);
    expect(w.accepted(A1)).toBe(0);
    expect(w.pointer()).toBe(mb);
    // Every pair ends succeeded, failed with a reason or not submitted with a reason: A's is only in the log.
    const result = JSON.parse(run.outputs.result ?? "[]") as { audience: string }[];
    expect(run.summary.includes(A1) || result.some((p) => p.audience === A1)).toBe(true);
  });

  it("A's run is missed, then a setup run (init: true, dry-run: true; needed for any new sandbox key) on main's tip: the pointer stays, and B's push catches A up", async () => {
    const w = await world([
      { number: 41, files: { "activation-plans/a.yaml": planYaml("a", "prod", { [D]: [A1] }) } },
      { number: 42, files: { "activation-plans/b.yaml": planYaml("b", "prod", { [D]: [B0] }) } },
    ]);
    const [ma, mb] = w.merges as [string, string];
    // The pointer is still at X, on main's line, with A not reconciled; the setup run leaves it there.
    expect(w.pointer()).toBe(w.x);
    const setup = await w.setup(mb);
    expect(setup.code, setup.stdout).toBe(0);
    expect(setup.stdout).toContain(`Reconciliation continues from ${w.x.slice(0, 12)}`);
    expect(w.pointer()).toBe(w.x);
    const run = await w.push(ma, mb);
    expect(run.code, run.stdout).toBe(0);
    expect(w.accepted(B0)).toBe(1);
    expect(w.accepted(A1)).toBe(1);
  });

  it("the missed run of A, rerun after B's catch-up, leaves the reconcile pointer at B (never backwards)", async () => {
    const w = await world([
      { number: 41, files: { "activation-plans/a.yaml": planYaml("a", "prod", { [D]: [A1] }) } },
      { number: 42, files: { "activation-plans/b.yaml": planYaml("b", "prod", { [D]: [B0] }) } },
    ]);
    const [ma, mb] = w.merges as [string, string];
    expect((await w.push(ma, mb)).code).toBe(0);
    expect(w.pointer()).toBe(mb);
    const a = await w.push(w.x, ma);
    expect(a.code, a.stdout).toBe(0);
    expect(a.stdout).toContain("already walked this merge");
    expect([w.accepted(A1), w.accepted(B0)]).toEqual([1, 1]);
    expect(w.pointer()).toBe(mb);
    expect(acceptedTwice(w.sim)).toEqual([]);
  });
});

describe("hostile: a push of several merges that each ask for nothing", () => {
  it("A adds a plan whose window has closed, B reopens the window (no revision bump): the whole push asks for A's pair, no merge does: nothing sent, and the summary says so", async () => {
    const closed = "window:\n  notAfter: 2001-01-01T00:00:00Z";
    const open = "window:\n  notAfter: 2999-01-01T00:00:00Z";
    const w = await world([
      { number: 41, files: { "activation-plans/a.yaml": planYaml("a", "prod", { [D]: [A1] }, closed) } },
      { number: 42, files: { "activation-plans/a.yaml": planYaml("a", "prod", { [D]: [A1] }, open) } },
    ]);
    const [ma, mb] = w.merges as [string, string];
    // A's run is missed (or both merges come in one merge-queue push: the same walk).
    const run = await w.push(ma, mb);
    // It was "::error::Unexpected error: refuse needs a refusal". No merge's review covers sending
    // A1 (A's preview held it back, B's asked for nothing): it is not sent, and the summary says so.
    expect(run.code, run.stdout).toBe(0);
    expect(run.stdout).not.toContain("Unexpected error");
    // A pair only a manual run sends needs a person: the notification step's `if:` sees it.
    expect(run.outputs["needs-attention"]).toBe("1");
    expect(run.summary).toContain("no merge asks for it on its own");
    expect(w.accepted(A1)).toBe(0);
  });
});
