// The activation policy end to end, through the runner-faithful harness, with a GitHub stand-in that
// serves PR reviews: each merge is judged by the policy at its own first parent, with the approvals
// given at the head its PR's preview showed, before anything is submitted. Asserted at the simulator.
import { describe, expect, it } from "vitest";
import { uuid } from "../helpers/plans.js";
import { pullRequestEvent, workflowDispatchEvent } from "../helpers/payloads.js";
import { runStep } from "../helpers/runner.js";
import { mergePrs } from "../helpers/merges-world.js";
import { POLICY, policyWorld as policyWorldOf, prodPlan } from "../helpers/policy-world.js";
import { acceptedTwice } from "../helpers/sim.js";
import { windowsWorld } from "../helpers/windows-world.js";

const A = ["pol-a1", "pol-a2", "pol-a3", "pol-a4"].map(uuid) as [string, string, string, string];
const plan = prodPlan;
const policyWorld = (prefix: string) => policyWorldOf(prefix, A);

describe("the activation policy at merge", () => {
  it("a merge to a guarded sandbox without the approval submits nothing (an approval on an older head does not count); with it, it applies and the state records who approved", async () => {
    const w = await policyWorld("pa");
    const [m71] = await mergePrs(w, [
      { number: 71, files: { "activation-plans/a.yaml": plan(w, "a", A[0]) } },
    ]);
    // The preview says who must approve, in its verdict.
    expect(w.gh.comments.get(71)?.[0]?.body).toMatch(
      /### ⚠️ Needs approval from maria or jon \(production\); with it, a merge will activate 1 pair/,
    );
    // maria approved an earlier head of the PR, not the one its preview showed.
    w.gh.approve(71, "maria", w.p);
    w.gh.approve(71, "ci-bot", w.headOf(m71!));
    const refused = await w.push(w.x, m71!);
    expect(refused.code, refused.stdout).toBe(1);
    expect(refused.outputs["failure-reason"]).toBe("policy");
    expect(w.accepted(A[0])).toBe(0);
    expect(w.read(refused)).toContain(
      "It needs approval from maria or jon (rule `production` (.github/activation-policy.yaml:8): it sends to sandbox `prod`), given at the reviewed head commit.",
    );
    expect(w.read(refused)).toContain(`as of ${w.p.slice(0, 12)}, the merge's first parent`);

    // The next PR is approved at the head its preview showed: it applies.
    const [m72] = await mergePrs(w, [
      { number: 72, files: { "activation-plans/b.yaml": plan(w, "b", A[1]) } },
    ]);
    w.gh.approve(72, "jon", w.headOf(m72!));
    const applied = await w.push(m71!, m72!);
    expect(applied.code, applied.stdout).toBe(0);
    expect(applied.stdout).toContain("(it sends to sandbox `prod`): approved by jon.");
    expect(w.accepted(A[1])).toBe(1);
    expect(w.records()).toMatch(/#72 sha256:[0-9a-f]{64} approved-by jon/);
    expect(acceptedTwice(w.sim)).toEqual([]);
    expect(w.gh.violations).toEqual([]);
  });

  it("a PR that loosens the policy is judged by the policy at its first parent", async () => {
    const w = await policyWorld("pl");
    const loose = POLICY.replace(/approvals:[\s\S]*$/, "");
    const [m73] = await mergePrs(w, [
      {
        number: 73,
        files: { ".github/activation-policy.yaml": loose, "activation-plans/c.yaml": plan(w, "c", A[2]) },
      },
    ]);
    const run = await w.push(w.x, m73!);
    expect(run.code, run.stdout).toBe(1);
    expect(run.outputs["failure-reason"]).toBe("policy");
    expect(w.read(run)).toContain("rule `production`");
    expect(w.accepted(A[2])).toBe(0);
  });

  it("in a push of two PRs, one without its approval: only the other's pairs are sent", async () => {
    const w = await policyWorld("p2");
    const [m81, m82] = await mergePrs(w, [
      { number: 81, files: { "activation-plans/d.yaml": plan(w, "d", A[0]) } },
      { number: 82, files: { "activation-plans/e.yaml": plan(w, "e", A[1]) } },
    ]);
    w.gh.approve(81, "maria", w.headOf(m81!));
    const run = await w.push(w.x, m82!);
    expect(run.code, run.stdout).toBe(1);
    expect(run.outputs["failure-reason"]).toBe("policy");
    expect(run.stdout).toContain(`PR #82, merged as ${m82!.slice(0, 12)}: not applied (policy).`);
    expect([w.accepted(A[0]), w.accepted(A[1])]).toEqual([1, 0]);
    expect(JSON.parse(run.outputs.result ?? "[]")).toEqual([
      expect.objectContaining({ audience: A[0], status: "succeeded" }),
    ]);
  });

  it("reviews that cannot be read submit nothing, and the next run judges the merge again", async () => {
    const w = await policyWorld("pu");
    const [m91] = await mergePrs(w, [
      { number: 91, files: { "activation-plans/f.yaml": plan(w, "f", A[3]) } },
    ]);
    w.gh.approve(91, "maria", w.headOf(m91!));
    w.gh.reviewsStatus = 500;
    const run = await w.push(w.x, m91!);
    expect(run.code, run.stdout).toBe(1);
    expect(run.outputs["failure-reason"]).toBe("policy");
    expect(run.summary).toContain("the reviews of PR #⁠91 could not be read from GitHub (HTTP 500)");
    expect(w.accepted(A[3])).toBe(0);
    w.gh.reviewsStatus = undefined;
    const again = await w.push(w.x, m91!);
    expect(again.code, again.stdout).toBe(0);
    expect(w.accepted(A[3])).toBe(1);
  });
});

describe("teams as approvers", () => {
  it("a team member's approval counts; a team the token cannot read fails closed and says which permission", async () => {
    const w = await policyWorld("pt");
    w.setPolicy(POLICY.replace("from: [maria, jon]", 'from: ["@acme/privacy"]'), 69);
    w.gh.teams.set("acme/privacy", ["zoe"]);
    const [m1, m2] = await mergePrs(w, [
      { number: 93, files: { "activation-plans/t.yaml": plan(w, "t", A[0]) } },
      { number: 94, files: { "activation-plans/u.yaml": plan(w, "u", A[1]) } },
    ]);
    w.gh.approve(93, "Zoe", w.headOf(m1!));
    const applied = await w.push(w.x, m1!);
    expect(applied.code, applied.stdout).toBe(0);
    expect(w.accepted(A[0])).toBe(1);
    // GITHUB_TOKEN cannot read an organization's teams: 403, and nothing is sent.
    w.gh.teamsStatus = 403;
    w.gh.approve(94, "zoe", w.headOf(m2!));
    const refused = await w.push(m1!, m2!);
    expect([refused.code, refused.outputs["failure-reason"]]).toEqual([1, "policy"]);
    expect(w.read(refused)).toContain(
      "The members of @acme/privacy (HTTP 403) could not be read: give the token read access to the organization's teams",
    );
    expect(w.accepted(A[1])).toBe(0);
    expect(w.gh.violations).toEqual([]);
  });
});

describe("path rules and a bad policy in the Action", () => {
  it("a path rule refuses a plan outside its folder at its line: on the PR's check and at merge", async () => {
    const w = await policyWorld("pp");
    const p2 = w.setPolicy(
      POLICY.replace("plans: activation-plans/**", "plans: activation-plans/prod/**"),
      75,
    );
    w.r.write("activation-plans/misc/g.yaml", plan(w, "g", A[0]));
    const head = w.r.commitWith([p2], "pr 76");
    const check = await w.step(
      w.r.dir,
      "pull_request",
      pullRequestEvent({ number: 76, base: p2, head }),
      head,
    );
    expect(check.code, check.stdout).toBe(1);
    expect(check.outputs["failure-reason"]).toBe("policy");
    expect(check.stdout).toMatch(
      /::error file=activation-plans\/misc\/g\.yaml,line=6,.*title=Activation policy \(policy-path\)::activation-plans\/misc\/g\.yaml is in no folder/,
    );
    expect(w.gh.comments.get(76)?.[0]?.body).toContain(
      "### ❌ A merge would send nothing: the activation policy refuses this change (1 problem, below)",
    );
    const merged = w.r.moveHead(w.r.commitWith([p2, head], "Merge pull request #76", w.now()));
    w.gh.pulls.set(merged, 76);
    w.gh.approve(76, "maria", head);
    const run = await w.push(w.x, merged);
    expect(run.code, run.stdout).toBe(1);
    expect(run.outputs["failure-reason"]).toBe("policy");
    expect(run.summary).toContain(
      "activation-plans/misc/g.yaml is in no folder the policy's path rules cover",
    );
    expect(w.accepted(A[0])).toBe(0);
  });

  it("a bad policy file is reported at its line with failure-reason configuration, and nothing is sent", async () => {
    const w = await policyWorld("pb");
    const [m] = await mergePrs(w, [{ number: 77, files: { "activation-plans/h.yaml": plan(w, "h", A[1]) } }]);
    // The policy at the merge's first parent is broken (written there after the fact, for the test).
    const broken = POLICY.replace("from: [maria, jon]", "from: maria");
    w.r.write(".github/activation-policy.yaml", broken).remove("activation-plans/h.yaml");
    const p2 = w.r.commitWith([w.p], "broken policy", w.now());
    w.r.write("activation-plans/h.yaml", plan(w, "h", A[1]));
    const merged = w.r.moveHead(w.r.commitWith([p2, w.headOf(m!)], "Merge pull request #78", w.now()));
    w.gh.pulls.set(merged, 78);
    w.gh.pulls.set(p2, 79);
    const head = w.headOf(m!);
    // The PR's check against the broken policy: a configuration error at the policy's line.
    const check = await w.step(
      w.r.dir,
      "pull_request",
      pullRequestEvent({ number: 78, base: p2, head }),
      head,
    );
    expect([check.code, check.outputs["failure-reason"]]).toEqual([1, "configuration"]);
    expect(check.stdout).toMatch(/::error file=\.github\/activation-policy\.yaml,line=10,/);
    // Reviewed while the policy was still sound; the merge then lands on the broken one.
    const preview = await w.step(
      w.r.dir,
      "pull_request",
      pullRequestEvent({ number: 78, base: w.p, head }),
      head,
    );
    expect(preview.code, preview.stdout).toBe(0);
    const run = await w.push(p2, merged);
    expect(run.code, run.stdout).toBe(1);
    expect(run.outputs["failure-reason"], run.stdout).toBe("configuration");
    expect(run.stdout).toMatch(
      /::error file=\.github\/activation-policy\.yaml,line=10,.*`approvals\[0\]\.from` must be a list/,
    );
    expect(run.stdout).not.toMatch(/\n\s+at .*\.(ts|js):\d+/);
    expect(w.accepted(A[1])).toBe(0);
  });
});

describe("pairs a later run sends", () => {
  it("a scheduled run sends a pending pair under its recorded approval, and holds one that never had it (its audience grew past the threshold since its merge)", async () => {
    const HOUR = 3_600_000;
    const w = await windowsWorld("pw", [A[0], A[1]]);
    const flow = w.sim.state.dataflows.get(w.D.toLowerCase());
    const audience = (id: string) => flow?.audiences.find((a) => a.id === id);
    Object.assign(audience(A[0]) ?? {}, { profiles: 5_000 });
    Object.assign(audience(A[1]) ?? {}, { profiles: 10 });
    w.r.write(
      ".github/activation-policy.yaml",
      POLICY.replace(
        /approvals:[\s\S]*$/,
        "approvals:\n  - name: big\n    when: { profile-exports-over: 1000 }\n    from: [maria]\n",
      ),
    );
    const p = w.r.commit("policy");
    w.gh.pulls.set(p, 70);
    await w.push(w.x, p);
    // PR 101 (5,000 profiles) needs maria, and has her approval; PR 102 (10 profiles) needs no one.
    const [m101] = await mergePrs(w, [
      { number: 101, files: { "activation-plans/big.yaml": w.windowed("big", [A[0]], HOUR) } },
    ]);
    w.gh.approve(101, "maria", w.r.git("rev-parse", `${m101!}^2`).trim());
    expect((await w.push(p, m101!)).code).toBe(0);
    const [m102] = await mergePrs(w, [
      { number: 102, files: { "activation-plans/small.yaml": w.windowed("small", [A[1]], HOUR) } },
    ]);
    const merged = await w.push(m101!, m102!);
    expect(merged.code, merged.stdout).toBe(0);
    const rows = () =>
      [...w.gh.branchFiles()]
        .filter(([path]) => path.endsWith(".csv"))
        .map(([, text]) => text)
        .join("");
    expect(rows()).toMatch(/#101 sha256:[0-9a-f]{64} approved-by maria/);
    expect(rows()).toMatch(/#102 sha256:[0-9a-f]{64}"?,/);
    // Before the windows open, PR 102's audience grows past the threshold.
    Object.assign(audience(A[1]) ?? {}, { profiles: 50_000 });
    await w.later(2 * HOUR);
    // Whoever triggers the scheduled run is not an approver: only the recorded approvals count.
    const run = await w.schedule();
    expect(run.code, run.stdout).toBe(1);
    expect(run.outputs["failure-reason"]).toBe("policy");
    expect([w.accepted(A[0]), w.accepted(A[1])]).toEqual([1, 0]);
    expect(run.summary).toContain(
      "not sent: the activation policy refuses it under the approvals recorded when it was merged.",
    );
    expect(run.summary.replaceAll("\\`", "`")).toContain("it sends 50,000 profile exports, over 1,000");
    expect(rows()).toMatch(new RegExp(`${m102!},[^\\n]*,${A[1]},pending,`));
  });
});

describe("runs that send pairs anew", () => {
  it("a manual run is judged with the person who started it (GITHUB_TRIGGERING_ACTOR, not GITHUB_ACTOR) as the approval", async () => {
    const w = await policyWorld("pm");
    w.r.write("activation-plans/m.yaml", plan(w, "m", A[0]));
    const head = w.r.commit("a plan for a manual run");
    const manual = (actor: string) =>
      runStep(
        {
          workspace: w.r.dir,
          eventName: "workflow_dispatch",
          event: workflowDispatchEvent({}),
          sha: head,
          apiUrl: w.gh.url,
          with: { ...w.inputs, plans: "activation-plans/m.yaml" },
          // A re-run by someone else: GITHUB_ACTOR stays the original actor.
          env: { GITHUB_ACTOR: "maria", GITHUB_TRIGGERING_ACTOR: actor },
        },
        { clock: w.clock },
      );
    const refused = await manual("octocat");
    expect([refused.code, refused.outputs["failure-reason"]]).toEqual([1, "policy"]);
    expect(refused.stdout).toContain(
      "and the person who starts a manual run is its one approval. (Judged by .github/activation-policy.yaml as of ",
    );
    expect(refused.stdout).toContain("Nothing was sent. This run was started by octocat.");
    expect(w.accepted(A[0])).toBe(0);
    const sent = await manual("jon");
    expect(sent.code, sent.stdout).toBe(0);
    expect(w.accepted(A[0])).toBe(1);
  });

  it("a confirm by an approver sends a merge the policy refused; the PR's own author confirming it is no approval (as on GitHub)", async () => {
    const w = await policyWorld("pc");
    const [m1, m2] = await mergePrs(w, [
      { number: 131, files: { "activation-plans/c1.yaml": plan(w, "c1", A[0]) } },
      { number: 132, files: { "activation-plans/c2.yaml": plan(w, "c2", A[1]) } },
    ]);
    const refused = await w.push(w.x, m2!);
    expect(refused.outputs["failure-reason"]).toBe("policy");
    const hashOf = (pr: number) =>
      new RegExp(`confirm: ${pr} (sha256:[0-9a-f]{64})`).exec(w.read(refused))?.[1] ?? "";
    const confirm = (pr: number, actor: string) =>
      runStep(
        {
          workspace: w.r.dir,
          eventName: "workflow_dispatch",
          event: workflowDispatchEvent({}),
          sha: m2!,
          apiUrl: w.gh.url,
          with: { ...w.inputs, confirm: `${pr} ${hashOf(pr)}` },
          env: { GITHUB_TRIGGERING_ACTOR: actor },
        },
        { clock: w.clock },
      );
    // maria opened PR 132: her confirm of it is not an approval; jon's confirm of PR 131 is.
    w.gh.prHeads.set(132, w.headOf(m2!));
    w.gh.prAuthors.set(132, "maria");
    const own = await confirm(132, "maria");
    expect([own.code, own.outputs["failure-reason"]]).toEqual([1, "policy"]);
    expect(own.stdout).toContain("maria opened PR #132: their confirm is not an approval of it.");
    expect(own.stdout).toContain(
      "This run was started by maria, who opened the pull request and so cannot approve it.",
    );
    expect(w.accepted(A[1])).toBe(0);
    w.gh.prHeads.set(131, w.headOf(m1!));
    const sent = await confirm(131, "jon");
    expect(sent.code, sent.stdout).toBe(0);
    expect(w.accepted(A[0])).toBe(1);
    expect(w.records()).toMatch(/#131 sha256:[0-9a-f]{64} approved-by jon/);
  });

  it("without the review gate (require-reviewed-plan: false) a push is still judged, with approvals at its PR's head", async () => {
    const w = await policyWorld("pn");
    const [m] = await mergePrs(w, [
      { number: 111, files: { "activation-plans/n.yaml": plan(w, "n", A[1]) } },
    ]);
    w.gh.prHeads.set(111, w.headOf(m!));
    const push = () => w.push(w.p, m!, { "require-reviewed-plan": "false" });
    const refused = await push();
    expect([refused.code, refused.outputs["failure-reason"]]).toEqual([1, "policy"]);
    expect(w.accepted(A[1])).toBe(0);
    w.gh.approve(111, "maria", w.headOf(m!));
    const sent = await push();
    expect(sent.code, sent.stdout).toBe(0);
    expect(w.accepted(A[1])).toBe(1);
  });
});

describe("export limits", () => {
  it("the PR check judges them with the pre-flight's sizes; the merge reads sizes again before anything is submitted (an audience that grew since review is refused)", async () => {
    const w = await policyWorld("px");
    const flow = w.sim.state.dataflows.get(w.D.toLowerCase());
    const size = (id: string, profiles: number) =>
      Object.assign(flow?.audiences.find((a) => a.id === id) ?? {}, { profiles });
    size(A[0], 10);
    size(A[1], 10);
    const p2 = w.setPolicy(
      POLICY.replace(/approvals:[\s\S]*$/, "limits:\n  profile-exports-per-merge: 1000\n"),
      69,
    );
    const [big, small] = await mergePrs(w, [
      { number: 121, files: { "activation-plans/big.yaml": plan(w, "big", A[0]) } },
      { number: 122, files: { "activation-plans/small.yaml": plan(w, "small", A[1]) } },
    ]);
    // After the reviews, PR 121's audience grows past the limit.
    size(A[0], 5_000);
    const run = await w.push(p2, small!);
    expect(run.code, run.stdout).toBe(1);
    expect(run.outputs["failure-reason"]).toBe("policy");
    expect(w.read(run)).toContain(
      "This merge sends 5,000 profile exports, more than the policy's profile-exports-per-merge (1,000).",
    );
    expect(run.stdout).toContain(`PR #121, merged as ${big!.slice(0, 12)}: not applied (policy).`);
    expect([w.accepted(A[0]), w.accepted(A[1])]).toEqual([0, 1]);
    // A PR asking for it now: its check fails at the policy's line, with the pre-flight's count.
    w.r.write("activation-plans/again.yaml", plan(w, "again", A[0]));
    const head = w.r.commitWith([small!], "pr 123");
    const check = await w.step(
      w.r.dir,
      "pull_request",
      pullRequestEvent({ number: 123, base: small!, head }),
      head,
    );
    expect([check.code, check.outputs["failure-reason"]]).toEqual([1, "policy"]);
    expect(check.stdout).toMatch(
      /::error file=\.github\/activation-policy\.yaml,line=8,.*title=Activation policy \(policy-limit\)::This merge sends 5,000 profile exports/,
    );
    expect(w.gh.comments.get(123)?.[0]?.body).toContain(
      "### ❌ A merge would send nothing: the activation policy refuses this change",
    );
  });
});
