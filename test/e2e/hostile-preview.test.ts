// Hostile review of invalid-plan previews (cff0649) and fail-on-preflight / pre-flight notes (020b6fe),
// through the runner-faithful harness against the Platform simulator and the GitHub stand-in.
import { describe, expect, it } from "vitest";
import { pullRequestEvent, workflowDispatchEvent } from "../helpers/payloads.js";
import { planYaml } from "../helpers/plans.js";
import { prWorld } from "../helpers/pr-world.js";

const SECRET = "hp-secret-9f8e7d";
/** GitHub answers 422 "Body is too long" over this (docs/github-actions-facts.md). */
const GITHUB_COMMENT_LIMIT = 65_536;

describe("hostile review: invalid-plan previews and fail-on-preflight", () => {
  it("an invalid-plans comment with long unknown keys stays within GitHub's 65,536-character comment limit (else GitHub refuses it and the old valid preview stands)", async () => {
    const {
      D,
      A,
      gh,
      r,
      base,
      head,
      step: run,
    } = await prWorld("hp", SECRET, ({ D, A }) => ({
      maps: [A[1], A[2]].map((audience) => ({ destination: D, audience })),
    }));
    const step = (sha: string) => run("pull_request", pullRequestEvent({ number: 21, base, head: sha }), sha);
    const first = await step(head);
    expect(first.code, first.stdout).toBe(0);
    expect(gh.comments.get(21)![0]!.body).toContain("plan-hash=sha256:");
    // The next push adds 120 unknown top-level keys of 1,000 characters each (a 120 kB file, well under 1 MiB).
    const keys = Array.from({ length: 120 }, (_, i) => `k${String(i).padStart(3, "0")}${"x".repeat(996)}: 1`);
    r.write(
      "activation-plans/flash.yaml",
      planYaml("flash", "prod", { [D]: [A[1], A[2]] }) + keys.join("\n") + "\n",
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
    const { head, step } = await prWorld("hp", SECRET, ({ D, A }) => ({
      fixture: { strict: true, dataflows: [{ id: D, audiences: [{ id: A[1] }] }] },
    }));
    const run = await step("workflow_dispatch", workflowDispatchEvent({}), head, { mode: "plan" });
    expect(run.stdout).toContain("Pre-flight found");
    // action.yml / README / CHANGELOG: "On pull requests, fail the check when the pre-flight finds …".
    expect(run.outputs["failure-reason"]).toBeUndefined();
    expect(run.code, run.stdout).toBe(0);
  });

  it("a manual dry run (dry-run: true) meeting a scheduled export says so, as a PR's pre-flight does (the engine now reads it, then the note is dropped)", async () => {
    const { sim, head, step } = await prWorld("hp", SECRET, ({ D, A }) => ({
      maps: A.map((audience) => ({ destination: D, audience })),
      fixture: { exportJobs: [{ busyForMs: 3 * 3_600_000 }] },
    }));
    const run = await step("workflow_dispatch", workflowDispatchEvent({}), head, {
      "dry-run": "true",
      init: "true",
      plans: "activation-plans/flash.yaml",
    });
    expect(run.code, run.stdout).toBe(0);
    // The dry run read the export jobs (new in 020b6fe) …
    expect(sim.requests.some((x) => x.method === "GET" && /export/i.test(x.path))).toBe(true);
    // … and what it found reaches neither the summary nor the log.
    expect(run.summary + run.stdout).toMatch(/scheduled segment export job \d+ is PROCESSING/);
  });

  it("a dataflow to a streaming destination is a pre-flight finding at the plan's line, and the check fails: ad-hoc activation serves file-based destinations only", async () => {
    const STREAMING_SPEC = "d0b2f1c3-9a4e-4d2b-8f6e-2c1d3b4a5e6f"; // not a flow spec Adobe lists for files
    const { sim, base, head, D, A, step } = await prWorld("hps", SECRET, ({ D: d, A: a }) => ({
      fixture: { dataflows: [{ id: d, streamingSpec: STREAMING_SPEC, audiences: a.map((id) => ({ id })) }] },
    }));
    const run = await step("pull_request", pullRequestEvent({ number: 31, base, head }), head);
    expect(run.code, run.stdout).toBe(1);
    expect(run.outputs["failure-reason"]).toBe("preflight-failed");
    // The finding names the dataflow and its flow spec, at each audience's line of flash.yaml.
    const findings = run.summary.split("\n").filter((l) => l.includes("exports to a streaming destination"));
    expect(findings.length).toBeGreaterThan(0);
    expect(findings.join("\n")).toContain(
      `dataflow ${D} exports to a streaming destination (flow spec ${STREAMING_SPEC})`,
    );
    expect(findings.join("\n")).toMatch(/asked for at activation-plans\/flash\.yaml:\d+/);
    expect(run.summary).toMatch(/ad-hoc activation serves file-based \(batch\) destinations only/);
    expect(JSON.stringify(run.outputs.result ?? "")).not.toContain(A[1]); // a preview submits nothing
    expect(sim.state.accepted).toHaveLength(0);
  });
});
