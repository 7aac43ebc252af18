// A second hostile review of the catch-up (fe22bc4): each test is a concrete way the promises break
// (a pair the documented recovery never sends, a merge already applied reported as not applied).
// They failed on fe22bc4 and pass since; the needs-attention one moved to hostile-merges.test.ts.
import { describe, expect, it } from "vitest";
import { planYaml, uuid } from "../helpers/plans.js";
import { pushEvent, scheduleEvent, workflowDispatchEvent } from "../helpers/payloads.js";
import { mergePrs, mergesWorld, type Pr } from "../helpers/merges-world.js";
import { acceptedTwice, pairsOf } from "../helpers/sim.js";

const D = uuid("hm2-d");
const [A1, B0, C0] = ["hm2-a1", "hm2-b0", "hm2-c0"].map(uuid) as [string, string, string];

/** As hostile-merges.test.ts's world (X → each PR merged --no-ff, previewed on its head), with the clock. */
async function world(prs: Pr[], opts: { unmapped?: string[] } = {}) {
  const every = [uuid("hm2-a0"), A1, B0, C0].filter((a) => !(opts.unmapped ?? []).includes(a));
  const w = await mergesWorld("hm2", every);
  const { gh, sim, clock, r, x, step, setup, accepted } = w;
  const merges = await mergePrs(w, prs);
  // The full history (the depth-1 walk is merge-queue.test.ts's): fewer git processes per run.
  const clone = r.dir;
  const push = (before: string, after: string, extra = {}) =>
    step(clone, "push", pushEvent({ before, after }), after, extra);
  const schedule = (sha: string, extra = {}) => step(clone, "schedule", scheduleEvent(), sha, extra);
  const manual = (sha: string, plans: string) =>
    step(clone, "workflow_dispatch", workflowDispatchEvent({}), sha, { plans });
  const pointerState = () =>
    JSON.parse(gh.branchFiles().get("ORG%40AdobeOrg/%/default/state.json") ?? "{}") as {
      reconciled?: string;
      starts?: Record<string, { from: string; at: number }>;
    };
  return { gh, sim, clock, r, clone, x, merges, push, schedule, manual, setup, accepted, pointerState };
}

const aAndB = (): Pr[] => [
  { number: 41, files: { "activation-plans/a.yaml": planYaml("a", "prod", { [D]: [A1] }) } },
  { number: 42, files: { "activation-plans/b.yaml": planYaml("b", "prod", { [D]: [B0] }) } },
];

describe("hostile 2: the rerun of a catch-up run", () => {
  it("freeze on B's catch-up run, lifted, C merged and applied, then B's held run rerun as the README says: A's held pair goes out once", async () => {
    const w = await world([
      ...aAndB(),
      { number: 43, files: { "activation-plans/c.yaml": planYaml("c", "prod", { [D]: [C0] }) } },
    ]);
    const [ma, mb, mc] = w.merges as [string, string, string];
    // A's run never happened; B's run catches A up while the freeze is on: A1 and B0 held.
    const frozen = await w.push(ma, mb, { freeze: "true" });
    expect(frozen.code, frozen.stdout).toBe(1);
    expect(frozen.outputs["failure-reason"]).toBe("frozen");
    expect(w.pointerState()).toMatchObject({ reconciled: mb, starts: { [mb]: { from: w.x } } });
    // Freeze lifted; C is merged and its run applies C (its before is the pointer).
    const c = await w.push(mb, mc);
    expect(c.code, c.stdout).toBe(0);
    expect(w.accepted(C0)).toBe(1);
    // "When the freeze is lifted, run the held workflow runs again": B's run is the only held one.
    const rerun = await w.push(ma, mb);
    expect(w.accepted(B0)).toBe(1);
    // A1 was held by this run; its rerun applies ma..mb only (the pointer is "later"), so A1 is
    // never sent, and the green rerun does not mention it.
    expect(w.accepted(A1), rerun.stdout).toBe(1);
    expect(acceptedTwice(w.sim)).toEqual([]);
  });

  it("B's catch-up run fails A's pair at pre-flight; a setup run (init, dry-run) at the tip for a new sandbox; Platform fixed, B's run rerun: A's pair is retried", async () => {
    const w = await world(aAndB(), { unmapped: [A1] });
    const [ma, mb] = w.merges as [string, string];
    const first = await w.push(ma, mb);
    expect(first.code, first.stdout).toBe(1);
    expect([w.accepted(A1), w.accepted(B0)]).toEqual([0, 1]);
    expect(w.pointerState()).toMatchObject({ reconciled: mb, starts: { [mb]: { from: w.x } } });
    // The README's setup run, at main's tip (needed for any new sandbox key): it used to restart
    // reconciliation there, erasing where B's run started.
    w.sim.state.mapAudiences(pairsOf({ [D]: [A1] }));
    const setup = await w.setup(mb);
    expect(setup.code, setup.stdout).toBe(0);
    const rerun = await w.push(ma, mb);
    expect(rerun.code, rerun.stdout).toBe(0);
    expect(w.accepted(A1), rerun.stdout).toBe(1);
  });

  it("a scheduled catch-up run held by the freeze, then B merged and applied, then the held scheduled run rerun: A's held pair goes out once", async () => {
    const w = await world(aAndB());
    const [ma, mb] = w.merges as [string, string];
    // A's push run never happened; the scheduled run at ma catches it up while the freeze is on.
    const s = await w.schedule(ma, { freeze: "true" });
    expect(s.code, s.stdout).toBe(1);
    expect(s.outputs["failure-reason"]).toBe("frozen");
    expect(w.accepted(A1)).toBe(0);
    // Freeze lifted, B is merged: its run applies B only (its before, ma, is the pointer).
    const b = await w.push(ma, mb);
    expect(b.code, b.stdout).toBe(0);
    expect(w.accepted(B0)).toBe(1);
    const rerun = await w.schedule(ma);
    expect(w.accepted(A1), rerun.stdout).toBe(1);
  });

  it("B's catch-up run, rerun two days later (after fixing A's pre-flight): B's pair, sent by the first attempt, is not reported as a merge not applied", async () => {
    const w = await world(aAndB(), { unmapped: [A1] });
    const [ma, mb] = w.merges as [string, string];
    const first = await w.push(ma, mb);
    expect(first.code, first.stdout).toBe(1);
    expect([w.accepted(A1), w.accepted(B0)]).toEqual([0, 1]);
    // A weekend later, someone maps A's audience and reruns the failed run, as the README says.
    await w.clock.sleep(2 * 86_400_000 + 60_000);
    w.sim.state.mapAudiences(pairsOf({ [D]: [A1] }));
    const rerun = await w.push(ma, mb);
    // The rerun re-walks from X with lateness on: B (this run's own merge, already applied) is
    // refused as too-late, its "pairs were not submitted", and a person is told to send them manually.
    const rows = JSON.parse(rerun.outputs["needs-attention-json"] ?? "[]") as { kind: string; pr?: number }[];
    expect(rows.filter((r) => r.kind === "merge" && r.pr === 42)).toEqual([]);
    expect(rerun.summary).not.toMatch(/PR #42 \(`too-late`\)/);
  });

  it("require-reviewed-plan false while A's run is missed, then turned on: A's pair is sent, or reported, by some run", async () => {
    const w = await world(aAndB());
    const [ma, mb] = w.merges as [string, string];
    // B's run, with the gate off, applies its own push (ma..mb) and moves the pointer past A.
    const b = await w.push(ma, mb, { "require-reviewed-plan": "false" });
    expect(b.code, b.stdout).toBe(0);
    expect(w.accepted(B0)).toBe(1);
    const said = () => JSON.stringify(b.outputs) + b.summary;
    // Nothing in B's run says A's pair was not sent (no record, no summary line, no attention row).
    const reported = said().includes(A1);
    // The gate is turned on again; the next scheduled run finds nothing to catch up.
    const s = await w.schedule(mb);
    expect(s.code, s.stdout).toBe(0);
    expect(w.accepted(A1) === 1 || reported || s.summary.includes(A1), s.stdout).toBe(true);
  });
});
