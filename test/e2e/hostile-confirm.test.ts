// Hostile review of input `confirm` and the plain manual run (issue 16, item 5). Each test names the
// promise it showed broken on 15284ef; they pass since (two record decisions instead: see the tests).
import { describe, expect, it } from "vitest";
import { planYaml, uuid } from "../helpers/plans.js";
import { pullRequestEvent } from "../helpers/payloads.js";
import { acceptedTwice } from "../helpers/sim.js";
import { mergePrs } from "../helpers/merges-world.js";
import { windowsWorld } from "../helpers/windows-world.js";

const [A1, B1, C1] = ["hc-a1", "hc-b1", "hc-c1"].map(uuid) as [string, string, string];
const DEFAULT = "activation-plans/**/*.{yml,yaml}";
const confirmOf = (summary: string) => /confirm: (\d+ sha256:[0-9a-f]{64})/.exec(summary)?.[1];

/** PR 91 previewed with A1, merged with A1 and B1: its push is refused (plan-changed); the confirm line. */
async function changedMerge(w: Awaited<ReturnType<typeof windowsWorld>>) {
  const { merge, run: refused } = await w.mergeChanged(
    91,
    { "activation-plans/p.yaml": planYaml("p", "prod", { [w.D]: [A1] }) },
    { "activation-plans/p.yaml": planYaml("p", "prod", { [w.D]: [A1, B1] }) },
  );
  expect(refused.outputs["failure-reason"]).toBe("plan-changed");
  const yes = confirmOf(refused.summary);
  expect(yes).toMatch(/^91 sha256:/);
  return { merge, yes: yes ?? "" };
}

describe("hostile: confirm", () => {
  // Promise: never activate a pair twice for one request. PR 92 re-requests p's pairs (revision bump)
  // and sends them, reviewed; the plans at the head ask for each pair once (92's request). Confirming
  // the older PR 91 later (its line is still in its run's summary) sends A1 and B1 a second time,
  // under 91's merge commit: a catch-up of both merges would have sent each once (the last merge's).
  it("confirming a merge whose pairs a later reviewed merge already re-requested and sent does not send them again", async () => {
    const w = await windowsWorld("hc1", [A1, B1, C1]);
    const { yes } = await changedMerge(w);
    await w.mergeAndPush([
      {
        number: 92,
        files: { "activation-plans/p.yaml": planYaml("p", "prod", { [w.D]: [A1, B1] }, "revision: 2") },
      },
    ]);
    expect([w.accepted(A1), w.accepted(B1)]).toEqual([1, 1]);
    const run = await w.manual(DEFAULT, { confirm: yes });
    expect(run.code, run.stdout).toBe(0);
    expect([w.accepted(A1), w.accepted(B1)]).toEqual([1, 1]);
    expect(acceptedTwice(w.sim)).toEqual([]);
  });

  // Promise: outputs/summaries do not lie. The example manual.yml defaults dry-run to true, so the first
  // confirm click is usually a dry run; its summary says the pairs were sent with a person's yes and
  // recorded under the merge commit, though nothing was submitted and nothing recorded.
  it("a dry-run confirm does not say its pairs were sent and recorded", async () => {
    const w = await windowsWorld("hc2", [A1, B1]);
    const { yes } = await changedMerge(w);
    const run = await w.manual(DEFAULT, { confirm: yes, "dry-run": "true" });
    expect(run.code, run.stdout).toBe(0);
    expect(w.accepted(A1) + w.accepted(B1)).toBe(0);
    expect(run.summary).not.toContain("Sent with a person's yes");
    expect(run.summary).not.toContain("Each pair is recorded under its merge commit");
  });

  // Promise: refused merges print the line to use (and only a working one). A PR merged by rebase lands
  // as several first-parent commits; GitHub's merge_commit_sha is the last one. The push run judges the
  // whole merge (both commits) and prints its hash; confirm takes only the last commit's own change
  // (its first parent → it), whose hash differs, so the printed line is refused and the merge can
  // never be confirmed.
  it("the confirm line printed for a rebase-merged PR is accepted", async () => {
    const w = await windowsWorld("hc3", [A1, B1]);
    const x = w.r.head();
    w.r.write("activation-plans/p.yaml", planYaml("p", "prod", { [w.D]: [A1] }));
    const prHead = w.r.commitWith([x], "pr 94");
    const preview = await w.step(
      w.r.dir,
      "pull_request",
      pullRequestEvent({ number: 94, base: x, head: prHead }),
      prHead,
    );
    expect(preview.code, preview.stdout).toBe(0);
    // Rebased onto main as two commits: p with A1, then B1 added (a commit pushed after the preview).
    const c1 = w.r.moveHead(w.r.commitWith([x], "p with A1"));
    w.r.write("activation-plans/p.yaml", planYaml("p", "prod", { [w.D]: [A1, B1] }));
    const c2 = w.r.moveHead(w.r.commitWith([c1], "add B1"));
    w.gh.pulls.set(c2, 94);
    const refused = await w.push(x, c2);
    expect(refused.code, refused.stdout).toBe(1);
    const yes = confirmOf(refused.summary);
    expect(yes, refused.summary).toMatch(/^94 sha256:/);
    const run = await w.manual(DEFAULT, { confirm: yes ?? "" });
    expect(run.code, run.stdout).toBe(0);
    expect([w.accepted(A1), w.accepted(B1)]).toEqual([1, 1]);
  });
});

describe("hostile: a plain manual run", () => {
  // Promise: a plain click is safe. The default is matched as a string: the same glob with its braces
  // in the other order (or any equal selection) runs every plan in full under the head commit, and
  // resends what earlier merges sent.
  // Decided (not a break): naming plans, even a glob that selects every plan, is a full run; the run
  // says so. Only the untouched default (or an empty input, as manual.yml passes it) reconciles.
  it("plans named, even a glob equal to the default, run in full, and the run says so; an empty input reconciles", async () => {
    const w = await windowsWorld("hc4", [A1, B1]);
    await w.mergeAndPush([
      { number: 95, files: { "activation-plans/p.yaml": planYaml("p", "prod", { [w.D]: [A1] }) } },
      { number: 96, files: { "activation-plans/q.yaml": planYaml("q", "prod", { [w.D]: [B1] }) } },
    ]);
    expect([w.accepted(A1), w.accepted(B1)]).toEqual([1, 1]);
    const plain = await w.manual("");
    expect(plain.code, plain.stdout).toBe(0);
    expect(plain.stdout).toContain("reconciles like a scheduled run");
    expect([w.accepted(A1), w.accepted(B1)]).toEqual([1, 1]);
    const run = await w.manual("activation-plans/**/*.{yaml,yml}");
    expect(run.code, run.stdout).toBe(0);
    expect(run.stdout).toContain("A manual run naming plans runs them in full");
    // A1 went out under PR 95's merge: a new request of this commit. B1 is this commit's own request.
    expect([w.accepted(A1), w.accepted(B1)]).toEqual([2, 1]);
  });

  // Promise: fail closed when state is unreadable (and say why). A merge's run was missed; the state
  // branch cannot be read (GitHub 500). The plain click ends green, saying it lacks credentials or
  // the token, while the missed merge waits unsent and nobody is told.
  it("a plain click that cannot read the state fails as state-unavailable", async () => {
    const w = await windowsWorld("hc5", [A1]);
    await mergePrs(w, [
      { number: 97, files: { "activation-plans/p.yaml": planYaml("p", "prod", { [w.D]: [A1] }) } },
    ]);
    w.gh.gitReadStatus = 500;
    const run = await w.manual(DEFAULT);
    w.gh.gitReadStatus = undefined;
    expect(w.accepted(A1)).toBe(0);
    expect(run.code, run.stdout).toBe(1);
    expect(run.outputs["failure-reason"]).toBe("state-unavailable");
  });

  // Promise: outputs do not lie. README: "To export the same pairs again from the same commit, run
  // manually with force: true". A plain click with force: true now reconciles instead, sends nothing,
  // and ends green without a word that force was not used.
  it("a plain click with force: true says that force was not applied", async () => {
    const w = await windowsWorld("hc6", [A1]);
    await w.mergeAndPush([
      { number: 98, files: { "activation-plans/p.yaml": planYaml("p", "prod", { [w.D]: [A1] }) } },
    ]);
    expect(w.accepted(A1)).toBe(1);
    const run = await w.manual(DEFAULT, { force: "true" });
    // Refused, saying why (force needs plans named), and nothing resent.
    expect(run.code, run.stdout).toBe(1);
    expect(run.outputs["failure-reason"]).toBe("configuration");
    expect(run.stdout).toMatch(/::error::force: true sends plans again/);
    expect(w.accepted(A1)).toBe(1);
  });
});
