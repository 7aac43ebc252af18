// Reviewed means reviewed: a merge applies a plan only under a preview that this Action wrote with
// this token, from a pull_request run of this repository for the PR's head, whose workflow file the
// PR does not change; and only when the push is that PR's merge commit.
import { describe, expect, it } from "vitest";
import { GitHubStandIn } from "../helpers/github-standin.js";
import { TestRepo } from "../helpers/git-repo.js";
import { planYaml, uuid } from "../helpers/plans.js";
import { pullRequestEvent, pushEvent, workflowDispatchEvent } from "../helpers/payloads.js";
import { runStep, VirtualClock } from "../helpers/runner.js";
import { pairsOf, startSimulator } from "../helpers/sim.js";

const D = uuid("rg-d");
const A = [uuid("rg-a0"), uuid("rg-a1")];

async function world() {
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
    "client-id": "rg-client",
    "client-secret": "rg-secret-9f8e",
    "org-id": "ORG@AdobeOrg",
    "platform-url": sim.url,
    "ims-url": sim.url,
  };
  const step = (eventName: string, event: unknown, sha: string, extra: Record<string, string> = {}) =>
    runStep(
      { workspace: r.dir, eventName, event, sha, apiUrl: gh.url, with: { ...inputs, ...extra } },
      { clock },
    );
  const init = await step("workflow_dispatch", workflowDispatchEvent({}), head, {
    init: "true",
    "dry-run": "true",
  });
  expect(init.code, init.stdout).toBe(0);
  const preview = (pr: number, extra: Record<string, string> = {}) =>
    step("pull_request", pullRequestEvent({ number: pr, base, head }), head, extra);
  /** A fork's PR previewed by the base branch's workflow: the run's commit is the base's. */
  const previewTarget = (pr: number) =>
    step("pull_request_target", pullRequestEvent({ number: pr, base, head, fork: true }), base);
  const merge = (pr: number | undefined) => {
    if (pr !== undefined) gh.pulls.set(head, pr);
    return step("push", pushEvent({ before: base, after: head }), head);
  };
  return { gh, sim, r, base, head, preview, previewTarget, merge };
}

describe("reviewed means reviewed", () => {
  it("a marker forged by another author is ignored (not-reviewed) and never edited; the bot's own preview then counts", async () => {
    const w = await world();
    // The PR's author (a fork: the workflow token is read-only, so the bot cannot comment) posts the
    // marker with the right hash, computed as the public CLI would.
    const fork = await w.preview(31, { "github-token": "ghs_readonly" });
    w.gh.readOnly = true;
    expect(fork.code, fork.stdout).toBe(0);
    w.gh.readOnly = false;
    const forged = `<!-- aep-activation-plans:sticky -->\n<!-- aep-activation-plans:plan-hash=${fork.outputs["plan-hash"]} run=${fork.env.GITHUB_RUN_ID} head=${w.head} -->\nLooks good to me`;
    w.gh.comments.set(31, [{ id: 1, body: forged, user: { login: "mallory", type: "User" } }]);
    const refused = await w.merge(31);
    expect(refused.code).toBe(1);
    expect(refused.outputs["failure-reason"]).toBe("not-reviewed");
    expect(refused.stdout).toContain("PR #31 has no preview written by github-actions[bot]");
    expect(refused.summary).toContain("> PR #\u206031 has no preview written by github-actions\\[bot\\]");
    expect(w.sim.state.accepted).toHaveLength(0);
    // A preview run with a token that may write: its own comment, the forged one untouched.
    const ours = await w.preview(31);
    expect(ours.code, ours.stdout).toBe(0);
    const comments = w.gh.comments.get(31) ?? [];
    expect(comments.map((c) => [c.user.login, c.body === forged])).toEqual([
      ["mallory", true],
      ["github-actions[bot]", false],
    ]);
    const merged = await w.merge(31);
    expect(merged.code, merged.stdout).toBe(0);
    expect(merged.stdout).toContain(`written by workflow run ${ours.env.GITHUB_RUN_ID}`);
    expect(w.sim.state.accepted).toHaveLength(1);
    expect(w.gh.comments.get(31)?.[0]?.body).toBe(forged);
    expect(w.gh.violations).toEqual([]);
  });

  it("a preview by github-actions[bot] on a PR that changes its workflow, or any workflow or local action: not-reviewed", async () => {
    const w = await world();
    const pr = await w.preview(32);
    expect(pr.code, pr.stdout).toBe(0);
    w.gh.prFiles.set(32, ["activation-plans/flash.yaml", ".github/workflows/activation.yml"]);
    const refused = await w.merge(32);
    expect(refused.outputs["failure-reason"]).toBe("not-reviewed");
    expect(refused.stdout).toContain("PR #32 changes .github/workflows/activation.yml: code the PR adds");
    // Another workflow or a local action, too: its code could post as the bot, citing a genuine run.
    w.gh.prFiles.set(32, ["activation-plans/flash.yaml", ".github/actions/setup/action.yml"]);
    const local = await w.merge(32);
    expect(local.outputs["failure-reason"]).toBe("not-reviewed");
    expect(local.stdout).toContain("PR #32 changes .github/actions/setup/action.yml");
    expect(w.sim.state.accepted).toHaveLength(0);
    w.gh.prFiles.set(32, ["activation-plans/flash.yaml", "docs/README.md"]);
    expect((await w.merge(32)).code).toBe(0);
    expect(w.sim.state.accepted).toHaveLength(1);
    expect(w.gh.violations).toEqual([]);
  });

  it("a preview of an older head of the PR: not-reviewed, naming both commits", async () => {
    const w = await world();
    expect((await w.preview(33)).code).toBe(0);
    w.gh.prHeads.set(33, "f".repeat(40)); // pushed to the PR later; no preview ran for it
    const refused = await w.merge(33);
    expect(refused.outputs["failure-reason"]).toBe("not-reviewed");
    expect(refused.stdout).toContain(
      `was written for ${w.head.slice(0, 12)}, but the PR's head is ffffffffffff`,
    );
    expect(w.sim.state.accepted).toHaveLength(0);
  });

  it("a direct push of an open PR's previewed head is not that PR's merge: not-reviewed", async () => {
    const w = await world();
    expect((await w.preview(34)).code).toBe(0);
    const pushed = await w.merge(undefined); // the PR stays open; its head lands on main by a push
    expect(pushed.outputs["failure-reason"]).toBe("not-reviewed");
    expect(pushed.stdout).toContain(`${w.head.slice(0, 12)} is not the merge commit of a pull request`);
    expect(w.sim.state.accepted).toHaveLength(0);
    expect(w.gh.violations).toEqual([]);
  });

  it("a fork's PR previewed by pull_request_target (the base's workflow): applies at merge; a head it never previewed does not", async () => {
    const w = await world();
    const pr = await w.previewTarget(35);
    expect(pr.code, pr.stdout).toBe(0);
    expect(w.gh.workflowRuns.get(pr.env.GITHUB_RUN_ID!)?.head_sha).toBe(w.base); // as GitHub records it
    w.gh.prHeads.set(35, "e".repeat(40));
    const stale = await w.merge(35);
    expect(stale.outputs["failure-reason"]).toBe("not-reviewed");
    expect(stale.stdout).toContain(
      `was written for ${w.head.slice(0, 12)}, but the PR's head is eeeeeeeeeeee`,
    );
    w.gh.prHeads.set(35, w.head);
    const merged = await w.merge(35);
    expect(merged.code, merged.stdout).toBe(0);
    expect(w.sim.state.accepted).toHaveLength(1);
    expect(w.gh.violations).toEqual([]);
  });

  it("a PR that changes a workflow cannot borrow another PR's pull_request_target run (found by a hostile review)", async () => {
    const w = await world();
    // An unrelated fork PR #99 had a pull_request_target run here; any such run would do.
    const other = await w.previewTarget(99);
    expect(other.code, other.stdout).toBe(0);
    // PR #40 (same repository) adds a workflow, which (as github-actions[bot]) rewrites the sticky
    // to cite that run, with PR #40's own head.
    expect((await w.preview(40)).code).toBe(0);
    w.gh.prFiles.set(40, ["activation-plans/flash.yaml", ".github/workflows/evil.yml"]);
    const sticky = w.gh.comments.get(40)![0]!;
    sticky.body = sticky.body.replace(/ run=\d+ /, ` run=${other.env.GITHUB_RUN_ID} `);
    const merged = await w.merge(40);
    expect(merged.outputs["failure-reason"], merged.stdout).toBe("not-reviewed");
    expect(merged.stdout).toContain("PR #40 changes .github/workflows/evil.yml");
    expect(w.sim.state.accepted).toHaveLength(0);
  });
});
