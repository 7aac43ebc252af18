// Benchmark: apply 400 audiences × 3 destinations against the simulator with realistic latency,
// printing wall time against the theoretical minimum (waves × run duration), submissions against
// jobs, and polls per run.
import { Applier } from "../src/activation/engine.js";
import { systemClock } from "../src/clock.js";
import { connectPlatform } from "../src/aep/connect.js";
import { planJobs } from "../src/jobs/planner.js";
import { Simulator } from "../src/simulator/server.js";
import { row, uuidFor } from "./lib.js";

const pos = { line: 1, col: 1 };

export async function benchApply(): Promise<void> {
  const RUN_MS = 6000;
  const LATENCY_MS = 50;
  const sim = new Simulator({ latencyMs: LATENCY_MS, runDurationMs: RUN_MS, seed: 2 });
  const url = await sim.start();
  const dests = [0, 1, 2].map((i) => uuidFor(`apply-bench-d${i}`));
  const requested = Array.from({ length: 400 }, (_, a) => uuidFor(`apply-bench-a${a}`)).flatMap((audience) =>
    dests.map((d) => ({
      sandbox: "prod",
      destination: { id: d, pos },
      audience: { id: audience, pos },
      plan: "bench",
      file: "bench.yaml",
    })),
  );
  sim.state.mapAudiences(requested.map((r) => ({ destination: r.destination.id, audience: r.audience.id })));
  const plan = planJobs(requested, { maxPerJob: 80, countBy: "audiences" });
  const platform = connectPlatform(
    {
      platformUrl: url,
      imsUrl: url,
      credentials: { clientId: "bench", clientSecret: "bench", orgId: "BENCH@AdobeOrg" },
    },
    systemClock,
    () => {},
    () => {},
  );
  try {
    const started = performance.now();
    const report = await new Applier(platform.client, systemClock, () => {}, {
      apiVersion: 2,
      dryRun: false,
      preflightTimeoutMs: 60_000,
      runTimeoutMs: 120_000,
      pollInitialMs: 2_000,
      pollMaxMs: 30_000,
      heartbeatMs: 60_000,
    }).apply(plan);
    const wall = performance.now() - started;
    const minimum = plan.waves * RUN_MS;
    const runs = new Set(report.results.map((r) => r.runId)).size;
    const ok = report.results.filter((r) => r.status === "succeeded").length;
    console.log(
      `apply: 400 audiences × 3 destinations against the simulator (${LATENCY_MS} ms latency per request, runs take ${RUN_MS / 1000} s)`,
    );
    row("pairs succeeded", `${ok} of ${report.results.length}`);
    row(
      "wall time",
      `${(wall / 1000).toFixed(1)} s`,
      `theoretical minimum ${plan.waves} wave(s) × ${RUN_MS / 1000} s = ${(minimum / 1000).toFixed(1)} s (ratio ${(wall / minimum).toFixed(2)})`,
    );
    row("submissions", `${report.submissions}`, `jobs ${plan.jobs.length} (fewest possible: ⌈400 ÷ 80⌉ = 5)`);
    row("polls per run", `${(report.polls / runs).toFixed(2)}`, `${report.polls} polls for ${runs} runs`);
    row("requests to the simulator", `${sim.requests.length}`);
    row(
      "Platform calls per pair",
      `${(sim.requests.length / report.results.length).toFixed(2)}`,
      "aim: ≤ 1.0 (runs are followed through each dataflow's run list)",
    );
    row(
      "most requests in flight at once",
      `${sim.peakInFlight}`,
      `bound: ≤ ${platform.limit} (max-concurrent-requests), seen at the simulator`,
    );
  } finally {
    await platform.close();
    await sim.stop();
  }
}
