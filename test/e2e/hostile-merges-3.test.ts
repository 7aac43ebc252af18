// A third hostile review of the catch-up (per-merge request keys against the exactly-once machinery).
// Each test was a concrete way a promise broke (written failing against 9428e9c) and now shows the
// fixed behaviour: a catch-up records its start before it submits, and a missed run's rerun does not
// apply again what a catch-up walked.
import { describe, expect, it } from "vitest";
import { planYaml, uuid } from "../helpers/plans.js";
import { pushEvent, workflowDispatchEvent } from "../helpers/payloads.js";
import { failStateWrites, mergePrs, mergesWorld, type Pr } from "../helpers/merges-world.js";
import { runStep } from "../helpers/runner.js";
import { acceptedTwice } from "../helpers/sim.js";

const D = uuid("hm3-d");
const [A1, B0] = ["hm3-a1", "hm3-b0"].map(uuid) as [string, string];

async function world(prs: Pr[]) {
  const w = await mergesWorld("hm3", [uuid("hm3-a0"), A1, B0]);
  const merges = await mergePrs(w, prs);
  const clone = w.r.dir;
  const run = (eventName: string, event: unknown, sha: string, extra = {}, env?: Record<string, string>) =>
    runStep(
      {
        workspace: clone,
        eventName,
        event,
        sha,
        apiUrl: w.gh.url,
        with: { ...w.inputs, ...extra },
        ...(env === undefined ? {} : { env }),
      },
      { clock: w.clock },
    );
  const push = (before: string, after: string, extra = {}, env?: Record<string, string>) =>
    run("push", pushEvent({ before, after }), after, extra, env);
  const manual = (sha: string, plans: string) =>
    run("workflow_dispatch", workflowDispatchEvent({}), sha, { plans });
  const failWritesWhen = (when: () => boolean) => failStateWrites(w.gh, when);
  const pointerState = () =>
    JSON.parse(w.gh.branchFiles().get("ORG%40AdobeOrg/%/default/state.json") ?? "{}") as {
      reconciled?: string;
      starts?: Record<string, { from: string; at: number }>;
    };
  const records = () =>
    [...w.gh.branchFiles()].filter(([p]) => p.endsWith(".csv")).flatMap(([, text]) => text.split("\n"));
  return { ...w, merges, push, manual, failWritesWhen, pointerState, records };
}

const aAndB = (): Pr[] => [
  { number: 41, files: { "activation-plans/a.yaml": planYaml("a", "prod", { [D]: [A1] }) } },
  { number: 42, files: { "activation-plans/b.yaml": planYaml("b", "prod", { [D]: [B0] }) } },
];

describe("hostile 3: per-merge requests and the exactly-once machinery", () => {
  it("B's catch-up run dies after Platform accepted A's pair (nothing recorded after the intents), rerun after max-lateness: A is not reported as 'not applied, send it manually'", async () => {
    const w = await world(aAndB());
    const [ma, mb] = w.merges as [string, string];
    const before = w.sim.state.accepted.length;
    // A's run never happened; B's run catches A up. Once Platform has accepted the pairs, the job
    // is cancelled: nothing it would write after its intents reaches the state (nor the pointer).
    const restore = w.failWritesWhen(() => w.sim.state.accepted.length > before);
    const first = await w.push(ma, mb);
    restore();
    expect(first.code, first.stdout).not.toBe(0);
    expect([w.accepted(A1), w.accepted(B0)]).toEqual([1, 1]);
    // The intent of A's pair is recorded under A's merge commit.
    expect(
      w.records().filter((l) => l.includes(ma) && l.includes(A1) && l.includes(",intent,")),
    ).toHaveLength(1);
    // Monday: the failed run is rerun ("Re-run jobs": its next attempt).
    await w.clock.sleep(2 * 86_400_000 + 60_000);
    const rerun = await w.push(
      ma,
      mb,
      {},
      { GITHUB_RUN_ID: first.env.GITHUB_RUN_ID!, GITHUB_RUN_ATTEMPT: "2" },
    );
    expect(acceptedTwice(w.sim)).toEqual([]);
    // A's pair was submitted by the first attempt and is recorded under A's merge commit, but the
    // rerun judges A as a fresh catch-up of a two-day-old merge: "Not applied ... run this workflow
    // manually", a merge row in needs-attention; a person who does so sends A1 a second time.
    const rows = JSON.parse(rerun.outputs["needs-attention-json"] ?? "[]") as { kind: string; pr?: number }[];
    expect(
      rows.filter((r) => r.kind === "merge" && r.pr === 41),
      rerun.summary,
    ).toEqual([]);
    expect(rerun.summary).not.toMatch(/too-late/);
  });

  it("a catch-up refuses A as too-late; the manual run its summary asks for sends A's pair; A's cancelled push run, rerun as the README says, submits nothing again", async () => {
    const w = await world(aAndB());
    const [ma, mb] = w.merges as [string, string];
    // A's run was cancelled in the concurrency group; B's run comes two days after A landed.
    await w.clock.sleep(2 * 86_400_000);
    const b = await w.push(ma, mb);
    expect(b.outputs["failure-reason"], b.stdout).toBe("too-late");
    expect([w.accepted(A1), w.accepted(B0)]).toEqual([0, 1]);
    // "to send them now, run this workflow manually (workflow_dispatch) on the plans it touches"
    const m = await w.manual(mb, "activation-plans/a.yaml");
    expect(m.code, m.stdout).toBe(0);
    expect(w.accepted(A1)).toBe(1);
    // Someone reruns A's cancelled run (the README: "the missed run, rerun later, submits nothing again").
    await w.push(w.x, ma);
    expect(w.accepted(A1)).toBe(1);
    expect(acceptedTwice(w.sim)).toEqual([]);
  });

  it("B removes A's pair before any run applied A: the catch-up lists it as revoked ('never sent'), then A's missed run, rerun, does not activate it", async () => {
    const w = await world([
      { number: 41, files: { "activation-plans/a.yaml": planYaml("a", "prod", { [D]: [A1] }) } },
      { number: 42, files: { "activation-plans/a.yaml": planYaml("a", "prod", { [D]: [B0] }) } },
    ]);
    const [ma, mb] = w.merges as [string, string];
    const b = await w.push(ma, mb);
    expect(b.code, b.stdout).toBe(0);
    expect(b.summary).toContain("revoked");
    expect([w.accepted(A1), w.accepted(B0)]).toEqual([0, 1]);
    // A's push run, cancelled in the concurrency group while B's waited, is rerun.
    await w.push(w.x, ma);
    expect(w.accepted(A1)).toBe(0);
  });

  it("B re-asks A's pair (a revision bump) before any run applied A: the catch-up sends it once, under B; A's missed run, rerun, does not send A's older request after it", async () => {
    const w = await world([
      { number: 41, files: { "activation-plans/a.yaml": planYaml("a", "prod", { [D]: [A1] }) } },
      {
        number: 42,
        files: { "activation-plans/a.yaml": planYaml("a", "prod", { [D]: [A1] }, "revision: 2") },
      },
    ]);
    const [ma, mb] = w.merges as [string, string];
    const b = await w.push(ma, mb);
    expect(b.code, b.stdout).toBe(0);
    expect(w.accepted(A1)).toBe(1);
    await w.push(w.x, ma);
    expect(acceptedTwice(w.sim)).toEqual([]);
  });
});
