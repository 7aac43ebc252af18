// Eleventh hostile review, of 66a3b90 and 32639c9 (superseded from the records, revoked on reruns,
// the whole preview in the summary, in-flight pairs): each test failed on 32639c9, showing one defect
// (a newer request judged by when records were last written), since fixed.
import { describe, expect, it } from "vitest";
import { planYaml, uuid } from "../helpers/plans.js";
import { acceptedTwice } from "../helpers/sim.js";
import { windowsWorld } from "../helpers/windows-world.js";
import { rerunWorld } from "../helpers/merges-world.js";

const P = "hr11";
const D = uuid(`${P}-d`);
const [A1, B1] = [`${P}-a1`, `${P}-b1`].map(uuid) as [string, string];
const MINUTE = 60_000;

type Row = { status: string; code: string; audience: string; reason?: string };
const rowsOf = (run: { outputs: Record<string, string> }) => JSON.parse(run.outputs.result ?? "[]") as Row[];

describe("hostile 11: superseded by an older request written later", () => {
  it("a pending pair's revision is bumped before its window opens: the older pending request expires (superseded), and the newer one still goes out when the window opens", async () => {
    const w = await windowsWorld(P, [A1, B1]);
    const iso = (ms: number) => new Date(ms).toISOString();
    const opens = w.clock.now() + 60 * MINUTE;
    const plan = (rev: string) =>
      planYaml("flash", "prod", { [D]: [A1] }, [`window:`, `  notBefore: ${iso(opens)}`, rev].join("\n"));
    const [a] = await w.mergeAndPush([{ number: 81, files: { "activation-plans/flash.yaml": plan("") } }]);
    expect(a?.code, a?.stdout).toBe(0);
    await w.later(5 * MINUTE);
    const [b] = await w.mergeAndPush([
      { number: 82, files: { "activation-plans/flash.yaml": plan("revision: 2") } },
    ]);
    expect(b?.code, b?.stdout).toBe(0);
    expect(w.accepted(A1)).toBe(0);
    // A scheduled run before the window opens: the older pending request is superseded (expired).
    await w.later(5 * MINUTE);
    const early = await w.schedule();
    expect(early.code, early.stdout).toBe(0);
    expect(w.accepted(A1)).toBe(0);
    // The window opens: the newer request (PR 82's) goes out, once.
    await w.later(55 * MINUTE);
    const open = await w.schedule();
    expect(open.code, open.stdout).toBe(0);
    expect(
      rowsOf(open).map((r) => [r.status, r.code]),
      open.stdout,
    ).toEqual([["succeeded", "succeeded"]]);
    expect(w.accepted(A1), open.summary).toBe(1);
    expect(acceptedTwice(w.sim)).toEqual([]);
  });
});

describe("hostile 11: superseded on a rerun by an older request followed later", () => {
  it("A's run ends with its pair in flight; B bumps the revision and its run meets 429s; A's rerun follows its run to the end; B's rerun still sends B's request", async () => {
    const w = await rerunWorld(`${P}r`, [uuid(`${P}r-a0`), A1, B1]);
    // A's run of A1 takes 10 minutes on Platform; A's job gives up following after 2.
    const state = w.sim.state;
    const accept = state.recordAccepted.bind(state);
    let first = true;
    state.recordAccepted = (run) => {
      if (first && (run as { audience?: string }).audience === A1)
        run.completesAt = w.clock.now() + 10 * MINUTE;
      first = false;
      accept(run);
    };
    const x = w.r.head();
    const ma = await w.merge({
      number: 91,
      files: { "activation-plans/a.yaml": planYaml("a", "prod", { [w.D]: [A1] }) },
    });
    const a = await w.push(x, ma, { "timeout-minutes": "2" });
    expect(w.accepted(A1), a.stdout).toBe(1);
    // B asks for the pair again (revision bump); its run meets 429s.
    const { merged: mb, run: b } = await w.mergeThrottled(92, {
      "activation-plans/a.yaml": planYaml("a", "prod", { [w.D]: [A1] }, "revision: 2"),
    });
    expect(b.code, b.stdout).toBe(1);
    expect(w.accepted(A1), b.stdout).toBe(1);
    await w.clock.sleep(15 * MINUTE);
    // "Re-run failed jobs" on A's run: it follows its run to the end (succeeded), sends nothing.
    const ra = await w.push(x, ma, {}, { GITHUB_RUN_ID: a.env.GITHUB_RUN_ID!, GITHUB_RUN_ATTEMPT: "2" });
    expect(w.accepted(A1), ra.stdout).toBe(1);
    // "Re-run failed jobs" on B's run: B's request (made after A's) goes out now.
    const rb = await w.push(ma, mb, {}, { GITHUB_RUN_ID: b.env.GITHUB_RUN_ID!, GITHUB_RUN_ATTEMPT: "2" });
    expect(
      rowsOf(rb).map((r) => [r.status, r.code]),
      rb.stdout,
    ).toEqual([["succeeded", "succeeded"]]);
    expect(w.accepted(A1), rb.stdout).toBe(2);
  });
});
