// The built Action, run as the runner runs it, against the Platform simulator and a GitHub stand-in.
import { describe, expect, it } from "vitest";
import { GitHubStandIn } from "../helpers/github-standin.js";
import { prCreds, prIds, prRepo, prWorld } from "../helpers/pr-world.js";
import { planYaml } from "../helpers/plans.js";
import { view } from "../helpers/views.js";
import { pullRequestEvent, pushEvent, workflowDispatchEvent } from "../helpers/payloads.js";
import { runStep, VirtualClock, type Step } from "../helpers/runner.js";
import { pairsOf, startSimulator } from "../helpers/sim.js";

/** The old call shape, now through the runner-faithful harness (every other input at its default). */
/** Setup, as the README says: the manual workflow once with init: true (a dry run creates the state). */
async function initState(
  workspace: string,
  simUrl: string,
  apiUrl: string,
  sha: string,
  clock?: VirtualClock,
) {
  const init = await runAction({
    workspace,
    eventName: "workflow_dispatch",
    event: workflowDispatchEvent({}),
    inputs: { ...creds(simUrl), init: "true", "dry-run": "true" },
    apiUrl,
    sha,
    ...(clock === undefined ? {} : { clock }),
  });
  expect(init.code, init.stdout).toBe(0);
  expect(init.stdout).toContain("the activation state is created");
}

function runAction(o: {
  workspace: string;
  eventName: string;
  event: unknown;
  inputs: Record<string, string>;
  apiUrl: string;
  sha: string;
  clock?: VirtualClock;
  dist?: boolean;
  killWhen?: () => boolean;
}) {
  const step: Step = {
    workspace: o.workspace,
    eventName: o.eventName,
    event: o.event,
    with: o.inputs,
    apiUrl: o.apiUrl,
    sha: o.sha,
  };
  return runStep(step, {
    ...(o.clock === undefined ? {} : { clock: o.clock }),
    ...(o.dist === true ? { dist: true } : {}),
    ...(o.killWhen === undefined ? {} : { killWhen: o.killWhen }),
  });
}

const { D, A } = prIds("act");
const SECRET = "act-secret-5a4b3c";
const repo = () => prRepo({ D, A });
const creds = (url: string) => prCreds(url, SECRET);

/** The repo of `repo()` with every audience mapped, a GitHub stand-in, and a step on both (virtual clock). */
const mappedPr = (fixture?: { exportJobs: { busyForMs: number }[] }) =>
  prWorld("act", SECRET, () => ({
    maps: [A[1], A[2]].map((audience) => ({ destination: D, audience })),
    ...(fixture === undefined ? {} : { fixture }),
  }));

describe("the Action end to end", () => {
  it("a PR from a fork, no secrets, read-only token (the built Action, every default): preview in the summary", async () => {
    const gh = new GitHubStandIn();
    await gh.start();
    gh.readOnly = true;
    const { r, base, head } = repo();
    const run = await runAction({
      workspace: r.dir,
      eventName: "pull_request",
      event: pullRequestEvent({ number: 7, base, head, action: "opened", fork: true }),
      inputs: { "github-token": "ghs_readonly" },
      apiUrl: gh.url,
      sha: head,
      dist: true,
    });
    expect(run.code, run.stdout).toBe(0);
    expect(run.summary.split("\n")[0]).toBe(
      "### ⚠️ A merge will activate 2 pairs (2 audiences → 1 destination) · not checked against Platform (no pre-flight)",
    );
    expect(run.summary).toContain(
      "Plans, jobs and waves: 1 plan changed · 2 pairs to activate · 1 job · 1 wave",
    );
    expect(run.stdout).toContain(
      "Could not write the PR comment (HTTP 403: a read-only token, as on pull requests from forks)",
    );
    expect(run.outputs["plan-hash"]).toMatch(/^sha256:/);
    expect(gh.violations).toEqual([]);
  });

  it("a PR with credentials and pre-flight: sticky comment with the plan hash, reviewers see an unmapped audience", async () => {
    const gh = new GitHubStandIn();
    await gh.start();
    const clock = new VirtualClock();
    const sim = await startSimulator({
      now: clock.now,
      fixture: { strict: true, dataflows: [{ id: D, audiences: [{ id: A[1] }] }] },
    });
    const { r, base, head } = repo();
    const event = pullRequestEvent({ number: 8, base, head });
    const run = await runAction({
      workspace: r.dir,
      eventName: "pull_request",
      event,
      inputs: creds(sim.url),
      apiUrl: gh.url,
      sha: head,
      clock,
    });
    // The check fails (fail-on-preflight), after the comment and the summary were written.
    expect(run.code, run.stdout).toBe(1);
    expect(run.outputs["failure-reason"]).toBe("preflight-failed");
    expect(run.stdout).toContain("Pre-flight found 1 problem(s) a merge would hit and could not wait out");
    const comments = gh.comments.get(8)!;
    expect(comments).toHaveLength(1);
    expect(comments[0]!.body).toContain(
      `<!-- aep-activation-plans:plan-hash=${run.outputs["plan-hash"]} run=${run.env.GITHUB_RUN_ID} head=${head} sandboxes=prod:${run.outputs["plan-hash"]} -->`,
    );
    expect(comments[0]!.user.login).toBe("github-actions[bot]");
    expect(comments[0]!.body).toContain(`audience ${A[2]} is not mapped to dataflow ${D}`);
    expect(comments[0]!.body).toContain("activation-plans/flash.yaml:11");
    // The verdict comes first, then what needs a person, in the comment and the summary.
    const verdict = "### ❌ A merge would send 1 of 2 pairs: pre-flight found problems with 1 pair (below)";
    expect(comments[0]!.body.split("\n").slice(2, 5)).toEqual([
      verdict,
      "",
      "#### ⚠️ Pre-flight found problems a merge would hit",
    ]);
    expect(run.summary.split("\n")[0]).toBe(verdict);
    expect(view(comments[0]!.body)).toMatchSnapshot("a PR's comment: a pre-flight problem fails the check");
    expect(sim.requests.some((x) => x.method === "POST" && x.path.endsWith("/adhocrun"))).toBe(false);
    // A second run, with fail-on-preflight: false, keeps the check green and updates the same comment.
    const green = await runAction({
      workspace: r.dir,
      eventName: "pull_request",
      event,
      inputs: { ...creds(sim.url), "fail-on-preflight": "false" },
      apiUrl: gh.url,
      sha: head,
      clock,
    });
    expect(green.code, green.stdout).toBe(0);
    expect(green.stdout).toContain("::warning::Pre-flight found 1 problem(s) a merge would hit");
    expect(gh.comments.get(8)).toHaveLength(1);
    expect(gh.requests.some((x) => x.method === "PATCH")).toBe(true);
    expect(run.stdout).toContain(`::add-mask::${SECRET}`); // the runner masks it everywhere
    const shown = run.stdout.split("\n").filter((l) => !l.startsWith("::add-mask::"));
    expect(JSON.stringify(gh.requests) + shown.join("\n") + run.summary).not.toContain(SECRET);
    expect(gh.violations).toEqual([]);
  });

  it("a PR whose pre-flight meets a scheduled export in progress: reported, and the check stays green (a merge would wait for it)", async () => {
    const { gh, sim, step, base, head } = await mappedPr({ exportJobs: [{ busyForMs: 3 * 3_600_000 }] });
    const run = await step("pull_request", pullRequestEvent({ number: 12, base, head }), head);
    expect(run.code, run.stdout).toBe(0);
    expect(run.summary.split("\n").slice(0, 3)).toEqual([
      expect.stringMatching(
        /^### ⚠️ A merge will activate 2 pairs \(2 audiences → 1 destination; about [\d,]+ profile exports\) · pre-flight passed, with notes \(below\)$/,
      ),
      "",
      "#### ℹ️ Pre-flight notes",
    ]);
    expect(run.summary).toMatch(
      /Sandbox prod: scheduled segment export job \d+ is PROCESSING now\. .* a merge now would wait for it/,
    );
    expect(gh.comments.get(12)![0]!.body).toContain("#### ℹ️ Pre-flight notes");
    expect(view(gh.comments.get(12)![0]!.body)).toMatchSnapshot(
      "a PR's comment: a scheduled export in progress, the check passes",
    );
    expect(sim.requests.some((x) => x.method === "POST" && x.path.endsWith("/adhocrun"))).toBe(false);
  });

  it("a push that makes a PR's plan invalid marks its preview out of date with the problems; a merge of it says so in the summary, and nothing is sent", async () => {
    const { gh, sim, step, r, base, head } = await mappedPr();
    const first = await step("pull_request", pullRequestEvent({ number: 9, base, head }), head);
    expect(first.code, first.stdout).toBe(0);
    expect(gh.comments.get(9)![0]!.body).toContain("plan-hash=sha256:");
    // The PR's next push breaks the plan.
    r.write("activation-plans/flash.yaml", "name: flash\nsandbox: prod\nactivations: [oops");
    const broken = r.commit("broken");
    const stale = await step("pull_request", pullRequestEvent({ number: 9, base, head: broken }), broken);
    expect(stale.code).toBe(1);
    expect(stale.outputs["failure-reason"]).toBe("invalid-plan");
    const comment = gh.comments.get(9)!;
    expect(comment).toHaveLength(1); // the same sticky comment, replaced
    expect(comment[0]!.body).toContain(
      `### ❌ Preview out of date: the plans at \`${broken.slice(0, 12)}\` have 1 problem`,
    );
    expect(comment[0]!.body).toMatch(/\| `activation-plans\/flash\.yaml:3:\d+` \| `[a-z-]+` \| /);
    expect(comment[0]!.body).not.toMatch(/plan-hash=sha256:/); // nothing a merge could match
    expect(stale.summary.split("\n")[0]).toBe(comment[0]!.body.split("\n")[2]);
    expect(view(comment[0]!.body)).toMatchSnapshot("a PR's comment after a push that makes a plan invalid");
    // Merged anyway: the push run lists the problems in its summary and sends nothing.
    const merged = await step("push", pushEvent({ before: base, after: broken }), broken);
    expect(merged.code).toBe(1);
    expect(merged.summary.split("\n")[0]).toBe(
      `### ❌ Nothing activated: the plans at \`${broken.slice(0, 12)}\` have 1 problem`,
    );
    expect(sim.requests.filter((x) => x.method === "POST" && x.path.endsWith("/adhocrun"))).toEqual([]);
    expect(gh.violations).toEqual([]);
  });

  it("a merge that activates the reviewed plan; then one whose plan changed after review is refused", async () => {
    const gh = new GitHubStandIn();
    await gh.start();
    const clock = new VirtualClock();
    const sim = await startSimulator({ runDurationMs: 300, now: clock.now, maps: pairsOf({ [D]: A }) });
    const { r, base, head } = repo();
    await initState(r.dir, sim.url, gh.url, head, clock);
    const pr = await runAction({
      workspace: r.dir,
      eventName: "pull_request",
      event: pullRequestEvent({ number: 9, base, head }),
      inputs: { ...creds(sim.url), preflight: "false" },
      apiUrl: gh.url,
      sha: head,
      clock,
    });
    expect(pr.code, pr.stdout).toBe(0);
    const push = (before: string, after: string) =>
      runAction({
        workspace: r.dir,
        eventName: "push",
        event: pushEvent({ before, after }),
        inputs: creds(sim.url),
        apiUrl: gh.url,
        sha: after,
        clock,
      });
    gh.pulls.set(head, 9);
    const merged = await push(base, head);
    expect(merged.code, merged.stdout).toBe(0);
    const result = JSON.parse(merged.outputs.result!) as { status: string; plan: string }[];
    expect(result.map((x) => [x.plan, x.status])).toEqual([
      ["flash", "succeeded"],
      ["flash", "succeeded"],
    ]);
    expect(merged.summary).toContain("### ✅ Activation: 2 pairs succeeded · 0 failed · 0 not submitted");
    expect(merged.summary).toContain("```mermaid");
    expect(gh.comments.get(9)![0]!.body).toContain("✅ Activation");
    expect(sim.state.accepted).toHaveLength(2);

    // Another change lands on top without a review of its own plan.
    r.write("activation-plans/flash.yaml", planYaml("flash", "prod", { [D]: [A[1], A[2], A[0]] }));
    const next = r.commit("sneaky");
    gh.pulls.set(next, 9);
    const refused = await push(head, next);
    expect(refused.code).toBe(1);
    expect(refused.outputs["failure-reason"]).toBe("plan-changed");
    expect(refused.stdout).toContain("differs from the one reviewed on PR #9");
    expect(view(refused.summary)).toMatchSnapshot("the summary of a refused merge (plan-changed)");
    expect(view(gh.comments.get(9)![0]!.body, sim.state.runs.keys())).toMatchSnapshot(
      "the PR's comment after a refused merge",
    );
    expect(sim.state.accepted).toHaveLength(2);

    // A direct push with no PR behind it fails closed.
    r.write("activation-plans/direct.yaml", planYaml("direct", "prod", { [D]: [A[0]] }));
    const direct = r.commit("direct push");
    const refusedDirect = await push(next, direct);
    expect(refusedDirect.code).toBe(1);
    expect(refusedDirect.outputs["failure-reason"]).toBe("not-reviewed");
    expect(refusedDirect.stdout).toContain(
      `${direct.slice(0, 12)} is not the merge commit of a pull request`,
    );
    expect(sim.state.accepted).toHaveLength(2);
    expect(gh.violations).toEqual([]);
  });

  it("two steps with their own step-key keep their own sticky comment on one PR", async () => {
    const gh = new GitHubStandIn();
    await gh.start();
    const clock = new VirtualClock();
    const sim = await startSimulator({ now: clock.now, maps: pairsOf({ [D]: A }) });
    const { r, base, head } = repo();
    const review = (extra: Record<string, string>) =>
      runAction({
        workspace: r.dir,
        eventName: "pull_request",
        event: pullRequestEvent({ number: 21, base, head }),
        inputs: { ...creds(sim.url), preflight: "false", ...extra },
        apiUrl: gh.url,
        sha: head,
        clock,
      });
    for (const extra of [{}, { "step-key": "eu" }, {}, { "step-key": "eu" }])
      expect((await review(extra)).code).toBe(0);
    const bodies = (gh.comments.get(21) ?? []).map((c) => c.body.split("\n")[0]);
    expect(bodies).toEqual([
      "<!-- aep-activation-plans:sticky -->",
      "<!-- aep-activation-plans:sticky:eu -->",
    ]);
    // Each step's merge checks its own comment's reviewed hash: with the default step's hash made
    // another, the eu step still applies the merge, and the default step refuses it.
    const [mine, eu] = gh.comments.get(21)!;
    mine!.body = mine!.body.replace(/plan-hash=sha256:[0-9a-f]{64}/, `plan-hash=sha256:${"0".repeat(64)}`);
    expect(eu!.body).not.toContain(`sha256:${"0".repeat(64)}`);
    gh.pulls.set(head, 21);
    const step = (eventName: string, event: unknown, extra: Record<string, string>) =>
      runAction({
        workspace: r.dir,
        eventName,
        event,
        inputs: { ...creds(sim.url), ...extra },
        apiUrl: gh.url,
        sha: head,
        clock,
      });
    for (const key of ["", "eu"])
      expect(
        (
          await step("workflow_dispatch", workflowDispatchEvent({}), {
            "step-key": key,
            init: "true",
            "dry-run": "true",
          })
        ).code,
      ).toBe(0);
    const euMerge = await step("push", pushEvent({ before: base, after: head }), { "step-key": "eu" });
    expect(euMerge.code, euMerge.stdout).toBe(0);
    expect(euMerge.stdout).toContain("The plan matches the preview reviewed on PR #21");
    const defaultMerge = await step("push", pushEvent({ before: base, after: head }), {});
    expect(defaultMerge.outputs["failure-reason"]).toBe("plan-changed");
    expect(gh.violations).toEqual([]);
  });

  it("workflow_dispatch with dry-run: every pair of the selected plans, pre-flight only", async () => {
    const gh = new GitHubStandIn();
    await gh.start();
    const clock = new VirtualClock();
    const sim = await startSimulator({ now: clock.now, maps: pairsOf({ [D]: A }) });
    const { r, head } = repo();
    const run = await runAction({
      workspace: r.dir,
      eventName: "workflow_dispatch",
      event: workflowDispatchEvent({ plans: "activation-plans/flash.yaml", "dry-run": "true" }),
      inputs: { ...creds(sim.url), plans: "activation-plans/flash.yaml", "dry-run": "true" },
      apiUrl: gh.url,
      sha: head,
      clock,
    });
    expect(run.code, run.stdout).toBe(0);
    // Pairs that passed pre-flight would be submitted: the summary and the result say so.
    expect(run.summary.split("\n")[0]).toBe(
      "### 🧪 Activation dry run: 2 pairs would be submitted · 0 not submitted",
    );
    expect((JSON.parse(run.outputs.result!) as { status: string }[]).map((x) => x.status)).toEqual([
      "would-submit",
      "would-submit",
    ]);
    expect(view(run.summary)).toMatchSnapshot("the summary of a dry run");
    expect(sim.requests.some((x) => x.path.endsWith("/adhocrun"))).toBe(false);
    expect(gh.violations).toEqual([]);
  });

  /** A repository whose change was previewed on PR 10 (so the merge counts as reviewed). */
  async function reviewed(gh: GitHubStandIn, simUrl: string, clock?: VirtualClock) {
    const { r, base, head } = repo();
    await initState(r.dir, simUrl, gh.url, head, clock);
    const pr = await runAction({
      workspace: r.dir,
      eventName: "pull_request",
      event: pullRequestEvent({ number: 10, base, head }),
      inputs: { ...creds(simUrl), preflight: "false" },
      apiUrl: gh.url,
      sha: head,
    });
    expect(pr.code, pr.stdout).toBe(0);
    gh.pulls.set(head, 10);
    // In-process on the virtual clock, or (no clock) the built Action as a process on real time. A merge
    // that is cancelled (killWhen) is always the built Action as a process: only a process can be killed.
    const merge = (extra: Record<string, string> = {}, killWhen?: () => boolean) =>
      runAction({
        workspace: r.dir,
        eventName: "push",
        event: pushEvent({ before: base, after: head }),
        inputs: { ...creds(simUrl), ...extra },
        apiUrl: gh.url,
        sha: head,
        ...(clock === undefined || killWhen !== undefined ? { dist: true } : { clock }),
        ...(killWhen === undefined ? {} : { killWhen }),
      });
    return { merge };
  }

  const acceptedFor = (sim: Awaited<ReturnType<typeof startSimulator>>, audience: string) =>
    sim.state.accepted.filter((a) => a.audience === audience).length;

  it("a rerun after a partial failure resubmits only the failed pairs", async () => {
    const gh = new GitHubStandIn();
    await gh.start();
    const clock = new VirtualClock();
    const sim = await startSimulator({
      runDurationMs: 300,
      now: clock.now,
      fixture: {
        strict: true,
        dataflows: [{ id: D, audiences: [{ id: A[0] }, { id: A[1] }, { id: A[2], failRun: true }] }],
      },
    });
    const { merge } = await reviewed(gh, sim.url, clock);
    const first = await merge();
    expect(first.code).toBe(1);
    expect(first.outputs["failure-reason"]).toBe("activation-failed");
    // The state branch shows every pair as a CSV table: two succeeded, one failed with its code.
    const shard = () =>
      [...gh.branchFiles()].find(([p]) => p.endsWith(".csv") && p.includes("/prod/default/"))?.[1] ?? "";
    const rowsIn = (state: string) =>
      shard()
        .split("\n")
        .filter((l) => l.includes(`,${state},`)).length;
    expect([rowsIn("succeeded"), rowsIn("failed")]).toEqual([1, 1]);
    expect(shard()).toMatch(/,failed,run-failed,/);
    expect(view(first.summary, sim.state.runs.keys())).toMatchSnapshot(
      "the summary of an apply with a failure",
    );

    // The cause is fixed on the Platform side; the workflow run is re-run.
    sim.state.dataflows.get(D)!.audiences.find((a) => a.id === A[2])!.failRun = false;
    const rerun = await merge();
    expect(rerun.code, rerun.stdout).toBe(0);
    expect(rerun.stdout).toContain("1 pair(s) already succeeded (not submitted again)");
    expect(acceptedFor(sim, A[1])).toBe(1);
    expect(acceptedFor(sim, A[2])).toBe(2);
    const rows = JSON.parse(rerun.outputs.result!) as {
      audience: string;
      status: string;
      reason: string | null;
    }[];
    expect(rows.find((x) => x.audience === A[1])).toMatchObject({
      status: "succeeded",
      reason: expect.stringContaining("earlier run"),
    });
    expect([rowsIn("succeeded"), rowsIn("failed")]).toEqual([2, 0]);

    // force: true resends what succeeded, and the state records it.
    const forced = await merge({ force: "true" });
    expect(forced.code).toBe(0);
    expect(acceptedFor(sim, A[1])).toBe(2);
    expect(gh.violations).toEqual([]);
  });
});
