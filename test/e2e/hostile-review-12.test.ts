// Twelfth hostile review, of a3067c3 (later requests found from the commits on reruns). The
// controls passed; the other two failed on a3067c3, since fixed: a later request was judged by
// committer time (a skewed clock hid it: the pair went out twice), and an older merge in the same
// second was walked to the root of the history, fetched one commit at a time in actions/checkout's
// depth-1 clone.
import { execFileSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { planYaml, uuid } from "../helpers/plans.js";
import { acceptedTwice } from "../helpers/sim.js";
import { expectPreviewed, rerunWorld } from "../helpers/merges-world.js";
import { pullRequestEvent, pushEvent, workflowDispatchEvent } from "../helpers/payloads.js";
import { TestRepo } from "../helpers/git-repo.js";
import { runStep } from "../helpers/runner.js";

const P = "hr12";
const [A1, B1] = [`${P}-a1`, `${P}-b1`].map(uuid) as [string, string];

type Row = { status: string; code: string; audience: string; reason?: string };
const rowsOf = (run: { outputs: Record<string, string> }) => JSON.parse(run.outputs.result ?? "[]") as Row[];

/** Seconds in a commit's committer line. */
const timeOf = (w: { r: { dir: string } }, sha: string) => {
  const out = execFileSync("git", ["-C", w.r.dir, "show", "-s", "--format=%ct", sha]).toString().trim();
  return Number(out);
};
async function scenario(prefix: string, skew: number) {
  const w = await rerunWorld(prefix, [uuid(`${prefix}-a0`), A1, B1]);
  const x = w.r.head();
  // A asks for A1; its run meets 429s (red, A1 failed).
  const { merged: a, run: first } = await w.mergeThrottled(121, {
    "activation-plans/a.yaml": planYaml("a", "prod", { [w.D]: [A1] }),
  });
  expect(first.code, first.stdout).toBe(1);
  expect(w.accepted(A1)).toBe(0);
  await w.clock.sleep(5 * 60_000);
  // B: a later commit on main (its push run not run yet); a manual run at B sends a.yaml in full.
  w.r.write("README.md", "b\n");
  const b = w.r.moveHead(w.r.commitWith([a], "b", timeOf(w, a) + skew));
  const manual = await w.step(w.r.dir, "workflow_dispatch", workflowDispatchEvent({}), b, {
    plans: "activation-plans/a.yaml",
  });
  expect(manual.code, manual.stdout).toBe(0);
  expect(w.accepted(A1), manual.stdout).toBe(1);
  // "Re-run failed jobs" on A's run.
  const rerun = await w.push(x, a, {}, { GITHUB_RUN_ID: first.env.GITHUB_RUN_ID!, GITHUB_RUN_ATTEMPT: "2" });
  return { w, rerun };
}

describe("hostile 12: later requests found by committer time", () => {
  it("control: a later commit's request (committer time after the head's) stands for a rerun's failed pair", async () => {
    const { w, rerun } = await scenario(`${P}c`, 60);
    expect(w.accepted(A1), rerun.stdout).toBe(1);
    expect(acceptedTwice(w.sim)).toEqual([]);
    expect(rowsOf(rerun).map((r) => r.code)).toEqual(["superseded"]);
  });
  it("a later commit whose committer clock ran 2 minutes behind: the rerun sends the pair again", async () => {
    const { w, rerun } = await scenario(`${P}s`, -120);
    expect(w.accepted(A1), rerun.stdout).toBe(1);
    expect(acceptedTwice(w.sim)).toEqual([]);
  });
});

async function shallowScenario(prefix: string, sameSecond: boolean) {
  const w = await rerunWorld(prefix, [uuid(`${prefix}-a0`), A1, B1]);
  const x = w.r.head();
  // 40 commits of history on main (one push, no plan change).
  for (let i = 0; i < 40; i++) w.r.write("notes.md", `${i}\n`).commit(`note ${i}`);
  const y = w.r.head();
  const notes = await w.push(x, y);
  expect(notes.code, notes.stdout).toBe(0);
  // O asks for A1: sent.
  const o = await w.merge({
    number: 131,
    files: { "activation-plans/a.yaml": planYaml("a", "prod", { [w.D]: [A1] }) },
  });
  const ro = await w.push(y, o);
  expect(ro.code, ro.stdout).toBe(0);
  expect(w.accepted(A1)).toBe(1);
  // A asks again (revision bump), merged in the same second as O (a merge queue); its run meets 429s.
  w.r.write("activation-plans/a.yaml", planYaml("a", "prod", { [w.D]: [A1] }, "revision: 2"));
  const prHead = w.r.commitWith([o], "pr 132");
  expectPreviewed(
    await w.step(w.r.dir, "pull_request", pullRequestEvent({ number: 132, base: o, head: prHead }), prHead),
  );
  const a = w.r.moveHead(
    w.r.commitWith([o, prHead], "Merge pull request #132", sameSecond ? timeOf(w, o) : timeOf(w, o) + 30),
  );
  w.gh.pulls.set(a, 132);
  w.throttle(true);
  const first = await w.push(o, a);
  w.throttle(false);
  expect(first.code, first.stdout).toBe(1);
  // "Re-run failed jobs" on A's run, from actions/checkout's depth-1 clone.
  const rerun = await runStep(
    {
      workspace: TestRepo.shallowClone(w.r, a).dir,
      eventName: "push",
      event: pushEvent({ before: o, after: a }),
      sha: a,
      apiUrl: w.gh.url,
      with: w.inputs,
      env: { GITHUB_RUN_ID: first.env.GITHUB_RUN_ID!, GITHUB_RUN_ATTEMPT: "2" },
    },
    { clock: w.clock },
  );
  const fetches = rerun.stdout.split("\n").filter((l) => l.includes("; fetching it")).length;
  return { w, rerun, fetches };
}

describe("hostile 12: a rerun in a shallow checkout", () => {
  it("control: an older merge (committed earlier) is passed over without walking", async () => {
    const { w, rerun, fetches } = await shallowScenario(`${P}f`, false);
    expect(w.accepted(A1), rerun.stdout).toBe(2);
    expect(fetches, rerun.stdout).toBeLessThanOrEqual(5);
  });
  it("an older merge committed in the same second as the head: its whole first-parent history is fetched one commit at a time", async () => {
    const { w, rerun, fetches } = await shallowScenario(`${P}e`, true);
    expect(w.accepted(A1), rerun.stdout).toBe(2);
    expect(fetches, rerun.stdout).toBeLessThanOrEqual(5);
  });
});
