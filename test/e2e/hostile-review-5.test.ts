// Fifth hostile review: what a confirm run tells the PR, on the runner-faithful harness. Each test
// failed on c720544, showing a problem, since fixed.
import { describe, expect, it } from "vitest";
import { planYaml, uuid } from "../helpers/plans.js";
import { windowsWorld } from "../helpers/windows-world.js";

const [A1, B1, C1] = ["h5-a1", "h5-b1", "h5-c1"].map(uuid) as [string, string, string];
const confirmOf = (summary: string) => /confirm: (\d+ sha256:[0-9a-f]{64})/.exec(summary)?.[1];

describe("hostile review 5: a confirm run tells the PR", () => {
  it("a confirm rerun after its first run could not write the PR comment says the pairs were sent under this confirmation, not 'none was sent now'", async () => {
    const w = await windowsWorld("h5r", [A1, B1]);
    const { run: refused } = await w.mergeChanged(
      91,
      { "activation-plans/p.yaml": planYaml("p", "prod", { [w.D]: [A1] }) },
      { "activation-plans/p.yaml": planYaml("p", "prod", { [w.D]: [A1, B1] }) },
    );
    expect(refused.code, refused.stdout).toBe(1);
    const yes = confirmOf(refused.summary) ?? "";
    // GitHub's comments API is down during the confirm: the pairs go out, the PR cannot be told.
    w.gh.commentsStatus = 500;
    const first = await w.manual("activation-plans/**/*.yaml", { confirm: yes });
    w.gh.commentsStatus = undefined;
    expect(first.code, first.stdout).toBe(0);
    expect(first.stdout).toContain("Could not tell PR #91 its confirmed merge was sent");
    expect([w.accepted(A1), w.accepted(B1)]).toEqual([1, 1]);
    expect(w.gh.comments.get(91)?.at(-1)?.body).toContain("Not applied");
    // Re-run once GitHub answers: nothing goes out again, and the PR should hear that its pairs were sent.
    const again = await w.manual("activation-plans/**/*.yaml", { confirm: yes });
    expect(again.code, again.stdout).toBe(0);
    const told = w.gh.comments.get(91)?.at(-1)?.body ?? "";
    expect(told).not.toContain("none was sent now");
    expect(told).not.toContain("nothing left to send");
  });

  it("two confirmed PRs asking for the same pair: each PR's note counts the pair sent at its request (neither says fewer pairs than it asked for and were sent)", async () => {
    const w = await windowsWorld("h5t", [A1, B1, C1]);
    const one = await w.mergeChanged(
      91,
      { "activation-plans/p.yaml": planYaml("p", "prod", { [w.D]: [A1] }) },
      { "activation-plans/p.yaml": planYaml("p", "prod", { [w.D]: [A1, B1] }) },
    );
    expect(one.run.code, one.run.stdout).toBe(1);
    const two = await w.mergeChanged(
      92,
      { "activation-plans/q.yaml": planYaml("q", "prod", { [w.D]: [A1] }) },
      { "activation-plans/q.yaml": planYaml("q", "prod", { [w.D]: [A1, C1] }) },
    );
    expect(two.run.code, two.run.stdout).toBe(1);
    const yes91 = confirmOf(one.run.summary) ?? "";
    const yes92 = confirmOf(two.run.summary) ?? "";
    const run = await w.manual("activation-plans/**/*.yaml", { confirm: `${yes91}\n${yes92}` });
    expect(run.code, run.stdout).toBe(0);
    expect([w.accepted(A1), w.accepted(B1), w.accepted(C1)]).toEqual([1, 1, 1]);
    const note91 = w.gh.comments.get(91)?.at(-1)?.body ?? "";
    const note92 = w.gh.comments.get(92)?.at(-1)?.body ?? "";
    // Both PRs asked for A1 and both were confirmed; A1 went out in this run.
    expect(note92).toContain("2 pairs sent and succeeded.");
    expect(note91).toContain("2 pairs sent and succeeded.");
  });
});
