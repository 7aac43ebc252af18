// At Adobe's scale, end to end through the runner-faithful harness: a manual run of one plan of
// 400 audiences × 3 destinations (1,200 pairs) against the simulator, whose dataflows each hold
// 5,000 earlier runs and which answers 429 to everything in bursts. Every pair succeeds exactly
// once, and the simulator never saw more requests at once than max-concurrent-requests.
import { describe, expect, it } from "vitest";
import { SCHEDULER_CLIENT } from "../../src/simulator/runs.js";
import { GitHubStandIn } from "../helpers/github-standin.js";
import { TestRepo } from "../helpers/git-repo.js";
import { workflowDispatchEvent } from "../helpers/payloads.js";
import { planYaml, uuid } from "../helpers/plans.js";
import { runStep, VirtualClock } from "../helpers/runner.js";
import { acceptedTwice, pairsOf, startSimulator } from "../helpers/sim.js";

const MINUTE = 60_000;

describe("at scale", () => {
  it("1,200 pairs with 429 bursts and 5,000-run histories: every pair succeeds exactly once, never more than max-concurrent-requests in flight", async () => {
    const D = [0, 1, 2].map((i) => uuid(`sc-d${i}`));
    const A = Array.from({ length: 400 }, (_, i) => uuid(`sc-a${i}`));
    const plan = Object.fromEntries(D.map((d) => [d, A]));
    const clock = new VirtualClock();
    const started = clock.now();
    const sim = await startSimulator({
      clock,
      runDurationMs: 8 * MINUTE,
      runJitterMs: 6 * MINUTE,
      retryAfterSeconds: 3,
      latencyMs: 5, // real milliseconds: requests overlap, as they do over a network
      maps: pairsOf(plan),
    });
    // Every request is refused (429, Retry-After 3 s) during the first 10 s of each minute.
    Object.defineProperty(sim.options, "rate429", {
      get: () => ((clock.now() - started) % MINUTE < 10_000 ? 1 : 0),
    });
    for (const flowId of D)
      for (let k = 1; k <= 5_000; k++)
        sim.state.addHistoryRun({
          flowId,
          createdAt: started - k * 15 * MINUTE,
          createdClient: SCHEDULER_CLIENT,
        });
    const gh = new GitHubStandIn();
    await gh.start();
    const r = TestRepo.create();
    const head = r.write("activation-plans/big.yaml", planYaml("big", "prod", plan)).commit("big");
    const step = (extra: Record<string, string>) =>
      runStep(
        {
          workspace: r.dir,
          eventName: "workflow_dispatch",
          event: workflowDispatchEvent({}),
          sha: head,
          apiUrl: gh.url,
          with: {
            "client-id": "sc-client",
            "client-secret": "sc-secret-9e1f",
            "org-id": "ORG@AdobeOrg",
            "platform-url": sim.url,
            "ims-url": sim.url,
            ...extra,
          },
        },
        { clock },
      );
    const setup = await step({ init: "true", "dry-run": "true" });
    expect(setup.code, setup.stdout).toBe(0);
    const run = await step({ plans: "activation-plans/big.yaml" });
    expect(run.code, run.stdout).toBe(0);
    const rows = JSON.parse(run.outputs.result ?? "[]") as { status: string }[];
    expect(rows).toHaveLength(1_200);
    expect(rows.every((x) => x.status === "succeeded")).toBe(true);
    expect(sim.state.accepted).toHaveLength(1_200);
    expect(acceptedTwice(sim)).toEqual([]);
    // The bursts were met, and waited out by the whole client.
    expect(sim.requests.filter((x) => x.status === 429).length).toBeGreaterThan(0);
    expect(run.stdout).toMatch(/Platform calls: \d+, at most 8 in flight at once/);
    expect(sim.peakInFlight).toBeLessThanOrEqual(8);
    expect(sim.peakInFlight).toBeGreaterThan(1);
    // Each dataflow's list was read from the first submission on: its 5,000 earlier runs were never paged through.
    const listed = sim.requests.filter((x) => x.path.startsWith("/data/foundation/flowservice/runs?"));
    expect(listed.length).toBeGreaterThan(0);
    expect(listed.every((x) => /createdAt%3E%3D\d+/.test(x.path))).toBe(true);
    expect(sim.requests.length / 1_200).toBeLessThanOrEqual(1.0);
  });
});
