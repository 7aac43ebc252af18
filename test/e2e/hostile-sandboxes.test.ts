// A hostile review of "A job per sandbox" (0e8fbcb, input `sandboxes`). Each test is a concrete way a
// promise breaks for a run limited to some sandboxes; they fail on 0e8fbcb. Same harnesses as
// test/e2e/sandboxes.test.ts and test/e2e/hostile-windows.test.ts: the Action in-process against the
// simulator and the GitHub stand-in on one virtual clock.
import { describe, expect, it } from "vitest";
import { pullRequestEvent, pushEvent, workflowDispatchEvent } from "../helpers/payloads.js";
import { prWorld, twoSandboxWorld } from "../helpers/pr-world.js";
import { failStateWrites, mergePrs } from "../helpers/merges-world.js";
import { planYaml, uuid } from "../helpers/plans.js";
import { acceptedTwice } from "../helpers/sim.js";
import { windowsWorld } from "../helpers/windows-world.js";

const MINUTE = 60_000;
const [A1, B1] = ["hsb-a1", "hsb-b1"].map(uuid) as [string, string];

describe("hostile: a job per sandbox", () => {
  it("a limited merge run rerun after its plan's window opened still matches the review (limitedVerdict ignores the landed hash)", async () => {
    // Promise: never lose a requested pair; apply exactly what was reviewed. An unlimited run's gate
    // also accepts the hash of the change with windows judged when the merge landed (landedHash); the
    // limited gate compares only the current per-sandbox hashes, so the rerun of a limited merge run
    // (told to "run this workflow run again" after a state write failed) after the window opened sees
    // a job where the review had a pending pair, and refuses the reviewed merge as 'plan-changed'.
    const w = await windowsWorld("hsb", [A1]);
    const x = w.r.head();
    const [merge] = await mergePrs(w, [
      { number: 71, files: { "activation-plans/later.yaml": w.windowed("later", [A1], MINUTE) } },
    ]);
    const restore = failStateWrites(w.gh, () => true);
    const first = await w.push(x, merge!, { sandboxes: "prod" });
    restore();
    expect(first.code, first.stdout).toBe(1);
    expect(first.outputs["failure-reason"]).toBe("state-unavailable");
    await w.later(3 * MINUTE);
    const rerun = await w.push(x, merge!, { sandboxes: "prod" });
    expect(rerun.outputs["failure-reason"], rerun.stdout).not.toBe("plan-changed");
    const s = await w.schedule({ sandboxes: "prod" });
    expect(s.code, s.stdout).toBe(0);
    expect(w.accepted(A1)).toBe(1);
    expect(acceptedTwice(w.sim)).toEqual([]);
  });

  it("a limited job's first merge run missed after the README's setup run: the next limited push catches it up (its pointer was never created, so the missed merge's pair is lost silently)", async () => {
    // Promise: never lose a requested pair across cancelled or missed runs. The setup run (manual,
    // init: true, as README and sandboxes.test.ts run it) creates the unlimited pointer only; a
    // limited job's pointer `…@prod` is created only by its first run that applies something. Until
    // then a limited push applies its own `before..after` and nothing catches up: PR 81's run was
    // cancelled in its concurrency group, PR 82's prod run sends B1 only, and A1 is neither sent nor
    // reported (needs-attention is empty, the run is green). Unlimited, the same push catches A1 up.
    const w = await windowsWorld("hsm", [A1, B1]);
    const x = w.r.head();
    const [m81, m82] = await mergePrs(w, [
      { number: 81, files: { "activation-plans/p81.yaml": planYaml("p81", "prod", { [w.D]: [A1] }) } },
      { number: 82, files: { "activation-plans/p82.yaml": planYaml("p82", "prod", { [w.D]: [B1] }) } },
    ]);
    expect(x).not.toBe(m81);
    // PR 81's push run never ran; PR 82's limited prod job runs.
    const run = await w.push(m81!, m82!, { sandboxes: "prod" });
    expect(w.accepted(B1)).toBe(1);
    const told = JSON.stringify(run.outputs["needs-attention-json"] ?? "") + run.summary;
    expect(w.accepted(A1) === 1 || told.includes(A1), run.stdout).toBe(true);
    // A scheduled prod job does not find it either.
    const s = await w.schedule({ sandboxes: "prod" });
    expect(s.code, s.stdout).toBe(0);
    expect(w.accepted(A1)).toBe(1);
    expect(acceptedTwice(w.sim)).toEqual([]);
  });

  it("the confirm line a refused limited merge shows works as it says (the manual workflow with confirm: PR HASH and the same sandboxes)", async () => {
    // Promise: a refused merge says how to send it with a person's yes. A limited dev job refuses PR
    // 61 as 'plan-changed' and shows `confirm: 61 <hash>` where <hash> is the dev-only plan hash.
    // The manual workflow (examples/workflows/manual.yml: no `sandboxes`) computes the merge's whole
    // hash (dev and prod) and fails as 'configuration' ("has the plan hash …, not …"), sending nothing.
    const {
      gh,
      sim,
      B,
      flash: base,
      change: head,
      init,
      step,
    } = await twoSandboxWorld("hsc", "hsc-secret-9f8e7d", true);
    expect(init.code, init.stdout).toBe(0);
    const pr = await step("pull_request", pullRequestEvent({ number: 61, base, head }), head, {
      preflight: "false",
    });
    expect(pr.code, pr.stdout).toBe(0);
    gh.pulls.set(head, 61);
    // The review recorded another dev hash (as sandboxes.test.ts does): dev's job refuses the merge.
    const comment = gh.comments.get(61)![0]!;
    comment.body = comment.body.replace(/dev:sha256:[0-9a-f]{64}/, `dev:sha256:${"0".repeat(64)}`);
    const dev = await step("push", pushEvent({ before: base, after: head }), head, { sandboxes: "dev" });
    expect(dev.outputs["failure-reason"]).toBe("plan-changed");
    // The hint names the limit too: the hash covers dev only.
    const hint = /confirm: 61 (sha256:[0-9a-f]{64})` and `sandboxes: dev`/.exec(dev.summary);
    expect(hint, dev.summary).not.toBeNull();
    // As the hint says: the manual workflow with that confirm line, limited the same way.
    const yes = await step("workflow_dispatch", workflowDispatchEvent({}), head, {
      confirm: `61 ${hint![1]}`,
      sandboxes: "dev",
    });
    expect(yes.code, yes.stdout).toBe(0);
    expect(
      sim.state.accepted
        .filter((a) => a.sandbox === "dev")
        .map((a) => a.audience)
        .sort(),
    ).toEqual([...B].sort());
    expect(acceptedTwice(sim)).toEqual([]);
  });

  it("two sandbox jobs of one merge: the PR's comment still reports the first job's results after the second job writes its own", async () => {
    // Promise: every pair ends succeeded / failed / not submitted, and the PR says so. Each limited
    // job rewrites the one sticky comment with its own results only (renderApplySummary of its
    // limited outcome): after prod's job and then dev's, the PR's comment shows dev's 2 pairs and no
    // trace of prod's, which reads as never sent.
    const {
      gh,
      flash: base,
      change: head,
      init,
      step,
    } = await twoSandboxWorld("hsr", "hsr-secret-9f8e7d", true);
    expect(init.code, init.stdout).toBe(0);
    const pr = await step("pull_request", pullRequestEvent({ number: 62, base, head }), head, {
      preflight: "false",
    });
    expect(pr.code, pr.stdout).toBe(0);
    gh.pulls.set(head, 62);
    const merge = (sandboxes: string) =>
      step("push", pushEvent({ before: base, after: head }), head, { sandboxes });
    const prod = await merge("prod");
    expect(prod.code, prod.stdout).toBe(0);
    expect(gh.comments.get(62)![0]!.body).toContain("| `prod` | 1 | 1 |");
    const dev = await merge("dev");
    expect(dev.code, dev.stdout).toBe(0);
    const body = gh.comments.get(62)![0]!.body;
    expect(body).toContain("| `dev` | 2 | 2 |");
    // prod's succeeded pair is still reported on the PR (the comment says "2 pairs succeeded" of 3).
    expect(body).toContain("| `prod` | 1 | 1 |");
  });

  it("a limit no plan targets (a typo, allowed-sandboxes empty) is not a green 'No plan changed' while the merge's prod plan goes unsent", async () => {
    // Promise: never lose a requested pair silently. With allowed-sandboxes empty (any), the limit
    // `prd` (meant: prod) passes validation; the merge that adds prod's `flash` plan (2 pairs) runs
    // green, its summary says "No plan changed between these commits, so a merge activates nothing",
    // needs-attention is 0, and no job ever sends the pairs. The run should at least say which plans
    // it left to other sandboxes' jobs, and warn that no plan targets `prd`.
    const { base, head, step, gh } = await prWorld("hst", "hst-secret-1234", () => ({}));
    gh.pulls.set(head, 5);
    const run = await step("push", pushEvent({ before: base, after: head }), head, { sandboxes: "prd" });
    expect(run.summary).not.toContain("No plan changed between these commits");
    expect(run.stdout).toMatch(/::warning::.*prd/);
  });
});
