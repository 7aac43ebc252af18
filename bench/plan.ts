// Benchmark: change detection and job splitting for 200,000 pairs across 2,000 plans in one sandbox,
// then doubled (the time should no more than about double).
import type { Plan } from "../src/plan/types.js";
import { diffPlanSets } from "../src/plan/changes.js";
import { planJobs } from "../src/jobs/planner.js";
import { renderPreview } from "../src/render/preview.js";
import { row, uuidFor } from "./lib.js";

const pos = { line: 1, col: 1 };

/** `plans` plans of `perPlan` pairs: 5 destinations, audiences drawn from a pool so plans overlap. */
function makePlans(plans: number, perPlan: number): Plan[] {
  const dests = Array.from({ length: 5 }, (_, i) => uuidFor(`bench-dest-${i}`));
  const pool = Array.from({ length: (plans * perPlan) / 4 }, (_, i) => uuidFor(`bench-aud-${i}`));
  return Array.from({ length: plans }, (_, p) => ({
    file: `activation-plans/p${p}.yaml`,
    name: `plan-${p}`,
    namePos: pos,
    sandbox: "prod",
    sandboxPos: pos,
    revision: 1,
    activations: dests.map((d, di) => ({
      destination: { id: d, pos },
      audiences: Array.from({ length: perPlan / dests.length }, (_, k) => ({
        id: pool[(p * 37 + di * 11 + k * 5) % pool.length]!,
        pos,
      })),
      pos,
    })),
  }));
}

function measure(plans: Plan[]) {
  global.gc?.();
  const before = process.memoryUsage().heapUsed;
  let peak = before;
  const t0 = performance.now();
  const changes = diffPlanSets([], plans, { now: new Date() });
  peak = Math.max(peak, process.memoryUsage().heapUsed);
  const execution = planJobs(
    changes.flatMap((c) => c.pairs),
    { maxPerJob: 80, countBy: "audiences" },
  );
  peak = Math.max(peak, process.memoryUsage().heapUsed);
  const ms = performance.now() - t0;
  const md = renderPreview(
    {
      headSha: "0".repeat(40),
      problems: [],
      changes,
      execution,
      headPlans: plans,
      unmatched: [],
      submodules: [],
    },
    {},
  );
  const distinct = new Set(changes.flatMap((c) => c.pairs.map((p) => p.audience.id))).size;
  return {
    ms,
    peakMiB: (peak - before) / 1048576,
    execution,
    distinct,
    requested: changes.reduce((n, c) => n + c.pairs.length, 0),
    mdLength: md.length,
  };
}

export function benchPlan(): void {
  const base = makePlans(2000, 100);
  const doubled = makePlans(4000, 100);
  measure(makePlans(200, 100)); // warm up the JIT
  const a = [0, 1, 2].map(() => measure(base)).sort((x, y) => x.ms - y.ms)[0]!;
  const b = [0, 1, 2].map(() => measure(doubled)).sort((x, y) => x.ms - y.ms)[0]!;
  console.log("plan: diff + job splitting, 2,000 plans × 100 pairs in one sandbox (best of 3)");
  row("requested pairs", a.requested.toLocaleString("en-US"));
  row("unique pairs", a.execution.pairs.length.toLocaleString("en-US"));
  row("time", `${a.ms.toFixed(0)} ms`);
  row("heap growth (peak)", `${a.peakMiB.toFixed(0)} MiB`);
  row(
    "jobs",
    `${a.execution.jobs.length}`,
    `lower bound ⌈${a.distinct} audiences ÷ 80⌉ = ${Math.ceil(a.distinct / 80)}`,
  );
  row("waves", `${a.execution.waves}`, "lower bound 1");
  row("preview comment length", `${a.mdLength.toLocaleString("en-US")}`, "limit 65,536");
  console.log("plan: doubled input, 4,000 plans × 100 pairs");
  row("time", `${b.ms.toFixed(0)} ms`);
  row(
    "jobs",
    `${b.execution.jobs.length}`,
    `lower bound ⌈${b.distinct} ÷ 80⌉ = ${Math.ceil(b.distinct / 80)}`,
  );
  row("time ratio (doubled ÷ base)", `${(b.ms / a.ms).toFixed(2)}`, "aim: ≤ about 2");
}
