// A hostile review of 13bf29e..45f68f4: Adobe's first-activation hour, retries with limits,
// scheduled runs reading every sandbox, pending pairs judged by their merge's plans, the landed-hash
// acceptance and `status --branch`. Each test is a concrete way a promise broke: they failed on
// 45f68f4 and pass since. Same harness as test/e2e/windows.test.ts.
import { describe, expect, it } from "vitest";
import { planYaml, uuid } from "../helpers/plans.js";
import { pullRequestEvent } from "../helpers/payloads.js";
import { acceptedTwice } from "../helpers/sim.js";
import { attentionOf, windowsWorld } from "../helpers/windows-world.js";
import type { GitHubStandIn } from "../helpers/github-standin.js";

const D = uuid("hret-d");
const [A1, B1] = ["hret-a1", "hret-b1"].map(uuid) as [string, string];
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

const world = (mapped = [A1, B1]) => windowsWorld("hret", mapped);

const STATE = "refs/heads/aep-activation-state";

/** Every successful write (ref update) to the state branch, counted. */
function countStateWrites(gh: GitHubStandIn): () => number {
  let writes = 0;
  const g = gh as unknown as {
    gitRoute: (m: string, rest: string, url: URL, body: unknown) => [number, unknown];
  };
  const original = g.gitRoute.bind(gh);
  g.gitRoute = (m, rest, url, body) => {
    const answer = original(m, rest, url, body);
    if ((m === "PATCH" || m === "POST") && rest.includes("aep-activation-state") && answer[0] < 300) writes++;
    return answer;
  };
  return () => writes;
}

/** A file on the state branch replaced (as a person editing it, or a torn write, leaves it). */
function putStateFile(gh: GitHubStandIn, path: string, text: string): void {
  const g = gh.git;
  const tip = g.refs.get(STATE)!;
  const [, tree] = g.createTree({ base_tree: g.commits.get(tip)!.tree, tree: [{ path, content: text }] }) as [
    number,
    { sha: string },
  ];
  const [, commit] = g.createCommit({ message: "edit", tree: tree.sha, parents: [tip] }) as [
    number,
    { sha: string },
  ];
  g.refs.set(STATE, commit.sha);
}

const throttle = (w: Awaited<ReturnType<typeof world>>, on: boolean) =>
  Object.assign(
    w.sim.options,
    on ? { rate429: 1, retryAfterSeconds: 1, faultPaths: /adhocrun/ } : { rate429: 0 },
  );

describe("hostile: retries, the first-activation hour, scheduled reads", () => {
  it("a throttled pair of a plan whose reviewed window has closed is not retried after it closed", async () => {
    // Promise: apply only what was reviewed (the window is part of the review: "expires one whose
    // window closed first, never sent"). `retries` (src/state/pending.ts) never looks at the window
    // of the plan its merge reviewed: a pair throttled (429) inside its window is retried by the
    // first scheduled run after the window closed, and goes out outside it.
    const w = await world();
    await w.mergeAndPush([
      {
        number: 91,
        files: { "activation-plans/brief.yaml": w.windowed("brief", [A1], MINUTE, 20 * MINUTE) },
      },
    ]);
    await w.later(2 * MINUTE);
    throttle(w, true);
    const inside = await w.schedule();
    expect(inside.code, inside.stdout).toBe(1); // rejected-429, a retryable failure
    expect(w.accepted(A1)).toBe(0);
    throttle(w, false);
    await w.later(40 * MINUTE); // the window closed 20 minutes ago
    const after = await w.schedule();
    expect(w.accepted(A1)).toBe(0);
    expect(after.summary).not.toContain("retried now");
  });

  it("an older throttled request is not revived and sent when the newer request that replaced it expires with its window", async () => {
    // Promise: apply only what was reviewed ("bump the plan's revision: the newer request replaces
    // the older"). PR 92's pair was throttled. PR 93 bumps the revision and gives the plan a window:
    // its request is pending and replaces PR 92's. The window closes before a scheduled run (GitHub
    // dropped them): PR 93's request expires (`window-closed`). openFailures skips expired records
    // when it looks for the latest request of a pair, so PR 92's failure is "open" again and
    // retried: the pair goes out after the window the reviewed replacement asked for had closed.
    const w = await world();
    throttle(w, true);
    const [first] = await w.mergeAndPush([
      { number: 92, files: { "activation-plans/p.yaml": planYaml("p", "prod", { [D]: [A1] }) } },
    ]);
    expect(first?.code, first?.stdout).toBe(1);
    throttle(w, false);
    const iso = (ms: number) => new Date(ms).toISOString();
    const [second] = await w.mergeAndPush([
      {
        number: 93,
        files: {
          "activation-plans/p.yaml": planYaml(
            "p",
            "prod",
            { [D]: [A1] },
            `revision: 2\nwindow:\n  notBefore: ${iso(w.clock.now() + 5 * MINUTE)}\n  notAfter: ${iso(w.clock.now() + 10 * MINUTE)}`,
          ),
        },
      },
    ]);
    expect(second?.code, second?.stdout).toBe(0);
    await w.later(30 * MINUTE);
    const s = await w.schedule();
    expect(s.summary).toContain("expired: its window closed");
    expect(w.accepted(A1)).toBe(0);
    await w.later(15 * MINUTE);
    const next = await w.schedule();
    expect(w.accepted(A1)).toBe(0);
    expect(next.summary).not.toContain("retried now");
  });

  it("a pair waiting for Adobe's first-activation hour is not sent days late without a person's yes", async () => {
    // Promise: never send late without a person's yes (max-lateness). judgePending exempts
    // `first-activation-wait` from max-lateness altogether ("Adobe's hour … is no lateness of the
    // merge's"): when scheduled runs stop (a disabled workflow, as in windows.test.ts) for three
    // days, the first one after sends the merge's pair 3 days late, green, with no one's yes; a
    // windowed pair or a retry in the same spot is held (needs-confirmation / not retried).
    const w = await world([A1]);
    w.sim.state.mapAudiences([{ destination: D, audience: B1 }], w.clock.now() - 10 * MINUTE);
    const [merged] = await w.mergeAndPush([
      { number: 94, files: { "activation-plans/new.yaml": planYaml("new", "prod", { [D]: [B1] }) } },
    ]);
    expect(merged?.code, merged?.stdout).toBe(0);
    expect(w.accepted(B1)).toBe(0);
    await w.later(3 * 24 * HOUR);
    const s = await w.schedule();
    expect(s.code, s.stdout).toBe(0);
    expect(w.accepted(B1)).toBe(0);
    expect(attentionOf(s)).toEqual([expect.objectContaining({ code: "needs-confirmation", audience: B1 })]);
  });

  it("a scheduled run during the freeze writes nothing to the state branch (it locks and rewrites every due sandbox every 15 minutes)", async () => {
    // Promise: a scheduled run with nothing to do writes nothing ("writing nothing when it has
    // nothing to send"). With the freeze on, a due pending pair `acts`, so every scheduled run locks
    // the sandbox (a write), sends nothing, and releases it (another write): two commits on the
    // state branch every 15 minutes for as long as the freeze lasts, and a lock other runs wait on.
    const w = await world();
    await w.mergeAndPush([
      { number: 95, files: { "activation-plans/held.yaml": w.windowed("held", [A1], MINUTE) } },
    ]);
    await w.later(3 * MINUTE);
    const first = await w.schedule({ freeze: "true" });
    expect(first.code, first.stdout).toBe(0);
    const writes = countStateWrites(w.gh);
    for (let i = 0; i < 2; i++) {
      await w.later(15 * MINUTE);
      const s = await w.schedule({ freeze: "true" });
      expect(s.code, s.stdout).toBe(0);
      expect(s.summary).toContain("due, but the freeze is on");
    }
    expect(w.accepted(A1)).toBe(0);
    expect(writes()).toBe(0);
  });

  it("one sandbox's unreadable state does not stop a scheduled run sending another sandbox's reviewed pending pair", async () => {
    // Promise: never lose a requested pair; fail closed only on what the run needs. reconcilePending
    // now reads the state of *every* sandbox the head's plans touch, in one try block: one
    // unreadable state (a hand-edited state.json in 'dev', which holds no pending pair and has
    // nothing to send) makes every scheduled run fail state-unavailable, so PR 96's reviewed
    // pending pair in 'prod' is never sent (it runs into max-lateness, then its window closes).
    // Before 13bf29e only sandboxes with a window or a pending pair were read.
    const w = await world();
    await w.mergeAndPush([
      { number: 96, files: { "activation-plans/prod.yaml": w.windowed("prodflash", [A1], 2 * MINUTE) } },
    ]);
    // A plan in 'dev' (pushed straight to main: refused, the pointer moves past it), and a 'dev'
    // state someone edited by hand.
    const { run } = await w.directPush({
      "activation-plans/dev.yaml": planYaml("devplan", "dev", { [D]: [B1] }),
    });
    expect(run.outputs["failure-reason"], run.stdout).toBe("not-reviewed");
    const prodState = [...w.gh.branchFiles().keys()].find((p) => /\/prod\/default\/state\.json$/.test(p));
    expect(prodState).toBeDefined();
    putStateFile(w.gh, prodState!.replace("/prod/", "/dev/"), "{ not json");
    await w.later(3 * MINUTE);
    const s = await w.schedule();
    expect(w.accepted(A1)).toBe(1);
    expect(acceptedTwice(w.sim)).toEqual([]);
    // It still says what it could not read.
    expect(s.stdout + s.summary).toMatch(/dev/);
  });

  it("a merge whose commit date is in the future cannot hide an added windowed plan from the review through the landed hash", async () => {
    // Promise: apply only what was reviewed. PR 98 was previewed with plan 'ok' (A1). Its merge
    // commit, pushed by hand with a committer date two hours ahead, also adds plan 'extra' (B1) with
    // a window open now and closed within the hour. gateMerge accepts landedHash: the change judged
    // at the merge's (forged) commit time, when 'extra''s window is closed, so its pairs are in
    // neither the jobs nor the pending list and the hash equals the reviewed one. The run then plans
    // with the windows as they are now, and B1 (never reviewed) is activated "reviewed on PR #98".
    const w = await world();
    const x = w.r.head();
    w.r.write("activation-plans/ok.yaml", planYaml("ok", "prod", { [D]: [A1] }));
    const pr = w.r.commitWith([x], "pr 98");
    const preview = await w.step(
      w.r.dir,
      "pull_request",
      pullRequestEvent({ number: 98, base: x, head: pr }),
      pr,
    );
    expect(preview.code, preview.stdout).toBe(0);
    const iso = (ms: number) => new Date(ms).toISOString();
    w.r.write(
      "activation-plans/extra.yaml",
      planYaml(
        "extra",
        "prod",
        { [D]: [B1] },
        `window:\n  notBefore: ${iso(w.clock.now() - MINUTE)}\n  notAfter: ${iso(w.clock.now() + 30 * MINUTE)}`,
      ),
    );
    const future = Math.floor(w.clock.now() / 1000) + 2 * 3600;
    const merge = w.r.moveHead(w.r.commitWith([x, pr], "Merge pull request #98", future));
    w.gh.pulls.set(merge, 98);
    const run = await w.push(x, merge);
    expect(w.accepted(B1)).toBe(0);
    expect(run.outputs["failure-reason"], run.stdout).toBe("plan-changed");
  });

  it("a pending pair two reviewed plans ask for is not cancelled when one of them is deleted: the other still asks", async () => {
    // Promise: never lose a requested pair. One pending record is kept per pair and request, naming
    // the first plan that asked ('a.yaml'). PR 100 deletes plan 'a'; plan 'b' (reviewed in PR 99,
    // same window) still asks for the pair, and PR 100 changes nothing of 'b' so its merge sends
    // nothing. planOf looks only at the recorded plan's name, so the scheduled run cancels the pair
    // ("its plan no longer asks for it": false) and no run ever sends what plan 'b' asks for.
    const w = await world();
    await w.mergeAndPush([
      {
        number: 99,
        files: {
          "activation-plans/a.yaml": w.windowed("a", [A1], 5 * MINUTE),
          "activation-plans/b.yaml": w.windowed("b", [A1], 5 * MINUTE),
        },
      },
    ]);
    const runs = await w.mergeAndPush([{ number: 100, files: { "activation-plans/a.yaml": null } }]);
    for (const r of runs) expect(r.code, r.stdout).toBe(0);
    await w.later(6 * MINUTE);
    const s = await w.schedule();
    expect(s.code, s.stdout).toBe(0);
    expect(s.summary).not.toContain("cancelled: its plan no longer asks for it");
    expect(w.accepted(A1)).toBe(1);
  });

  it("a retried failure of a plan without a window is not reported as 'window opened'", async () => {
    // Promise: summaries do not lie. reconcilePending builds every change it sends, retries
    // included, as change 'window-opened', so the job summary's plan table says the windowless
    // plan's "window opened".
    const w = await world([A1]);
    throttle(w, true);
    const [first] = await w.mergeAndPush([
      { number: 101, files: { "activation-plans/r.yaml": planYaml("r", "prod", { [D]: [A1] }) } },
    ]);
    expect(first?.code, first?.stdout).toBe(1);
    throttle(w, false);
    await w.later(15 * MINUTE);
    const s = await w.schedule();
    expect(s.code, s.stdout).toBe(0);
    expect(w.accepted(A1)).toBe(1);
    expect(s.summary).toContain("retried now");
    expect(s.summary).not.toMatch(/\| window opened \|/);
  });
});
