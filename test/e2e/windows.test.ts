// Windows that open later (issue 16, item 3): a reviewed merge whose plan's window has not opened
// records its pairs as pending; a `schedule` run sends them once the window is open, reporting how
// late, and expires, cancels or holds for a person's yes what can no longer go out on its own. Every
// run is the Action in-process through the runner-faithful harness with every action.yml default
// (the reviewed gate on), each on a fresh depth-1 clone at its commit as actions/checkout makes it,
// against the simulator and the GitHub stand-in on one virtual clock. Each test asserts at the
// simulator how many times each pair was accepted.
import { describe, expect, it } from "vitest";
import { planYaml, uuid } from "../helpers/plans.js";
import { acceptedTwice } from "../helpers/sim.js";
import { attentionOf, windowsWorld } from "../helpers/windows-world.js";

const D = uuid("win-d");
const [A1, B1] = ["win-a1", "win-b1"].map(uuid) as [string, string];
const MINUTE = 60_000;

/** `mapped`: the audiences mapped (a year ago) to the destination; the others are not. */
const world = (mapped = [A1, B1]) => windowsWorld("win", mapped);

const attention = attentionOf;

describe("windows that open later", () => {
  it("a plan whose window opens in a minute: pending after its merge run, sent by the first scheduled run after it opens with its lateness, and once only", async () => {
    const w = await world();
    const [merged] = await w.mergeAndPush([
      { number: 51, files: { "activation-plans/flash.yaml": w.windowed("flash", [A1], MINUTE) } },
    ]);
    const mergeCommit = w.r.head();
    expect(merged?.code, merged?.stdout).toBe(0);
    expect(merged?.stdout).toContain("1 pair(s) wait for their plan's window: 1 newly recorded as pending");
    expect(merged?.summary).toMatch(/\| pending \| 1 later \| pending: its window opens /);
    expect(w.accepted(A1)).toBe(0);
    // Before the window: the scheduled run lists it as pending, sends nothing, and passes.
    const early = await w.schedule();
    expect(early.code, early.stdout).toBe(0);
    expect(early.summary).toMatch(/pending: its window opens .* \(in 1 min\)/);
    expect(w.accepted(A1)).toBe(0);
    // GitHub starts the scheduled run 3 minutes after the window opened.
    await w.later(4 * MINUTE);
    const open = await w.schedule();
    expect(open.code, open.stdout).toBe(0);
    expect(w.accepted(A1)).toBe(1);
    expect(open.summary).toContain("sent now, 3 min after its window opened (reviewed on PR #51)");
    expect(open.outputs["needs-attention"]).toBe("0");
    // The record is the merge's request, under PR 51's review.
    const rows = [...w.gh.branchFiles()]
      .filter(([p]) => p.endsWith(".csv"))
      .map(([, t]) => t)
      .join("");
    expect(rows).toMatch(
      new RegExp(`${mergeCommit},activation-plans/flash.yaml,${D},${A1},succeeded,.*#51 sha256:`),
    );
    const again = await w.schedule();
    expect(again.code, again.stdout).toBe(0);
    expect(w.accepted(A1)).toBe(1);
    expect(acceptedTwice(w.sim)).toEqual([]);
    // A scheduled run with nothing to do: a few reads of the state branch (pointer and one sandbox
    // at one tip: their commit and tree are read once), no writes; its log says so.
    const [count, reads, writes] = /GitHub requests: (\d+) \((\d+) reads, (\d+) writes\)/
      .exec(again.stdout)
      ?.slice(1)
      .map(Number) ?? [NaN, NaN, NaN];
    expect([count, writes]).toEqual([reads, 0]);
    expect(count).toBeLessThanOrEqual(5); // issue 18: an idle scheduled run costs at most 5
  });

  it("a window that closes while pending: expired, never sent, listed once as needing attention", async () => {
    const w = await world();
    await w.mergeAndPush([
      { number: 52, files: { "activation-plans/brief.yaml": w.windowed("brief", [A1], MINUTE, MINUTE) } },
    ]);
    // Scheduled runs were not started (GitHub dropped them) until the window had closed.
    await w.later(5 * MINUTE);
    const run = await w.schedule();
    expect(run.code, run.stdout).toBe(0);
    expect(run.summary).toContain("expired: its window closed before a run could send it; never sent");
    expect(attention(run)).toEqual([expect.objectContaining({ code: "window-closed", audience: A1 })]);
    expect(run.stdout).toContain("::warning::");
    const next = await w.schedule();
    expect(next.code, next.stdout).toBe(0);
    expect(attention(next)).toEqual([]);
    expect(w.accepted(A1)).toBe(0);
  });

  it("a pending pair whose window opened longer than max-lateness ago: not sent until a person's manual run, then never again", async () => {
    const w = await world();
    await w.mergeAndPush([
      { number: 53, files: { "activation-plans/late.yaml": w.windowed("late", [A1], MINUTE) } },
    ]);
    // The scheduled workflow was disabled for a day and a bit.
    await w.later(MINUTE + 25 * 60 * MINUTE);
    const run = await w.schedule();
    expect(run.code, run.stdout).toBe(0);
    expect(run.summary).toContain(
      "needs a person's yes: its window opened 25 h ago, longer than max-lateness (24 h)",
    );
    expect(attention(run)).toEqual([expect.objectContaining({ code: "needs-confirmation", audience: A1 })]);
    expect(w.accepted(A1)).toBe(0);
    // The person's yes: a manual run of the plan.
    const yes = await w.manual("activation-plans/late.yaml");
    expect(yes.code, yes.stdout).toBe(0);
    expect(w.accepted(A1)).toBe(1);
    // The manual run at the merge's commit sent that very request: nothing is pending any more.
    const after = await w.schedule();
    expect(after.code, after.stdout).toBe(0);
    expect(after.stdout).toContain("Nothing to catch up");
    expect(attention(after)).toEqual([]);
    expect(w.accepted(A1)).toBe(1);
  });

  it("a pending plan deleted before its window: cancelled, never sent; the freeze holds a due pair until it is lifted", async () => {
    const w = await world();
    await w.mergeAndPush([
      { number: 54, files: { "activation-plans/gone.yaml": w.windowed("gone", [A1], 2 * MINUTE) } },
      { number: 55, files: { "activation-plans/held.yaml": w.windowed("held", [B1], 2 * MINUTE) } },
      { number: 56, files: { "activation-plans/gone.yaml": null } },
    ]);
    await w.later(3 * MINUTE);
    const frozen = await w.schedule({ freeze: "true" });
    expect(frozen.code, frozen.stdout).toBe(0);
    expect(frozen.summary).toContain(
      "cancelled: its plan no longer asks for it (deleted or removed); never sent",
    );
    expect(frozen.summary).toContain("due, but the freeze is on: it stays pending");
    expect(w.accepted(B1)).toBe(0);
    const lifted = await w.schedule();
    expect(lifted.code, lifted.stdout).toBe(0);
    expect(w.accepted(B1)).toBe(1);
    expect(w.accepted(A1)).toBe(0);
    expect(acceptedTwice(w.sim)).toEqual([]);
  });

  it("a merge changed after its review to move a pending window: refused, nothing recorded as pending", async () => {
    const w = await world();
    const x = w.r.head();
    const plan = w.windowed("moved", [A1], 10 * MINUTE);
    // PR 57 previewed with the window in 10 minutes; merged with it in 1 minute.
    w.r.write("activation-plans/moved.yaml", plan);
    const pr = w.r.commitWith([x], "pr 57");
    const { pullRequestEvent } = await import("../helpers/payloads.js");
    const preview = await w.step(
      w.r.dir,
      "pull_request",
      pullRequestEvent({ number: 57, base: x, head: pr }),
      pr,
    );
    expect(preview.code, preview.stdout).toBe(0);
    w.r.write(
      "activation-plans/moved.yaml",
      plan.replace(/notBefore: .*/, `notBefore: ${new Date(w.clock.now() + MINUTE).toISOString()}`),
    );
    const merge = w.r.moveHead(w.r.commitWith([x, pr], "Merge pull request #57"));
    w.gh.pulls.set(merge, 57);
    const run = await w.push(x, merge);
    expect(run.code, run.stdout).toBe(1);
    expect(run.outputs["failure-reason"]).toBe("plan-changed");
    await w.later(2 * MINUTE);
    const s = await w.schedule();
    expect(s.code, s.stdout).toBe(0);
    expect(w.accepted(A1)).toBe(0);
  });

  it("an unmapped audience on a 15-minute schedule: one failure, no further attempt, later scheduled runs green listing it; mapped and the revision bumped, it goes out once", async () => {
    const w = await world([A1]);
    const [failed] = await w.mergeAndPush([
      { number: 61, files: { "activation-plans/u.yaml": planYaml("u", "prod", { [D]: [B1] }) } },
    ]);
    expect(failed?.code, failed?.stdout).toBe(1);
    expect(failed?.outputs["failure-reason"]).toBe("preflight-failed");
    const platformCalls = w.sim.requests.length;
    for (let i = 0; i < 3; i++) {
      await w.later(15 * MINUTE);
      const s = await w.schedule();
      expect(s.code, s.stdout).toBe(0);
      expect(s.summary).toContain("### Open failures (1)");
      expect(s.summary).toMatch(new RegExp(`${B1}.*\\| \`not-mapped\` \\| .* \\| not retried \\|`));
      expect(s.stdout).not.toContain("Pre-flight"); // no further attempt: nothing is read or sent
      expect(s.outputs["needs-attention"]).toBe("0");
    }
    expect(w.sim.requests.length).toBe(platformCalls); // not one Platform call in 45 minutes
    // Someone maps it in the Platform UI, and a PR bumps the plan's revision.
    w.sim.state.mapAudiences([{ destination: D, audience: B1 }], w.clock.now() - 2 * 60 * MINUTE);
    const [sent] = await w.mergeAndPush([
      {
        number: 62,
        files: { "activation-plans/u.yaml": planYaml("u", "prod", { [D]: [B1] }, "revision: 2") },
      },
    ]);
    expect(sent?.code, sent?.stdout).toBe(0);
    expect(w.accepted(B1)).toBe(1);
    const after = await w.schedule();
    expect(after.code, after.stdout).toBe(0);
    expect(after.summary).not.toContain("Open failures");
    expect(w.accepted(B1)).toBe(1);
    expect(acceptedTwice(w.sim)).toEqual([]);
  });

  it("an audience mapped minutes ago: pending for Adobe's hour (the merge run passes), then sent once by the first scheduled run after it", async () => {
    const w = await world([A1]);
    w.sim.state.mapAudiences([{ destination: D, audience: B1 }], w.clock.now() - 10 * MINUTE);
    const [merged] = await w.mergeAndPush([
      { number: 63, files: { "activation-plans/new.yaml": planYaml("new", "prod", { [D]: [B1] }) } },
    ]);
    expect(merged?.code, merged?.stdout).toBe(0);
    expect(merged?.summary).toContain("Recorded as pending: the first scheduled run (or rerun) after");
    expect(merged?.outputs["needs-attention"]).toBe("0");
    expect(w.accepted(B1)).toBe(0);
    // 25 minutes after the mapping: still inside the hour; tried again, still pending, green.
    await w.later(15 * MINUTE);
    const early = await w.schedule();
    expect(early.code, early.stdout).toBe(0);
    expect(w.accepted(B1)).toBe(0);
    // 70 minutes after the mapping.
    await w.later(45 * MINUTE);
    const sent = await w.schedule();
    expect(sent.code, sent.stdout).toBe(0);
    expect(sent.summary).toContain(
      "sent now: it waited for Adobe's hour after the audience's first activation",
    );
    expect(w.accepted(B1)).toBe(1);
    const again = await w.schedule();
    expect(again.code, again.stdout).toBe(0);
    expect(w.accepted(B1)).toBe(1);
    expect(acceptedTwice(w.sim)).toEqual([]);
  });

  it("a submission throttled (429) past the client's own retries is retried by later scheduled runs, within max-attempts tries in all; then listed as used up, never tried again", async () => {
    const w = await world([A1]);
    const submissions = () =>
      w.sim.requests.filter((r) => r.method === "POST" && r.path.includes("adhocrun")).length;
    // Platform throttles every ad-hoc submission (429, before any processing: nothing was made).
    Object.assign(w.sim.options, { rate429: 1, retryAfterSeconds: 1, faultPaths: /adhocrun/ });
    const [first] = await w.mergeAndPush([
      { number: 81, files: { "activation-plans/r.yaml": planYaml("r", "prod", { [D]: [A1] }) } },
    ]);
    expect(first?.code, first?.stdout).toBe(1);
    const tries = submissions();
    expect(tries).toBeGreaterThan(0);
    await w.later(15 * MINUTE);
    const second = await w.schedule({ "max-attempts": "2" });
    expect(second.code, second.stdout).toBe(1);
    expect(second.outputs["failure-reason"]).toBe("activation-failed");
    expect(second.summary).toContain("retried now: try 2 of 2 (it failed on rejected-429");
    expect(submissions()).toBeGreaterThan(tries);
    const used = submissions();
    await w.later(15 * MINUTE);
    const third = await w.schedule({ "max-attempts": "2" });
    expect(third.code, third.stdout).toBe(0);
    expect(third.summary).toContain("not retried: 2 of 2 tries (max-attempts) used");
    expect(submissions()).toBe(used);
    // With a third try allowed and Platform well again, the next scheduled run sends it, once.
    Object.assign(w.sim.options, { rate429: 0 });
    await w.later(15 * MINUTE);
    const fourth = await w.schedule();
    expect(fourth.code, fourth.stdout).toBe(0);
    expect(fourth.summary).toContain("retried now: try 3 of 3 (it failed on rejected-429");
    expect(w.accepted(A1)).toBe(1);
    const fifth = await w.schedule();
    expect(fifth.code, fifth.stdout).toBe(0);
    expect(fifth.summary).not.toContain("Open failures");
    expect(w.accepted(A1)).toBe(1);
  });
});
