// A run that applies several merges: a merge queue's push, or a push after a merge whose run never
// happened (caught up from the state's last reconciled commit). Each merge's pairs go out only under
// its own PR's review, on a depth-1 clone as the example workflows make, with every action.yml
// default (the reviewed gate on). Each test asserts at the simulator that each pair was accepted
// exactly once.
import { describe, expect, it } from "vitest";
import { statusOfBranch } from "../helpers/cli.js";
import { TestRepo } from "../helpers/git-repo.js";
import { planYaml, uuid } from "../helpers/plans.js";
import { pullRequestEvent, pushEvent, scheduleEvent, workflowDispatchEvent } from "../helpers/payloads.js";
import { mergesWorld } from "../helpers/merges-world.js";
import { acceptedTwice } from "../helpers/sim.js";
import { tempDir } from "../helpers/tmp.js";

const D = uuid("mq-d");
const [A0, A1, B0, A1X] = ["mq-a0", "mq-a1", "mq-b0", "mq-a1x"].map(uuid) as [string, string, string, string];

/**
 * main: X (a warm plan) → merge of PR 41 (adds `a`) → merge of PR 42 (adds `b`), each PR previewed
 * on its own head; `tamper` edits PR 41's plan inside its merge commit (after its review);
 * `aLandedAgoMs` dates PR 41's merge commit that long before now (its committer date).
 */
async function world(tamper = false, aLandedAgoMs?: number) {
  const { gh, clock, sim, r, x, step, setup, accepted } = await mergesWorld("mq", [A0, A1, B0, A1X]);
  // The PR branches (both from X), then main's merge commits, written from Node (no git process).
  const a1 = r
    .write("activation-plans/a.yaml", planYaml("a", "prod", { [D]: [A1] }))
    .commitWith([x], "add a");
  const b1 = r
    .remove("activation-plans/a.yaml")
    .write("activation-plans/b.yaml", planYaml("b", "prod", { [D]: [B0] }))
    .commitWith([x], "add b");
  r.remove("activation-plans/b.yaml");
  r.write("activation-plans/a.yaml", planYaml("a", "prod", { [D]: tamper ? [A1, A1X] : [A1] }));
  const now = Math.floor(Date.now() / 1000);
  const ma = r.moveHead(
    r.commitWith([x, a1], "Merge pull request #41", now - Math.round((aLandedAgoMs ?? 0) / 1000)),
  );
  r.write("activation-plans/b.yaml", planYaml("b", "prod", { [D]: [B0] }));
  const mb = r.moveHead(r.commitWith([ma, b1], "Merge pull request #42", now));
  for (const [pr, head] of [
    [41, a1],
    [42, b1],
  ] as const) {
    const preview = await step(r.dir, "pull_request", pullRequestEvent({ number: pr, base: x, head }), head);
    expect(preview.code, preview.stdout).toBe(0);
  }
  gh.pulls.set(ma, 41);
  gh.pulls.set(mb, 42);
  // The merge run's checkout: actions/checkout's default depth of 1, at the pushed head.
  const clone = tempDir("aep-mq-clone-");
  new TestRepo(clone).git("clone", "-q", "--depth=1", `file://${r.dir}`, ".");
  const push = (before = x, after = mb, extra: Record<string, string> = {}) =>
    step(clone, "push", pushEvent({ before, after }), after, extra);
  /** A manual run (workflow_dispatch) of some plans: how a person sends what a catch-up held back. */
  const manual = (plans: string) =>
    step(clone, "workflow_dispatch", workflowDispatchEvent({}), mb, { plans });
  const recordOf = (audience: string) =>
    [...gh.branchFiles()]
      .filter(([p]) => p.endsWith(".csv"))
      .flatMap(([, text]) => text.split("\n"))
      .find((line) => line.includes(audience)) ?? "";
  /** The PR a pair's record went out under, and whether it is the request of that merge commit. */
  const reviewOf = (audience: string, merge: string) =>
    recordOf(audience).includes(merge) ? recordOf(audience).match(/#(\d+) sha256:/)?.[1] : "another commit";
  const schedule = (sha: string) => step(clone, "schedule", scheduleEvent(), sha);
  return { gh, sim, clock, r, push, schedule, setup, manual, accepted, reviewOf, x, ma, mb };
}

describe("several merges in one run: a merge queue, a missed run", () => {
  it("a merge queue's two reviewed merges in one push, on a depth-1 clone: both applied, each under its own PR's review, once", async () => {
    const w = await world();
    const run = await w.push();
    expect(run.code, run.stdout).toBe(0);
    expect(run.stdout).toContain("git fetch --depth=1 origin");
    expect(run.stdout).toContain("This run walks 2 merge(s)");
    expect(run.stdout).toContain(
      `PR #41, merged as ${w.ma.slice(0, 12)}: matches the preview reviewed on it`,
    );
    expect(run.stdout).toContain(
      `PR #42, merged as ${w.mb.slice(0, 12)}: matches the preview reviewed on it`,
    );
    expect([w.accepted(A0), w.accepted(A1), w.accepted(B0)]).toEqual([0, 1, 1]);
    expect([run.outputs["needs-attention"], run.outputs["needs-attention-json"]]).toEqual(["0", "[]"]);
    // Each pair is the request of its own merge commit, under its own PR's review.
    expect([w.reviewOf(A1, w.ma), w.reviewOf(B0, w.mb)]).toEqual(["41", "42"]);
    // Each PR's comment reports the run, keeping the hash its own preview showed.
    for (const pr of [41, 42]) expect(w.gh.comments.get(pr)?.[0]?.body).toContain("succeeded");
    // The same push again (a rerun): nothing is submitted twice.
    const again = await w.push();
    expect(again.code, again.stdout).toBe(0);
    expect([w.accepted(A1), w.accepted(B0)]).toEqual([1, 1]);
    expect(acceptedTwice(w.sim)).toEqual([]);
    expect(w.gh.violations).toEqual([]);
  });

  it("merge A changed after its review, then merge B: B's pairs applied, A's refused and reported under PR A", async () => {
    const w = await world(true);
    const preview41 = w.gh.comments.get(41)?.[0]?.body;
    const run = await w.push();
    expect(run.code, run.stdout).toBe(1);
    expect(run.outputs["failure-reason"]).toBe("plan-changed");
    expect(run.stdout).toContain(`PR #41, merged as ${w.ma.slice(0, 12)}: not applied (plan-changed)`);
    expect([w.accepted(A1), w.accepted(A1X), w.accepted(B0)]).toEqual([0, 0, 1]);
    expect(w.reviewOf(B0, w.mb)).toBe("42");
    const [first, ...rest] = run.summary.split("\n");
    expect(first).toBe("> [!CAUTION]");
    expect(rest.join("\n")).toMatch(/PR #41 \(`plan-changed`\): The plan derived from the merged commit/);
    expect(run.stdout).toContain("1 merge(s) of this push were not applied: PR #41 (plan-changed)");
    expect(run.outputs["needs-attention"]).toBe("1");
    expect(JSON.parse(run.outputs["needs-attention-json"] ?? "")).toEqual([
      { kind: "merge", pr: 41, commit: w.ma, code: "plan-changed", pairs: 2 },
    ]);
    expect(JSON.parse(run.outputs.result ?? "[]")).toEqual([
      expect.objectContaining({ audience: B0, status: "succeeded" }),
    ]);
    // PR 41 hears it: a note above its reviewed preview (whose marker lines stay), with both plan
    // hashes, the confirm line and the run; PR 42's comment reports the run.
    const told = w.gh.comments.get(41)?.[0]?.body ?? "";
    const [sticky, marker, ...after] = told.split("\n");
    expect([sticky, marker]).toEqual(preview41?.split("\n").slice(0, 2));
    expect(after[1]).toBe(`### ❌ Not applied: merged as \`${w.ma.slice(0, 12)}\``);
    const hashes = told.match(/sha256:[0-9a-f]{64}/g) ?? [];
    expect(new Set(hashes).size).toBeGreaterThanOrEqual(2); // reviewed and merged
    expect(told).toMatch(/run the manual workflow with `confirm: 41 sha256:[0-9a-f]{64}`/);
    expect(told).toContain(`[The run that refused it](${run.env.GITHUB_SERVER_URL}/`);
    expect(told).toContain(preview41?.split("\n").slice(2).join("\n"));
    expect(w.gh.comments.get(42)?.[0]?.body).toContain("succeeded");
    // The rerun replaces the note; it never stacks.
    await w.push();
    const again = w.gh.comments.get(41)?.[0]?.body ?? "";
    expect(again.split("### ❌ Not applied").length).toBe(2);
    expect(acceptedTwice(w.sim)).toEqual([]);
    expect(w.gh.violations).toEqual([]);
  });

  it("merge A's run never happens, then merge B's run: it catches A up, each merge under its own PR's review, once; A's run rerun later submits nothing", async () => {
    const w = await world();
    // The push of A (before X, after A) has no run: cancelled in its concurrency group, or the
    // workflow was disabled. B's push is before A, after B.
    const b = await w.push(w.ma, w.mb);
    expect(b.code, b.stdout).toBe(0);
    expect(b.stdout).toContain(
      `The activation state last reconciled ${w.x.slice(0, 12)}, not this push's base ${w.ma.slice(0, 12)}: a run was missed`,
    );
    expect(b.stdout).toContain(`PR #41, merged as ${w.ma.slice(0, 12)}: matches the preview reviewed on it`);
    expect([w.accepted(A1), w.accepted(B0)]).toEqual([1, 1]);
    expect([w.reviewOf(A1, w.ma), w.reviewOf(B0, w.mb)]).toEqual(["41", "42"]);
    expect(b.stdout).toContain(`Reconciled up to ${w.mb.slice(0, 12)}`);
    // What an operator sees: each pair under its own merge commit and PR review.
    const status = await statusOfBranch(w.gh.branchFiles());
    expect(status.stdout).toContain("2 pair(s): 2 succeeded");
    expect(status.stdout).toMatch(
      new RegExp(`a\\.yaml .*${A1} +${w.ma.slice(0, 12)} +succeeded .*reviewed on PR #41`),
    );
    expect(status.stdout).toMatch(
      new RegExp(`b\\.yaml .*${B0} +${w.mb.slice(0, 12)} +succeeded .*reviewed on PR #42`),
    );
    // A's run, rerun after B's: a later run reconciled it; its pair is recorded, so nothing is sent.
    const a = await w.push(w.x, w.ma);
    expect(a.code, a.stdout).toBe(0);
    expect(a.stdout).toContain(`The catch-up run at ${w.mb.slice(0, 12)} already walked this merge`);
    expect([w.accepted(A1), w.accepted(B0)]).toEqual([1, 1]);
    // The next push applies from B: nothing left to catch up.
    const again = await w.push(w.ma, w.mb);
    expect(again.stdout).not.toContain("a run was missed");
    expect(acceptedTwice(w.sim)).toEqual([]);
    expect(w.gh.violations).toEqual([]);
  });

  it("a reconcile pointer off the head's line (a force push): fails closed, nothing applied, until the setup run restarts it", async () => {
    const w = await world();
    // main was once at Y (reconciled by its push's run), then force-pushed to the history of A and B.
    w.r.git("checkout", "-q", "-b", "elsewhere", w.x);
    const y = w.r.write("README.md", "rewritten\n").commit("rewritten history");
    const moved = await w.push(w.x, y);
    expect(moved.code, moved.stdout).toBe(0);
    const run = await w.push(w.ma, w.mb);
    expect(run.code).toBe(1);
    expect(run.outputs["failure-reason"]).toBe("configuration");
    expect(run.stdout).toContain(
      `last reconciled ${y.slice(0, 12)}, which is not within 100 first-parent commits`,
    );
    expect(w.sim.state.accepted).toHaveLength(0);
    // The setup run on main's tip restarts reconciliation there; the push then applies its own change.
    expect((await w.setup(w.mb)).code).toBe(0);
    const again = await w.push(w.ma, w.mb);
    expect(again.code, again.stdout).toBe(0);
    // A's merge is behind the restart: only B's own change goes out (the message said to check A's).
    expect([w.accepted(A1), w.accepted(B0)]).toEqual([0, 1]);
  });

  it("merge A's run never happens and nothing is merged after it: the 15-minute schedule catches A up once, then has nothing to do", async () => {
    const w = await world();
    const scheduled = await w.schedule(w.ma);
    expect(scheduled.code, scheduled.stdout).toBe(0);
    expect(scheduled.stdout).toContain(
      `The activation state last reconciled ${w.x.slice(0, 12)}: the merges since, up to ${w.ma.slice(0, 12)}, had no run that applied them`,
    );
    expect([w.accepted(A1), w.accepted(B0)]).toEqual([1, 0]);
    expect(w.reviewOf(A1, w.ma)).toBe("41");
    // The next schedule: nothing to catch up, and nothing written to GitHub.
    const writes = w.gh.requests.filter((q) => q.method !== "GET").length;
    const idle = await w.schedule(w.ma);
    expect(idle.code, idle.stdout).toBe(0);
    expect(idle.stdout).toContain(`::notice::Nothing to catch up: ${w.ma.slice(0, 12)} is reconciled.`);
    expect(w.gh.requests.filter((q) => q.method !== "GET").length).toBe(writes);
    // B's push then applies its own merge only.
    const b = await w.push(w.ma, w.mb);
    expect(b.code, b.stdout).toBe(0);
    expect(b.stdout).not.toContain("caught up");
    expect([w.accepted(A1), w.accepted(B0)]).toEqual([1, 1]);
    expect(acceptedTwice(w.sim)).toEqual([]);
    expect(w.gh.violations).toEqual([]);
  });

  it("a missed merge caught up after max-lateness: not sent (too-late, reported under its PR) until a manual run sends it; a bad max-lateness is a configuration error", async () => {
    const w = await world(false, 3 * 86_400_000); // A landed three days ago; its run never happened
    const bad = await w.push(w.ma, w.mb, { "max-lateness": "a while" });
    expect(bad.code).toBe(1);
    expect(bad.outputs["failure-reason"]).toBe("configuration");
    expect(bad.stdout).toContain(
      "input 'max-lateness' must be a duration such as 90m, 24h or 2d (got 'a while')",
    );
    const b = await w.push(w.ma, w.mb);
    expect(b.code, b.stdout).toBe(1);
    expect(b.outputs["failure-reason"]).toBe("too-late");
    expect(b.summary).toMatch(/PR #41 \(`too-late`\): It landed 3 d ago, longer than max-lateness \(24 h\)/);
    expect([w.accepted(A1), w.accepted(B0)]).toEqual([0, 1]); // B, merged now, is in time
    // Reported once: the next scheduled run has nothing to catch up.
    const next = await w.schedule(w.mb);
    expect(next.code, next.stdout).toBe(0);
    expect(next.stdout).toContain("Nothing to catch up");
    // A person's yes: a manual run of A's plan sends it, once.
    const sent = await w.manual("activation-plans/a.yaml");
    expect(sent.code, sent.stdout).toBe(0);
    expect([w.accepted(A1), w.accepted(B0)]).toEqual([1, 1]);
    expect(acceptedTwice(w.sim)).toEqual([]);
  });
});
