// Hostile review of the activation policy ("policy as code"): each test states the promise it tries to
// break. Runner-faithful harness; asserted at the simulator (what Platform accepted).
import { describe, expect, it } from "vitest";
import { planYaml, uuid } from "../helpers/plans.js";
import { pullRequestEvent, pushEvent } from "../helpers/payloads.js";
import { mergePrs } from "../helpers/merges-world.js";
import { POLICY, POLICY_FILE, policyWorld as policyWorldOf, prodPlan } from "../helpers/policy-world.js";
import { acceptedTwice } from "../helpers/sim.js";
import { windowsWorld } from "../helpers/windows-world.js";
import { twoSandboxWorld } from "../helpers/pr-world.js";

const A = ["hp-a1", "hp-a2", "hp-a3", "hp-a4"].map(uuid) as [string, string, string, string];
const plan = prodPlan;
const policyWorld = (prefix: string, text = POLICY) => policyWorldOf(prefix, A, text);

describe("hostile: approvals as GitHub records them", () => {
  // Promise: an approval counts only if the reviewer's latest non-comment review approves at the
  // reviewed head. These hold (regression tests).
  it("an approval withdrawn by changes-requested, or dismissed, does not count; a comment after an approval does not withdraw it", async () => {
    const w = await policyWorld("hpa");
    const [m1, m2, m3] = await mergePrs(w, [
      { number: 71, files: { "activation-plans/a.yaml": plan(w, "a", A[0]) } },
      { number: 72, files: { "activation-plans/b.yaml": plan(w, "b", A[1]) } },
      { number: 73, files: { "activation-plans/c.yaml": plan(w, "c", A[2]) } },
    ]);
    w.gh.approve(71, "maria", w.headOf(m1!));
    w.gh.approve(71, "maria", w.headOf(m1!), "CHANGES_REQUESTED");
    w.gh.approve(72, "jon", w.headOf(m2!));
    w.gh.approve(72, "jon", w.headOf(m2!), "DISMISSED");
    w.gh.approve(73, "MARIA", w.headOf(m3!));
    w.gh.approve(73, "maria", w.headOf(m3!), "COMMENTED");
    const run = await w.push(w.x, m3!);
    expect(run.code, run.stdout).toBe(1);
    expect(run.outputs["failure-reason"]).toBe("policy");
    expect([w.accepted(A[0]), w.accepted(A[1]), w.accepted(A[2])]).toEqual([0, 0, 1]);
    expect(acceptedTwice(w.sim)).toEqual([]);
  });

  it("count: 2 is not met by one person approving twice (in two letter cases)", async () => {
    const w = await policyWorld(
      "hpc",
      POLICY.replace("from: [maria, jon]", "from: [maria, jon]\n    count: 2"),
    );
    const [m] = await mergePrs(w, [{ number: 74, files: { "activation-plans/a.yaml": plan(w, "a", A[0]) } }]);
    w.gh.approve(74, "maria", w.headOf(m!));
    w.gh.approve(74, "Maria", w.headOf(m!));
    const run = await w.push(w.x, m!);
    expect([run.code, run.outputs["failure-reason"]]).toEqual([1, "policy"]);
    expect(w.accepted(A[0])).toBe(0);
    w.gh.approve(74, "JON", w.headOf(m!));
    const again = await w.push(w.x, m!);
    expect(again.code, again.stdout).toBe(0);
    expect(w.accepted(A[0])).toBe(1);
  });
});

describe("hostile: require-reviewed-plan: false", () => {
  // Promise: path rules refuse plans outside their folders "at the merge"; a merge the policy refuses
  // sends nothing. With require-reviewed-plan: false, apply() never reaches judgeUnderPolicy (it is
  // only called inside `if (!manual && settings.requireReviewedPlan)`): the policy is skipped entirely.
  it("a push with require-reviewed-plan false still refuses a plan outside the policy's folders", async () => {
    const w = await policyWorld("hpn");
    const p2 = w.setPolicy(
      POLICY.replace("plans: activation-plans/**", "plans: activation-plans/prod/**"),
      75,
    );
    w.r.write("activation-plans/misc/g.yaml", plan(w, "g", A[0]));
    const c = w.r.commit("direct push of a plan outside the covered folder");
    const run = await w.push(p2, c, { "require-reviewed-plan": "false" });
    expect(w.accepted(A[0])).toBe(0);
    expect(run.code, run.stdout).toBe(1);
    expect(run.outputs["failure-reason"]).toBe("policy");
  });

  it("a push with require-reviewed-plan false still needs the approval rule's approvers", async () => {
    const w = await policyWorld("hpm");
    w.r.write("activation-plans/prod/h.yaml", plan(w, "h", A[1]));
    const c = w.r.commit("direct push to prod, approved by no one");
    const run = await w.push(w.p, c, { "require-reviewed-plan": "false" });
    expect(w.accepted(A[1])).toBe(0);
    expect(run.code, run.stdout).toBe(1);
    expect(run.outputs["failure-reason"]).toBe("policy");
  });
});

describe("hostile: a job per sandbox (input sandboxes)", () => {
  // Promise: limits per merge (pairs-per-merge) refuse a merge sending more. A job per sandbox
  // (apply-per-sandbox.yml) plans only its own sandbox's pairs, and the policy is judged on that
  // narrowed outcome: a merge of 4 pairs (2 prod, 2 dev) under pairs-per-merge: 3 is sent whole,
  // each job seeing 2. The same split defeats profile-exports-per-merge and profile-exports-over.
  it("pairs-per-merge counts the merge's pairs in every sandbox, not one job's", async () => {
    const { gh, sim, r, change, init, step } = await twoSandboxWorld("hps", "hps-secret-4242");
    expect(init.code, init.stdout).toBe(0);
    // PR 70: the policy, and the flash and dev plans removed (nothing to send).
    r.write(
      POLICY_FILE,
      `apiVersion: activation-plans/v1\nkind: ActivationPolicy\nlimits:\n  pairs-per-merge: 3\n`,
    );
    const flash = r.git("show", `${change}:activation-plans/flash.yaml`);
    const dev = r.git("show", `${change}:activation-plans/dev.yaml`);
    r.remove("activation-plans/flash.yaml");
    r.remove("activation-plans/dev.yaml");
    const p = r.commit("policy; plans removed");
    gh.pulls.set(p, 70);
    for (const sandboxes of ["prod", "dev"]) {
      const run = await step("push", pushEvent({ before: change, after: p }), p, { sandboxes });
      expect(run.code, run.stdout).toBe(0);
    }
    // PR 71 puts them back: 4 pairs in one merge.
    r.write("activation-plans/flash.yaml", flash);
    r.write("activation-plans/dev.yaml", dev);
    const head = r.commit("pr 71");
    const check = await step("pull_request", pullRequestEvent({ number: 71, base: p, head }), head, {
      preflight: "false",
    });
    // The check (every sandbox) refuses it...
    expect(check.outputs["failure-reason"], check.stdout).toBe("policy");
    gh.pulls.set(head, 71);
    // ...and it is merged anyway (the check was not required): each sandbox's job applies.
    for (const sandboxes of ["prod", "dev"])
      await step("push", pushEvent({ before: p, after: head }), head, { sandboxes });
    const sent = sim.state.accepted.length;
    expect(sent, "pairs sent by a merge the policy's pairs-per-merge (3) refuses").toBe(0);
  });
});

describe("hostile: a rebase merge whose first commit loosens the policy", () => {
  // Promise: each merge is judged by the policy at its own first parent (a PR cannot loosen the rules
  // that judge it). A rebase merge lands as several first-parent commits; the push run judges the
  // group at its base (correct), but confirm (confirmedUnderPolicy) and scheduled runs
  // (underRecordedApprovals) take `firstParent(ctx, undefined, merge)`: the parent of the LAST commit,
  // i.e. a commit of the PR itself, which carries the PR's loosened policy.
  it("confirm of a rebase-merged PR is judged by the policy before the PR, not by the PR's own first commit", async () => {
    const w = await windowsWorld("hpr", [A[0]]);
    const strict = POLICY.replace("plans: activation-plans/**", "plans: activation-plans/prod/**").replace(
      /approvals:[\s\S]*$/,
      "",
    );
    w.r.write(POLICY_FILE, strict);
    const p = w.r.commit("policy");
    w.gh.pulls.set(p, 70);
    expect((await w.push(w.x, p)).code).toBe(0);
    const loose = strict.replace("plans: activation-plans/prod/**", "plans: activation-plans/**");
    const misc = planYaml("g", "prod", { [w.D]: [A[0]] });
    // The PR's preview (its head: both changes on p).
    w.r.write(POLICY_FILE, loose).write("activation-plans/misc/g.yaml", misc);
    const prHead = w.r.commitWith([p], "pr 120");
    const preview = await w.step(
      w.r.dir,
      "pull_request",
      pullRequestEvent({ number: 120, base: p, head: prHead }),
      prHead,
    );
    expect(preview.outputs["failure-reason"], preview.stdout).toBe("policy");
    // Rebased onto main: c1 loosens the policy, c2 adds the plan outside the strict folder.
    w.r.remove("activation-plans/misc/g.yaml");
    const c1 = w.r.moveHead(w.r.commitWith([p], "loosen the policy"));
    w.r.write("activation-plans/misc/g.yaml", misc);
    const c2 = w.r.moveHead(w.r.commitWith([c1], "add a plan outside activation-plans/prod"));
    w.gh.pulls.set(c2, 120);
    const refused = await w.push(p, c2);
    expect(refused.outputs["failure-reason"], refused.stdout).toBe("policy");
    expect(w.accepted(A[0])).toBe(0);
    const hash = refused.outputs["plan-hash"];
    expect(hash).toMatch(/^sha256:/);
    const run = await w.manual("", { confirm: `120 ${hash}` });
    expect(w.accepted(A[0]), run.stdout).toBe(0);
    expect(run.outputs["failure-reason"]).toBe("policy");
  });

  it("a scheduled run judges a rebase-merged PR's pending pair by the policy before the PR", async () => {
    const HOUR = 3_600_000;
    const w = await windowsWorld("hpw", [A[0]]);
    const flow = w.sim.state.dataflows.get(w.D.toLowerCase());
    const audience = flow?.audiences.find((a) => a.id === A[0]);
    Object.assign(audience ?? {}, { profiles: 10 });
    const strict = POLICY.replace(
      /approvals:[\s\S]*$/,
      "approvals:\n  - name: big\n    when: { profile-exports-over: 1000 }\n    from: [maria]\n",
    );
    w.r.write(POLICY_FILE, strict);
    const p = w.r.commit("policy");
    w.gh.pulls.set(p, 70);
    expect((await w.push(w.x, p)).code).toBe(0);
    const loose = strict.replace(/approvals:[\s\S]*$/, "");
    const small = w.windowed("small", [A[0]], HOUR);
    w.r.write(POLICY_FILE, loose).write("activation-plans/small.yaml", small);
    const prHead = w.r.commitWith([p], "pr 130");
    const preview = await w.step(
      w.r.dir,
      "pull_request",
      pullRequestEvent({ number: 130, base: p, head: prHead }),
      prHead,
    );
    expect(preview.code, preview.stdout).toBe(0);
    w.r.remove("activation-plans/small.yaml");
    const c1 = w.r.moveHead(w.r.commitWith([p], "drop the big rule"));
    w.r.write("activation-plans/small.yaml", small);
    const c2 = w.r.moveHead(w.r.commitWith([c1], "small plan"));
    w.gh.pulls.set(c2, 130);
    const merged = await w.push(p, c2);
    expect(merged.code, merged.stdout).toBe(0);
    // Before its window opens, the audience grows past the strict policy's threshold.
    Object.assign(audience ?? {}, { profiles: 50_000 });
    await w.later(2 * HOUR);
    const run = await w.schedule();
    expect(w.accepted(A[0]), run.stdout).toBe(0);
    expect(run.outputs["failure-reason"]).toBe("policy");
  });
});

describe("hostile: controls that hold", () => {
  it("control: confirm of the same change merged as one commit is refused by the policy at its first parent", async () => {
    const w = await windowsWorld("hpq", [A[0]]);
    const strict = POLICY.replace("plans: activation-plans/**", "plans: activation-plans/prod/**").replace(
      /approvals:[\s\S]*$/,
      "",
    );
    w.r.write(POLICY_FILE, strict);
    const p = w.r.commit("policy");
    w.gh.pulls.set(p, 70);
    expect((await w.push(w.x, p)).code).toBe(0);
    w.r.write(POLICY_FILE, strict.replace("activation-plans/prod/**", "activation-plans/**"));
    w.r.write("activation-plans/misc/g.yaml", planYaml("g", "prod", { [w.D]: [A[0]] }));
    const c = w.r.moveHead(w.r.commitWith([p], "squash of pr 121"));
    w.gh.pulls.set(c, 121);
    const refused = await w.push(p, c);
    expect(refused.outputs["failure-reason"], refused.stdout).toBeDefined();
    const hash = refused.outputs["plan-hash"];
    const run = await w.manual("", { confirm: `121 ${hash}` });
    expect(run.outputs["failure-reason"], run.stdout).toBe("policy");
    expect(w.accepted(A[0])).toBe(0);
  });

  it("a manual run naming plans counts only its starter (octocat): not an approver, nothing is sent, also on a dry run", async () => {
    const w = await windowsWorld("hpt", [A[0]]);
    w.r.write(POLICY_FILE, POLICY);
    const p = w.r.commit("policy");
    w.gh.pulls.set(p, 70);
    expect((await w.push(w.x, p)).code).toBe(0);
    await w.directPush({ "activation-plans/z.yaml": planYaml("z", "prod", { [w.D]: [A[0]] }) });
    expect(w.accepted(A[0])).toBe(0);
    const dry = await w.manual("activation-plans/z.yaml", { "dry-run": "true" });
    expect(dry.outputs["failure-reason"], dry.stdout).toBe("policy");
    const run = await w.manual("activation-plans/z.yaml");
    expect(run.outputs["failure-reason"], run.stdout).toBe("policy");
    expect(run.stdout).toContain("octocat");
    expect(w.accepted(A[0])).toBe(0);
  });

  it("an explicit policy input whose file is missing at the first parent is a configuration error, nothing sent, no stack", async () => {
    const w = await policyWorld("hpx");
    const [m] = await mergePrs(w, [{ number: 82, files: { "activation-plans/a.yaml": plan(w, "a", A[0]) } }]);
    w.gh.approve(82, "maria", w.headOf(m!));
    const run = await w.push(w.p, m!, { policy: "./.github/other-policy.yaml" });
    expect([run.code, run.outputs["failure-reason"]]).toEqual([1, "configuration"]);
    expect(run.stdout).not.toMatch(/\n\s+at .*\.(ts|js):\d+/);
    expect(w.accepted(A[0])).toBe(0);
  });
});

describe("hostile: a PR that only changes the policy", () => {
  // A PR that changes only the policy sends nothing, but its policy-changed rules still judge it: an
  // unapproved change fails its merge run (failure-reason policy) and its PR hears why. The change is
  // merged all the same, and later merges are judged by it; what stops it landing is the file's
  // CODEOWNERS protection (README, Policy as code). This test pins the alarm.
  it("deleting the policy file without the policy-changed approval fails its merge run and tells the PR", async () => {
    const w = await policyWorld(
      "hpd",
      `${POLICY}  - name: owners\n    when: { policy-changed: true }\n    from: [maria]\n`,
    );
    const [m1] = await mergePrs(w, [{ number: 80, files: { [POLICY_FILE]: null } }]);
    const first = await w.push(w.p, m1!);
    expect(first.code, first.stdout).toBe(1);
    expect(first.outputs["failure-reason"]).toBe("policy");
    expect(first.stdout).toContain("it changes the policy file");
    const note = w.gh.comments.get(80)?.[0]?.body ?? "";
    expect(note).toContain("The change is merged all the same, and the merges after it are judged by it");
    expect(note).not.toContain("confirm:");
    // With maria's approval at its head, the same kind of change passes quietly.
    const [m2] = await mergePrs(w, [
      {
        number: 81,
        files: {
          [POLICY_FILE]: `${POLICY}  - name: owners\n    when: { policy-changed: true }\n    from: [maria]\n`,
        },
      },
    ]);
    w.gh.approve(81, "maria", w.r.git("rev-parse", `${m2!}^2`).trim());
    const second = await w.push(m1!, m2!);
    expect(second.code, second.stdout).toBe(0);
  });
});
