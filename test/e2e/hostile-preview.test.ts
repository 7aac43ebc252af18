// Hostile review of invalid-plan previews (cff0649) and fail-on-preflight / pre-flight notes (020b6fe),
// through the runner-faithful harness against the Platform simulator and the GitHub stand-in.
import { describe, expect, it } from "vitest";
import { GitHubStandIn } from "../helpers/github-standin.js";
import { TestRepo } from "../helpers/git-repo.js";
import { planYaml, uuid } from "../helpers/plans.js";
import { pullRequestEvent, workflowDispatchEvent } from "../helpers/payloads.js";
import { runStep, VirtualClock } from "../helpers/runner.js";
import { startSimulator } from "../helpers/sim.js";

const D = uuid("hp-d");
const A = [uuid("hp-a0"), uuid("hp-a1"), uuid("hp-a2")];
const SECRET = "hp-secret-9f8e7d";
/** GitHub answers 422 "Body is too long" over this (docs/github-actions-facts.md). */
const GITHUB_COMMENT_LIMIT = 65_536;

const creds = (url: string) => ({
  "client-id": "cid",
  "client-secret": SECRET,
  "org-id": "ORG@AdobeOrg",
  "platform-url": url,
  "ims-url": url,
  "github-token": "ghs_token123456",
});

function repo() {
  const r = TestRepo.create();
  r.write("activation-plans/base.yaml", planYaml("base", "prod", { [D]: [A[0]!] }));
  const base = r.commit("base");
  r.write("activation-plans/flash.yaml", planYaml("flash", "prod", { [D]: [A[1]!, A[2]!] }));
  const head = r.commit("flash");
  return { r, base, head };
}

describe("hostile review: invalid-plan previews and fail-on-preflight", () => {
  it("an invalid-plans comment with long unknown keys stays within GitHub's 65,536-character comment limit (else GitHub refuses it and the old valid preview stands)", async () => {
    const gh = new GitHubStandIn();
    await gh.start();
    const clock = new VirtualClock();
    const sim = await startSimulator({
      now: clock.now,
      maps: [A[1]!, A[2]!].map((audience) => ({ destination: D, audience })),
    });
    const { r, base, head } = repo();
    const step = (sha: string) =>
      runStep(
        {
          workspace: r.dir,
          eventName: "pull_request",
          event: pullRequestEvent({ number: 21, base, head: sha }),
          with: creds(sim.url),
          apiUrl: gh.url,
          sha,
        },
        { clock },
      );
    const first = await step(head);
    expect(first.code, first.stdout).toBe(0);
    expect(gh.comments.get(21)![0]!.body).toContain("plan-hash=sha256:");
    // The next push adds 120 unknown top-level keys of 1,000 characters each (a 120 kB file, well under 1 MiB).
    const keys = Array.from({ length: 120 }, (_, i) => `k${String(i).padStart(3, "0")}${"x".repeat(996)}: 1`);
    r.write(
      "activation-plans/flash.yaml",
      planYaml("flash", "prod", { [D]: [A[1]!, A[2]!] }) + keys.join("\n") + "\n",
    );
    const broken = r.commit("broken");
    const stale = await step(broken);
    expect(stale.code).toBe(1);
    expect(stale.outputs["failure-reason"]).toBe("invalid-plan");
    const body = gh.comments.get(21)![0]!.body;
    expect(body).toContain("Preview out of date");
    // The stand-in takes any length; GitHub answers 422, tryComment only warns, and the earlier
    // preview (with its plan hash) stays on the PR while the check says the plans are invalid.
    expect(body.length).toBeLessThanOrEqual(GITHUB_COMMENT_LIMIT);
  });

  it("fail-on-preflight is documented for pull requests only: a manual mode: plan run (no PR) keeps its check green on a finding", async () => {
    const gh = new GitHubStandIn();
    await gh.start();
    const clock = new VirtualClock();
    const sim = await startSimulator({
      now: clock.now,
      fixture: { strict: true, dataflows: [{ id: D, audiences: [{ id: A[1]! }] }] },
    });
    const { r, head } = repo();
    const run = await runStep(
      {
        workspace: r.dir,
        eventName: "workflow_dispatch",
        event: workflowDispatchEvent({}),
        with: { ...creds(sim.url), mode: "plan" },
        apiUrl: gh.url,
        sha: head,
      },
      { clock },
    );
    expect(run.stdout).toContain("Pre-flight found");
    // action.yml / README / CHANGELOG: "On pull requests, fail the check when the pre-flight finds …".
    expect(run.outputs["failure-reason"]).toBeUndefined();
    expect(run.code, run.stdout).toBe(0);
  });

  it("a manual dry run (dry-run: true) meeting a scheduled export says so, as a PR's pre-flight does (the engine now reads it, then the note is dropped)", async () => {
    const gh = new GitHubStandIn();
    await gh.start();
    const clock = new VirtualClock();
    const sim = await startSimulator({
      now: clock.now,
      maps: [A[0]!, A[1]!, A[2]!].map((audience) => ({ destination: D, audience })),
      fixture: { exportJobs: [{ busyForMs: 3 * 3_600_000 }] },
    });
    const { r, head } = repo();
    const run = await runStep(
      {
        workspace: r.dir,
        eventName: "workflow_dispatch",
        event: workflowDispatchEvent({}),
        with: { ...creds(sim.url), "dry-run": "true", init: "true", plans: "activation-plans/flash.yaml" },
        apiUrl: gh.url,
        sha: head,
      },
      { clock },
    );
    expect(run.code, run.stdout).toBe(0);
    // The dry run read the export jobs (new in 020b6fe) …
    expect(sim.requests.some((x) => x.method === "GET" && /export/i.test(x.path))).toBe(true);
    // … and what it found reaches neither the summary nor the log.
    expect(run.summary + run.stdout).toMatch(/scheduled segment export job \d+ is PROCESSING/);
  });
});
