// Hostile review: a pull_request_target run of ANOTHER PR can vouch for a PR that changes a workflow.
import { expect, it } from "vitest";
import { GitHubStandIn } from "../helpers/github-standin.js";
import { TestRepo } from "../helpers/git-repo.js";
import { planYaml, uuid } from "../helpers/plans.js";
import { pullRequestEvent, pushEvent, workflowDispatchEvent } from "../helpers/payloads.js";
import { runStep, VirtualClock } from "../helpers/runner.js";
import { pairsOf, startSimulator } from "../helpers/sim.js";

const D = uuid("hg-d");
const A = [uuid("hg-a0"), uuid("hg-a1")];

it("a PR that changes a workflow cannot be vouched for by citing some pull_request_target run of another PR", async () => {
  const gh = new GitHubStandIn();
  await gh.start();
  const clock = new VirtualClock();
  const sim = await startSimulator({ runDurationMs: 300, clock, maps: pairsOf({ [D]: A }) });
  const r = TestRepo.create();
  const base = r
    .write("activation-plans/base.yaml", planYaml("base", "prod", { [D]: [A[0]!] }))
    .commit("base");
  const head = r
    .write("activation-plans/flash.yaml", planYaml("flash", "prod", { [D]: [A[1]!] }))
    .commit("flash");
  const inputs = {
    "client-id": "hg-client",
    "client-secret": "hg-secret-9f8e",
    "org-id": "ORG@AdobeOrg",
    "platform-url": sim.url,
    "ims-url": sim.url,
  };
  const step = (eventName: string, event: unknown, sha: string, extra: Record<string, string> = {}) =>
    runStep(
      { workspace: r.dir, eventName, event, sha, apiUrl: gh.url, with: { ...inputs, ...extra } },
      { clock },
    );
  expect(
    (await step("workflow_dispatch", workflowDispatchEvent({}), head, { init: "true", "dry-run": "true" }))
      .code,
  ).toBe(0);
  // Some unrelated fork PR #99 got a pull_request_target run in this repo (any such run will do).
  const other = await step(
    "pull_request_target",
    pullRequestEvent({ number: 99, base, head: base, fork: true }),
    base,
  );
  expect(other.code, other.stdout).toBe(0);
  const targetRun = other.env.GITHUB_RUN_ID!;
  // PR #40 (same repository) adds a workflow; its genuine preview is computed, then that workflow
  // (running with the repo's token, so as github-actions[bot]) rewrites the sticky to cite run #targetRun.
  const pr = await step("pull_request", pullRequestEvent({ number: 40, base, head }), head);
  expect(pr.code, pr.stdout).toBe(0);
  gh.prFiles.set(40, ["activation-plans/flash.yaml", ".github/workflows/evil.yml"]);
  const sticky = gh.comments.get(40)![0]!;
  sticky.body = sticky.body.replace(/ run=\d+ /, ` run=${targetRun} `);
  gh.pulls.set(head, 40);
  const merged = await step("push", pushEvent({ before: base, after: head }), head);
  expect(merged.outputs["failure-reason"], merged.stdout).toBe("not-reviewed");
  expect(sim.state.accepted).toHaveLength(0);
});
