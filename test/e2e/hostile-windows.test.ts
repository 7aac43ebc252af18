// A hostile review of "Windows that open later" (d7fc01f). Each test is a concrete way a promise
// broke: they failed on d7fc01f and pass since. Same harness as
// test/e2e/windows.test.ts: every run is the Action in-process on a fresh depth-1 clone at its
// commit, against the simulator and the GitHub stand-in on one virtual clock.
import { describe, expect, it } from "vitest";
import { planYaml, uuid } from "../helpers/plans.js";
import { failStateWrites, mergePrs } from "../helpers/merges-world.js";
import { acceptedTwice } from "../helpers/sim.js";
import { attentionOf, windowsWorld } from "../helpers/windows-world.js";

const D = uuid("hwin-d");
const [A1, B1] = ["hwin-a1", "hwin-b1"].map(uuid) as [string, string];
const MINUTE = 60_000;

async function world() {
  const w = await windowsWorld("hwin", [A1, B1]);
  const failWritesWhen = (when: () => boolean) => failStateWrites(w.gh, when);
  return { ...w, failWritesWhen };
}

const attention = attentionOf;

describe("hostile: windows that open later", () => {
  it("a scheduled run with dry-run: true sends nothing (it sent a due pending pair for real)", async () => {
    // Promise: a dry run only reads Platform. reconcilePending calls runApplier(ctx, outcome, false, …)
    // and never looks at settings.dryRun, so a dry-run scheduled run activates the pending pair and
    // writes the state (the pair is then 'succeeded' and never sent by the real schedule).
    const w = await world();
    await w.mergeAndPush([
      { number: 61, files: { "activation-plans/dry.yaml": w.windowed("dry", [A1], MINUTE) } },
    ]);
    await w.later(3 * MINUTE);
    const dry = await w.schedule({ "dry-run": "true" });
    expect(dry.code, dry.stdout).toBe(0);
    expect(w.accepted(A1)).toBe(0);
    // The real scheduled run then sends it, once.
    const real = await w.schedule();
    expect(real.code, real.stdout).toBe(0);
    expect(w.accepted(A1)).toBe(1);
  });

  it("an unreviewed direct push that moves a pending plan's window earlier: the pair is not sent before the reviewed window", async () => {
    // Promise: apply only what was reviewed. PR 62's review covers the pending pair *and when its
    // window opens* (10 min). A direct push (no PR) moves notBefore to 1 min: its own run sees no new
    // pair and moves the pointer past it, so the scheduled run is idle and judgePending
    // reads the window from the unreviewed head: it sends PR 62's pair 8 minutes early, "reviewed on
    // PR #62".
    const w = await world();
    const plan = w.windowed("early", [A1], 10 * MINUTE);
    await w.mergeAndPush([{ number: 62, files: { "activation-plans/early.yaml": plan } }]);
    const moved = plan.replace(
      /notBefore: .*/,
      `notBefore: ${new Date(w.clock.now() + MINUTE).toISOString()}`,
    );
    // A window-only edit is "unchanged" (no new pairs): the direct push is not even gated, it says
    // "Nothing to activate" and moves the pointer past itself.
    const { run } = await w.directPush({ "activation-plans/early.yaml": moved });
    expect(run.code, run.stdout).toBe(0);
    await w.later(2 * MINUTE);
    const s = await w.schedule();
    expect(s.code, s.stdout).toBe(0);
    // The reviewed window has not opened: nothing may go out yet.
    expect(w.accepted(A1)).toBe(0);
  });

  it("a pending plan deleted by a reviewed PR is cancelled even when another plan with an open window asks for the pair", async () => {
    // Promise: apply only what was reviewed / "cancels one whose plan no longer asks for it". planOf
    // falls back to *any* plan at the head with a notBefore asking for the pair (meant for renames),
    // so the deleted plan's pending request is judged by plan 'always''s window (open for an hour)
    // and sent again under PR 64's review, although PR 65 (reviewed) deleted it. The summary calls it
    // "sent now, … after its window opened" — a window PR 64 never had.
    const w = await world();
    const iso = (ms: number) => new Date(ms).toISOString();
    const always = planYaml(
      "always",
      "prod",
      { [D]: [A1] },
      `window:\n  notBefore: ${iso(w.clock.now() - 60 * MINUTE)}`,
    );
    const [first] = await w.mergeAndPush([{ number: 63, files: { "activation-plans/always.yaml": always } }]);
    expect(first?.code, first?.stdout).toBe(0);
    expect(w.accepted(A1)).toBe(1);
    await w.later(MINUTE);
    const runs = await w.mergeAndPush([
      { number: 64, files: { "activation-plans/flash.yaml": w.windowed("flash", [A1], 2 * MINUTE) } },
      { number: 65, files: { "activation-plans/flash.yaml": null } },
    ]);
    for (const r of runs) expect(r.code, r.stdout).toBe(0);
    await w.later(3 * MINUTE);
    const s = await w.schedule();
    expect(s.code, s.stdout).toBe(0);
    expect(w.accepted(A1)).toBe(1);
    expect(s.summary).toContain("cancelled: its plan no longer asks for it");
  });

  it("the merge run told to 'run this workflow run again' after the state could not be written: its rerun after the window opened does not lose the pair as 'plan-changed'", async () => {
    // Promise: never lose a requested pair (and say truly why). The merge run fails closed while
    // recording the pending pair ("Nothing was submitted; run this workflow run again"). Its rerun a
    // few minutes later, after the window opened, derives jobs instead of pending pairs, so the plan
    // hash no longer matches PR 66's review: refused as 'plan-changed' ("the base moved or another
    // change touched the same plans" — false), the pointer moves past the merge, nothing is pending,
    // and no run ever sends the reviewed pair.
    const w = await world();
    const x = w.r.head();
    const [merge] = await mergePrs(w, [
      { number: 66, files: { "activation-plans/retry.yaml": w.windowed("retry", [A1], MINUTE) } },
    ]);
    const restore = w.failWritesWhen(() => true);
    const first = await w.push(x, merge!);
    restore();
    expect(first.code, first.stdout).toBe(1);
    expect(first.outputs["failure-reason"]).toBe("state-unavailable");
    await w.later(3 * MINUTE);
    const rerun = await w.push(x, merge!);
    const s = await w.schedule();
    expect(s.code, s.stdout).toBe(0);
    expect(rerun.outputs["failure-reason"]).not.toBe("plan-changed");
    // Sent by the rerun or by the scheduled run: once.
    expect(w.accepted(A1)).toBe(1);
    expect(acceptedTwice(w.sim)).toEqual([]);
  });

  it("a missed merge run caught up by a scheduled run after the window opened: the reviewed pending pair is sent, not refused as 'plan-changed'", async () => {
    // Promise: never lose a requested pair. The preview promised "the first scheduled run after that
    // activates it". The push run never ran (GitHub dropped it); the scheduled run catches the merge
    // up after the window opened, derives a job instead of a pending pair, and refuses it as
    // 'plan-changed' ("the merge changed it after the review" — it did not).
    const w = await world();
    await mergePrs(w, [
      { number: 67, files: { "activation-plans/missed.yaml": w.windowed("missed", [A1], MINUTE) } },
    ]);
    await w.later(3 * MINUTE);
    const s = await w.schedule();
    const again = await w.schedule();
    expect(s.outputs["failure-reason"], s.stdout).not.toBe("plan-changed");
    expect(again.code, again.stdout).toBe(0);
    expect(w.accepted(A1)).toBe(1);
  });
  it("a pending pair held for a person's yes (past max-lateness) is not sent after an unreviewed push moves its window's start", async () => {
    // Promise: never send late without a person's yes. judgePending measures lateness from the head
    // plan's notBefore; a direct push (no PR: a window-only edit is "unchanged", so not even gated)
    // that sets notBefore to a minute ago turns 'needs-confirmation' into 'due', and the next
    // scheduled run sends the pair 25 h late with nobody's yes ("reviewed on PR #68").
    const w = await world();
    const plan = w.windowed("held", [A1], MINUTE);
    await w.mergeAndPush([{ number: 68, files: { "activation-plans/held.yaml": plan } }]);
    await w.later(MINUTE + 25 * 60 * MINUTE);
    const held = await w.schedule();
    expect(held.code, held.stdout).toBe(0);
    expect(attention(held)).toEqual([expect.objectContaining({ code: "needs-confirmation", audience: A1 })]);
    const moved = plan.replace(
      /notBefore: .*/,
      `notBefore: ${new Date(w.clock.now() - MINUTE).toISOString()}`,
    );
    const { run } = await w.directPush({ "activation-plans/held.yaml": moved });
    expect(run.code, run.stdout).toBe(0);
    const s = await w.schedule();
    expect(s.code, s.stdout).toBe(0);
    expect(w.accepted(A1)).toBe(0);
    // Still held, and said so in the summary; needs-attention counts it once, when it was first held
    // (a notification every 15 minutes would be noise).
    expect(s.summary).toContain("needs a person's yes");
    expect(attention(s)).toEqual([]);
  });
  it("an unrelated refused plan with a window in a sandbox that has no state does not stop the scheduled run sending a reviewed pending pair", async () => {
    // Promise: never lose a requested pair; fail closed only on what the run needs. reconcilePending
    // opens the state of every sandbox of *any* head plan with a notBefore, all together. A direct
    // push (refused as not-reviewed; the pointer moves past it) adds a windowed plan in sandbox
    // 'dev', which has no activation state: every idle scheduled run now fails state-unavailable,
    // and PR 70's reviewed pending pair in 'prod' is never sent (it runs into max-lateness, then its
    // window closes). Before this change those scheduled runs were green.
    const w = await world();
    await w.mergeAndPush([
      { number: 70, files: { "activation-plans/prod.yaml": w.windowed("prodflash", [A1], 2 * MINUTE) } },
    ]);
    const iso = new Date(w.clock.now() + 60 * MINUTE).toISOString();
    const dev = planYaml("devflash", "dev", { [D]: [B1] }, `window:\n  notBefore: ${iso}`);
    const { run } = await w.directPush({ "activation-plans/dev.yaml": dev });
    expect(run.code, run.stdout).toBe(1);
    expect(run.outputs["failure-reason"]).toBe("not-reviewed");
    await w.later(3 * MINUTE);
    const s = await w.schedule();
    expect(s.code, s.stdout).toBe(0);
    expect(w.accepted(A1)).toBe(1);
    expect(w.accepted(B1)).toBe(0);
  });
});
