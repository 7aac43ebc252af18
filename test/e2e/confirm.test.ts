// A person's yes (issue 16, item 5): a manual run's `confirm` input names a merge a run did not send
// on its own by its PR and the plan hash its summary shows; the run sends exactly that merge's pairs,
// once, under its merge commit. Runner-faithful harness, every action.yml default, depth-1 clones.
import { describe, expect, it } from "vitest";
import { planYaml, uuid } from "../helpers/plans.js";
import { acceptedTwice } from "../helpers/sim.js";
import { windowsWorld } from "../helpers/windows-world.js";

const [A1, B1, C1] = ["cf-a1", "cf-b1", "cf-c1"].map(uuid) as [string, string, string];
const MINUTE = 60_000;
const confirmOf = (summary: string) => /confirm: (\d+ sha256:[0-9a-f]{64})/.exec(summary)?.[1];

describe("confirm: a person's yes", () => {
  it("a merge changed after its review is refused and shows how to confirm it; a wrong hash sends nothing; the shown one sends its pairs once, under its merge", async () => {
    const w = await windowsWorld("cf", [A1, B1, C1]);
    // PR 91 previewed with A1; merged with A1 and B1 (changed after its review).
    const { merge, run: refused } = await w.mergeChanged(
      91,
      { "activation-plans/p.yaml": planYaml("p", "prod", { [w.D]: [A1] }) },
      { "activation-plans/p.yaml": planYaml("p", "prod", { [w.D]: [A1, B1] }) },
    );
    expect(refused.code, refused.stdout).toBe(1);
    expect(refused.outputs["failure-reason"]).toBe("plan-changed");
    // Exactly the pairs that differ: B1 was merged and never reviewed; A1 was reviewed and merged.
    const listed = (text: string) =>
      text
        .split("\n")
        .filter((l) => /^(>\s+)?- `[^`]+` → `/.test(l))
        .map((l) => l.replace(/^>\s+/, ""));
    expect(refused.summary).toContain("**Merged, never reviewed** (1):");
    expect(refused.summary).not.toContain("Reviewed, not in the merge");
    // After the merge, its jobs are not called what "a merge will submit": none was.
    expect(refused.summary).toContain("#### Jobs the merge asked for (none was submitted)");
    expect(refused.summary).not.toContain("Jobs a merge will submit");
    expect(listed(refused.summary)).toEqual([`- \`${B1}\` → \`${w.D}\` (\`p\`)`]);
    const note = w.gh.comments.get(91)?.at(-1)?.body ?? "";
    expect(note).toContain("### ❌ Not applied");
    expect(listed(note)).toEqual([`- \`${B1}\` → \`${w.D}\` (\`p\`)`]);
    const yes = confirmOf(refused.summary);
    expect(yes).toMatch(/^91 sha256:/);
    // A later merge adds another plan (applied on its own).
    await w.mergeAndPush([
      { number: 92, files: { "activation-plans/q.yaml": planYaml("q", "prod", { [w.D]: [C1] }) } },
    ]);
    expect(w.accepted(C1)).toBe(1);
    const wrong = await w.manual("activation-plans/**/*.yaml", { confirm: `#91 sha256:${"0".repeat(64)}` });
    expect(wrong.code, wrong.stdout).toBe(1);
    expect(wrong.outputs["failure-reason"]).toBe("configuration");
    expect(wrong.stdout).toContain("confirm what its run's summary shows. Nothing was sent.");
    expect(w.accepted(A1) + w.accepted(B1)).toBe(0);
    expect(w.gh.comments.get(91)?.at(-1)?.body).toBe(note); // a wrong hash tells the PR nothing
    const run = await w.manual("activation-plans/**/*.yaml", { confirm: yes ?? "" });
    expect(run.code, run.stdout).toBe(0);
    expect(run.summary).toContain("Sent with a person's yes (input `confirm`): PR #91");
    expect([w.accepted(A1), w.accepted(B1), w.accepted(C1)]).toEqual([1, 1, 1]);
    // The PR hears it: the refusal note is replaced by what the confirm sent; the preview stays below.
    const told = w.gh.comments.get(91)?.at(-1)?.body ?? "";
    expect(told).not.toContain("Not applied");
    expect(told).toContain(`### ✅ Sent with a person's yes: merged as \`${merge.slice(0, 12)}\``);
    expect(told).toMatch(
      new RegExp(
        `A manual run by \`[^\`]+\` confirmed \`confirm: ${yes ?? ""}\` and sent what was merged: 2 pairs sent and succeeded\\.`,
      ),
    );
    expect(told.slice(told.indexOf("<!-- /aep-activation-plans:refused -->"))).toBe(
      note.slice(note.indexOf("<!-- /aep-activation-plans:refused -->")),
    );
    const rows = [...w.gh.branchFiles()]
      .filter(([p]) => p.endsWith(".csv"))
      .map(([, t]) => t)
      .join("");
    expect(rows).toMatch(new RegExp(`${merge},activation-plans/p.yaml,${w.D},${B1},succeeded,.*#91 sha256:`));
    // Clicked twice: nothing goes out again.
    const again = await w.manual("activation-plans/**/*.yaml", { confirm: yes ?? "" });
    expect(again.code, again.stdout).toBe(0);
    expect(acceptedTwice(w.sim)).toEqual([]);
    expect(w.gh.comments.get(91)?.at(-1)?.body).toBe(told); // sending nothing, it leaves what was said
  });

  it("a pending pair held past max-lateness: the scheduled run shows how to confirm it; confirmed, it goes out once and nothing waits any more", async () => {
    const w = await windowsWorld("cf", [A1]);
    await w.mergeAndPush([
      { number: 93, files: { "activation-plans/late.yaml": w.windowed("late", [A1], MINUTE) } },
    ]);
    await w.later(MINUTE + 25 * 60 * MINUTE);
    const held = await w.schedule();
    expect(held.code, held.stdout).toBe(0);
    const yes = confirmOf(held.summary);
    expect(yes).toMatch(/^93 sha256:/);
    expect(w.accepted(A1)).toBe(0);
    const run = await w.manual("activation-plans/**/*.yaml", { confirm: yes ?? "" });
    expect(run.code, run.stdout).toBe(0);
    expect(w.accepted(A1)).toBe(1);
    const after = await w.schedule();
    expect(after.code, after.stdout).toBe(0);
    expect(after.summary).not.toContain("needs a person's yes");
    expect(w.accepted(A1)).toBe(1);
  });
});
