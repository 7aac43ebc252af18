// Every event on purpose, through the runner-faithful harness: GitHub's own payloads, every action.yml
// default injected (the `plans` input is never set here unless a test is about it), the simulator and
// the GitHub stand-in recording every call.
import { describe, expect, it } from "vitest";
import { GitHubStandIn } from "../helpers/github-standin.js";
import { TestRepo } from "../helpers/git-repo.js";
import {
  branchDeletedEvent,
  issueCommentEvent,
  mergeGroupEvent,
  pullRequestEvent,
  pushEvent,
  scheduleEvent,
  tagPushEvent,
  workflowDispatchEvent,
} from "../helpers/payloads.js";
import { planYaml, uuid } from "../helpers/plans.js";
import { actionYml, runStep, VirtualClock, workflowStep, type Step } from "../helpers/runner.js";
import { pairsOf, startSimulator } from "../helpers/sim.js";

const D = uuid("ev-d");
const A = [uuid("ev-a0"), uuid("ev-a1"), uuid("ev-a2")];

function repo() {
  const r = TestRepo.create();
  r.write("activation-plans/base.yaml", planYaml("base", "prod", { [D]: [A[0]!] }));
  const base = r.commit("base");
  r.write("activation-plans/team/flash.yml", planYaml("flash", "prod", { [D]: [A[1]!, A[2]!] }));
  const head = r.commit("flash");
  return { r, base, head };
}

async function world() {
  const gh = new GitHubStandIn();
  await gh.start();
  const clock = new VirtualClock();
  const sim = await startSimulator({ now: clock.now, maps: pairsOf({ [D]: A }) });
  const { r, base, head } = repo();
  const creds = {
    "client-id": "cid",
    "client-secret": "ev-secret-77c1",
    "org-id": "ORG@AdobeOrg",
    "platform-url": sim.url,
    "ims-url": sim.url,
  };
  const step = (eventName: string, event: unknown, sha: string, extra: Record<string, string> = {}) =>
    runStep(
      { workspace: r.dir, eventName, event, sha, apiUrl: gh.url, with: { ...creds, ...extra } },
      { clock },
    );
  const platformWrites = () =>
    sim.requests.filter((x) => x.method === "POST" && x.path.endsWith("/adhocrun"));
  const platformCalls = () => sim.requests.filter((x) => x.path !== "/ims/token/v3");
  return { gh, sim, r, base, head, step, platformWrites, platformCalls, clock };
}

describe("every action.yml default, as the runner injects it", () => {
  it("the untouched default `plans` glob selects the plans on pull_request and push; a plain workflow_dispatch reconciles like a scheduled run (safe to click), and one naming plans runs them in full", async () => {
    const w = await world();
    const setup = await w.step("workflow_dispatch", workflowDispatchEvent(), w.head, {
      "dry-run": "true",
      init: "true",
    });
    expect(setup.code, setup.stdout).toBe(0);
    const pr = await w.step(
      "pull_request",
      pullRequestEvent({ number: 3, base: w.base, head: w.head }),
      w.head,
      {
        preflight: "false",
      },
    );
    expect(pr.env.INPUT_PLANS).toBe(actionYml.inputs.plans!.default);
    expect(pr.env["INPUT_GITHUB-TOKEN"]).toMatch(/^ghs_/); // `${{ github.token }}` expanded, dashes kept
    expect(pr.code, pr.stdout).toBe(0);
    expect(pr.summary).toContain("1 plan changed · 2 pairs to activate");
    w.gh.pulls.set(w.head, 3);
    const push = await w.step("push", pushEvent({ before: w.base, after: w.head }), w.head);
    expect(push.code, push.stdout).toBe(0);
    expect(push.env.INPUT_PLANS).toBe(actionYml.inputs.plans!.default);
    expect(JSON.parse(push.outputs.result!)).toHaveLength(2);
    // A plain click (every input at its default): nothing to catch up, nothing pending; nothing sent.
    const plain = await w.step("workflow_dispatch", workflowDispatchEvent(), w.head);
    expect(plain.code, plain.stdout).toBe(0);
    expect(plain.env.INPUT_PLANS).toBe(actionYml.inputs.plans!.default);
    expect(plain.stdout).toContain("A manual run with no plans named reconciles like a scheduled run");
    expect(plain.stdout).toContain(`Nothing to catch up: ${w.head.slice(0, 12)} is reconciled.`);
    expect(JSON.parse(plain.outputs.result!)).toEqual([]);
    // `force` needs plans named: a plain click never resends everything.
    const forced = await w.step("workflow_dispatch", workflowDispatchEvent(), w.head, { force: "true" });
    expect(forced.code, forced.stdout).toBe(1);
    expect(forced.outputs["failure-reason"]).toBe("configuration");
    expect(forced.stdout).toContain("name them in the input 'plans'");
    const manual = await w.step("workflow_dispatch", workflowDispatchEvent(), w.head, {
      "dry-run": "true",
      plans: "activation-plans/",
    });
    expect(manual.code, manual.stdout).toBe(0);
    expect(JSON.parse(manual.outputs.result!)).toHaveLength(3); // every pair of every plan
    expect(w.platformWrites()).toHaveLength(1); // the merge's one job; the click and the dry run wrote nothing
    expect(w.gh.violations).toEqual([]);
  });

  it("a `plans` selection that matches nothing fails as configuration, naming the pattern", async () => {
    const w = await world();
    for (const [eventName, event] of [
      ["pull_request", pullRequestEvent({ number: 4, base: w.base, head: w.head })],
      ["push", pushEvent({ before: w.base, after: w.head })],
      ["workflow_dispatch", workflowDispatchEvent()],
    ] as const) {
      const run = await w.step(eventName, event, w.head, { plans: "activation-plan/**/*.yaml" });
      expect(run.code, eventName).toBe(1);
      expect(run.outputs["failure-reason"], eventName).toBe("configuration");
      expect(run.stdout).toContain("no plan files match 'activation-plan/**/*.yaml'");
    }
    const validate = await w.step("push", pushEvent({ before: w.base, after: w.head }), w.head, {
      mode: "validate",
      plans: "nothing/here",
    });
    expect(validate.outputs["failure-reason"]).toBe("configuration");
    expect(validate.stdout).toContain("no plan files match 'nothing/here'");
    expect(w.platformCalls()).toEqual([]);
  });

  it("list inputs: one pattern per line, `!` excludes, and a comma inside braces is part of the glob", async () => {
    const w = await world();
    const run = await w.step("workflow_dispatch", workflowDispatchEvent(), w.head, {
      plans: "activation-plans/**/*.{yml,yaml}\n!activation-plans/base.yaml\n",
      "dry-run": "true",
    });
    expect(run.code, run.stdout).toBe(0);
    const rows = JSON.parse(run.outputs.result!) as { plan: string }[];
    expect(new Set(rows.map((x) => x.plan))).toEqual(new Set(["flash"]));
  });
});

describe("each event on purpose", () => {
  it("pull_request opened, synchronize and reopened preview with pre-flight, closed does nothing; none writes to Platform", async () => {
    const w = await world();
    for (const action of ["opened", "synchronize", "reopened"]) {
      const run = await w.step(
        "pull_request",
        pullRequestEvent({ number: 5, base: w.base, head: w.head, action }),
        w.head,
      );
      expect(run.code, run.stdout).toBe(0);
      expect(run.outputs["plan-hash"]).toMatch(/^sha256:/);
      expect(run.outputs.result).toBeUndefined();
    }
    expect(w.gh.comments.get(5)).toHaveLength(1);
    const closed = await w.step(
      "pull_request",
      pullRequestEvent({ number: 5, base: w.base, head: w.head, action: "closed" }),
      w.head,
    );
    expect(closed.code, closed.stdout).toBe(0);
    expect(closed.stdout).toContain("::notice::PR #5 was closed; nothing to preview.");
    expect(closed.outputs["plan-hash"]).toBeUndefined();
    expect(w.sim.requests.some((x) => x.path.includes("/flowservice/flows"))).toBe(true); // the pre-flight read
    expect(w.platformWrites()).toEqual([]);
  });

  it("a fork's pull_request without secrets previews in the summary and never calls Platform", async () => {
    const w = await world();
    w.gh.readOnly = true;
    const run = await runStep({
      workspace: w.r.dir,
      eventName: "pull_request",
      event: pullRequestEvent({ number: 6, base: w.base, head: w.head, action: "opened", fork: true }),
      sha: w.head,
      apiUrl: w.gh.url,
    });
    expect(run.code, run.stdout).toBe(0);
    expect(run.summary).toContain("2 pairs to activate");
    expect(w.platformCalls()).toEqual([]);
  });

  it("pull_request_target previews the PR's plans as git data; with credentials it reads from Platform only the names of IDs already on the base branch", async () => {
    const w = await world();
    // The org names the audience the PR adds (a fork must not learn it): the dataflow lists it too.
    w.sim.state.dataflows.get(D)!.audiences.find((a) => a.id === A[1])!.name = "Org-only audience name";
    w.r.git("checkout", "-q", w.base); // the base branch is what is checked out; the PR is never checked out
    const run = await w.step(
      "pull_request_target",
      pullRequestEvent({ number: 7, base: w.base, head: w.head, fork: true }),
      w.base,
    );
    expect(run.code, run.stdout).toBe(0);
    expect(run.summary).toContain("2 pairs to activate");
    const comment = w.gh.comments.get(7)![0]!.body;
    expect(comment).toContain("aep-activation-plans:plan-hash=sha256:");
    // No pre-flight; and a fork learns no name of an ID it brings: D is on the base branch, so its
    // name is read and shown; A1 and A2 are new, so no audience is read at all.
    expect(comment).toContain("· not checked against Platform (no pre-flight)");
    expect(comment).toContain("Names are Platform's for the IDs already on the base branch;");
    expect(comment).toContain(`- Dataflow ${D.slice(0, 8)} \`${D.slice(0, 8)}…\``);
    expect(comment).not.toContain("Org-only audience name");
    const flowRead = w.platformCalls()[0]?.response;
    expect(JSON.stringify(flowRead)).toContain("Org-only audience name"); // read, and withheld
    expect(w.platformCalls().map((x) => `${x.method} ${x.path}`)).toEqual([
      `GET /data/foundation/flowservice/flows/${D}`,
    ]);
    expect(run.stdout).toContain("pull_request_target: the PR's plans are read as git data only");
    expect(w.r.git("rev-parse", "HEAD")).toBe(w.base);
    const read = w.platformCalls().length;
    const forced = await w.step(
      "pull_request_target",
      pullRequestEvent({ number: 7, base: w.base, head: w.head }),
      w.base,
      {
        mode: "apply",
      },
    );
    expect(forced.code).toBe(1);
    expect(forced.outputs["failure-reason"]).toBe("configuration");
    expect(forced.stdout).toContain("mode 'apply' is refused on pull_request_target");
    expect(w.platformCalls()).toHaveLength(read); // refused before anything is read
  });

  it("merge_group validates and previews in the summary, never applies", async () => {
    const w = await world();
    const run = await w.step("merge_group", mergeGroupEvent({ base: w.base, head: w.head, pr: 8 }), w.head);
    expect(run.code, run.stdout).toBe(0);
    expect(run.summary).toContain("2 pairs to activate");
    expect(run.outputs.result).toBeUndefined();
    expect(w.gh.requests.filter((x) => x.method !== "GET")).toEqual([]);
    expect(w.platformCalls()).toEqual([]);
    w.r.write("activation-plans/team/flash.yml", "spec: [broken");
    const broken = w.r.commit("broken");
    const invalid = await w.step(
      "merge_group",
      mergeGroupEvent({ base: w.head, head: broken, pr: 8 }),
      broken,
    );
    expect(invalid.code).toBe(1);
    expect(invalid.outputs["failure-reason"]).toBe("invalid-plan");
  });

  it("a push to another branch previews in the summary only", async () => {
    const w = await world();
    const run = await w.step(
      "push",
      pushEvent({ before: w.base, after: w.head, ref: "refs/heads/feature" }),
      w.head,
    );
    expect(run.code, run.stdout).toBe(0);
    expect(run.summary).toContain("2 pairs to activate");
    expect(run.outputs.result).toBeUndefined();
    expect(w.gh.requests).toEqual([]);
    expect(w.platformCalls()).toEqual([]);
  });

  it("a branch deletion and a tag push do nothing, with one clear line", async () => {
    const w = await world();
    const deleted = await w.step(
      "push",
      branchDeletedEvent({ before: w.head, ref: "refs/heads/feature" }),
      w.head,
    );
    expect(deleted.code, deleted.stdout).toBe(0);
    expect(deleted.stdout).toContain(
      "::notice::refs/heads/feature was deleted; there is nothing to activate.",
    );
    const tag = await w.step("push", tagPushEvent({ after: w.head, tag: "v1" }), w.head);
    expect(tag.code, tag.stdout).toBe(0);
    expect(tag.stdout).toContain(
      "::notice::refs/tags/v1 is a tag push; plans are applied from branch pushes only.",
    );
    expect(w.gh.requests).toEqual([]);
    expect(w.platformCalls()).toEqual([]);
  });

  it("schedule with no activation state, and unsupported events: exit 0 with a message, no Platform call, no GitHub write", async () => {
    const w = await world();
    const scheduled = await w.step("schedule", scheduleEvent(), w.head);
    expect(scheduled.code, scheduled.stdout).toBe(0);
    expect(scheduled.stdout).toContain(
      "::notice::No reconciled commit is recorded yet: run the setup run once",
    );
    // It looked for the state branch, and wrote nothing.
    expect(w.gh.requests.filter((q) => q.method !== "GET")).toEqual([]);
    w.gh.requests.length = 0;
    const other = await w.step("issue_comment", issueCommentEvent(), w.head);
    expect(other.code, other.stdout).toBe(0);
    expect(other.stdout).toContain(
      "The event 'issue_comment' is not one this Action handles (it handles pull_request, pull_request_target, merge_group, push, workflow_dispatch and schedule)",
    );
    expect(w.gh.requests).toEqual([]);
    expect(w.platformCalls()).toEqual([]);
  });

  it("a merge whose PR comments cannot be read (HTTP 500) fails closed as github-unavailable, not not-reviewed", async () => {
    const w = await world();
    w.gh.pulls.set(w.head, 9);
    w.gh.commentsStatus = 500;
    const run = await w.step("push", pushEvent({ before: w.base, after: w.head }), w.head);
    expect(run.code).toBe(1);
    expect(run.outputs["failure-reason"]).toBe("github-unavailable");
    expect(run.stdout).toContain("could not read the comments of PR #9 from GitHub (HTTP 500)");
    expect(w.platformWrites()).toEqual([]);
  });

  it("a platform-url on plain http off loopback fails as configuration before any call", async () => {
    const w = await world();
    const run = await w.step("workflow_dispatch", workflowDispatchEvent(), w.head, {
      "platform-url": "http://platform.example.com",
    });
    expect(run.code).toBe(1);
    expect(run.outputs["failure-reason"]).toBe("configuration");
    expect(run.stdout).toContain("input 'platform-url' 'http://platform.example.com' is not https");
    expect(w.sim.requests).toEqual([]);
  });

  it("a malformed event file fails as configuration, with no stack trace", async () => {
    const w = await world();
    const run = await w.step("push", "not an object", w.head);
    expect(run.code).toBe(1);
    expect(run.outputs["failure-reason"]).toBe("configuration");
    expect(run.stdout).toContain("the event payload is not a JSON object");
    expect(run.stdout).not.toMatch(/^\s+at /m);
  });

  it("an event file that is not JSON: the built Action fails as configuration, one line, no stack trace", async () => {
    const w = await world();
    const step: Step = {
      workspace: w.r.dir,
      eventName: "push",
      event: {},
      rawEvent: "{not json",
      sha: w.head,
      apiUrl: w.gh.url,
    };
    const run = await runStep(step, { dist: true });
    expect(run.code).toBe(1);
    expect(run.outputs["failure-reason"]).toBe("configuration");
    expect(run.stdout).toMatch(/^::error::the event file .* is not valid JSON$/m);
    expect(run.stdout).not.toMatch(/^\s+at /m);
    expect(run.stdout).not.toContain("SyntaxError");
  });
});

describe("the example workflows, run as written", () => {
  const secrets = { AEP_CLIENT_ID: "cid", AEP_CLIENT_SECRET: "wf-secret-31d7", AEP_ORG_ID: "ORG@AdobeOrg" };

  it("review on the PR, apply on merge, the scheduled catch-up and the manual run, each with its own `with:` block", async () => {
    const w = await world();
    // Only the endpoints are added: as written, the examples talk to Adobe, which tests cannot reach.
    const endpoints = { "platform-url": w.sim.url, "ims-url": w.sim.url };
    const run = (
      file: string,
      eventName: string,
      event: unknown,
      sha: string,
      inputs?: Record<string, string>,
    ) => {
      const wf = workflowStep(file, { secrets, event, ...(inputs === undefined ? {} : { inputs }) });
      expect(wf.events).toContain(eventName);
      const step: Step = {
        workspace: w.r.dir,
        eventName,
        event,
        sha,
        apiUrl: w.gh.url,
        with: { ...wf.with, ...endpoints },
      };
      return runStep(step, { clock: w.clock });
    };
    // Setup, as the README says: the manual workflow once with init (and its default dry-run).
    const setup = await run(
      "examples/workflows/manual.yml",
      "workflow_dispatch",
      workflowDispatchEvent(),
      w.head,
      {
        plans: "activation-plans/**",
        init: "true",
      },
    );
    expect(setup.code, setup.stdout).toBe(0);
    expect(w.platformWrites()).toHaveLength(0);
    const prEvent = pullRequestEvent({ number: 12, base: w.base, head: w.head });
    const review = await run("examples/workflows/pr-review.yml", "pull_request", prEvent, w.head);
    expect(review.code, review.stdout).toBe(0);
    expect(w.gh.comments.get(12)).toHaveLength(1);
    w.gh.pulls.set(w.head, 12);
    const merged = await run(
      "examples/workflows/merge-apply.yml",
      "push",
      pushEvent({ before: w.base, after: w.head }),
      w.head,
    );
    expect(merged.code, merged.stdout).toBe(0);
    expect(w.sim.state.accepted).toHaveLength(2);
    // The 15-minute catch-up after that merge's run: nothing missed, nothing written.
    const writes = w.gh.requests.filter((q) => q.method !== "GET").length;
    const caughtUp = await run("examples/workflows/scheduled.yml", "schedule", scheduleEvent(), w.head);
    expect(caughtUp.code, caughtUp.stdout).toBe(0);
    expect(caughtUp.stdout).toContain(`::notice::Nothing to catch up: ${w.head.slice(0, 12)} is reconciled.`);
    expect(w.gh.requests.filter((q) => q.method !== "GET").length).toBe(writes);
    const manual = await run(
      "examples/workflows/manual.yml",
      "workflow_dispatch",
      workflowDispatchEvent(),
      w.head,
      {
        plans: "activation-plans/team/flash.yml",
      },
    );
    expect(manual.code, manual.stdout).toBe(0);
    expect(manual.summary).toContain("dry run"); // the manual example defaults to a dry run
    expect(w.sim.state.accepted).toHaveLength(2);
    for (const r of [review, merged, caughtUp, manual])
      expect(r.summary + JSON.stringify(r.outputs)).not.toContain(secrets.AEP_CLIENT_SECRET);
    expect(w.gh.violations).toEqual([]);
  });
});
