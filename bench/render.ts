// Benchmark: what people read, at the largest scale: 625 jobs of 80 audiences (50,000 pairs; 1 in 50
// failed) rendered as the PR preview, the job summary after the apply and its PR comment, each within
// GitHub's limit (a comment 65,536 characters, a step summary 1 MiB), in under a second.
import type { ApplyReport, PairResult } from "../src/activation/types.js";
import type { PlanOutcome } from "../src/jobs/outcome.js";
import { COMMENT_LIMIT, renderPreview } from "../src/render/preview.js";
import { renderApplySummary, SUMMARY_BUDGET } from "../src/render/summary.js";
import { makePlan, planOutcome } from "../test/helpers/plans.js";
import { row, uuidFor } from "./lib.js";

const T0 = Date.parse("2026-06-01T08:00:00Z");

export function world(): { outcome: PlanOutcome; report: ApplyReport } {
  const D = uuidFor("render-d");
  const plans = Array.from({ length: 50 }, (_, p) =>
    makePlan(`plan-${p}`, "prod", {
      [D]: Array.from({ length: 1000 }, (_, a) => uuidFor(`render-a${p}-${a}`)),
    }),
  );
  const outcome = planOutcome([], plans, new Date(T0));
  const { execution } = outcome;
  const job = new Map(execution.jobs.map((j, i) => [j.id, i]));
  const results: PairResult[] = execution.pairs.map((p, i) => {
    const failed = i % 50 === 0;
    const runId = uuidFor(`render-run-${i}`);
    const start = T0 + (job.get(p.jobId) ?? 0) * 1_000;
    return {
      sandbox: p.sandbox,
      destination: p.destination,
      audience: p.audience,
      jobId: p.jobId,
      wave: 1,
      requestedBy: p.requestedBy,
      status: failed ? "failed" : "succeeded",
      code: failed ? "run-failed" : "succeeded",
      runId,
      ...(failed ? { reason: `run ${runId} failed: ACTIVATION_BATCH-0000-FAILED: Job aborted.` } : {}),
      run: {
        id: runId,
        status: failed ? "failed" : "success",
        startedAt: start,
        completedAt: start + 600_000,
        errors: [],
      },
    };
  });
  const report: ApplyReport = {
    results,
    runs: results.map((r) => ({
      runId: r.runId ?? "",
      jobId: r.jobId,
      wave: 1,
      submittedAt: r.run?.startedAt ?? T0,
      endedAt: r.run?.completedAt ?? T0,
      status: r.run?.status ?? "success",
    })),
    startedAt: T0,
    finishedAt: T0 + 1_300_000,
    submissions: execution.jobs.length,
    polls: 2_000,
    dryRun: false,
  };
  return { outcome, report };
}

function timed(render: () => string): { ms: number; text: string } {
  render(); // warm
  const t = performance.now();
  const text = render();
  return { ms: performance.now() - t, text };
}

export function benchRender(): void {
  const { outcome, report } = world();
  console.log(
    `render: ${outcome.execution.jobs.length} jobs, ${report.results.length.toLocaleString("en")} pairs (1 in 50 failed)`,
  );
  const views: [string, () => string, number][] = [
    ["PR preview (comment)", () => renderPreview(outcome), COMMENT_LIMIT],
    ["job summary after the apply", () => renderApplySummary(outcome, report), SUMMARY_BUDGET],
    [
      "PR comment after the apply",
      () => renderApplySummary(outcome, report, { budget: 60_000 }),
      COMMENT_LIMIT,
    ],
  ];
  for (const [label, render, limit] of views) {
    const { ms, text } = timed(render);
    const size = Buffer.byteLength(text);
    row(
      label,
      `${ms.toFixed(0)} ms`,
      `bound: < 1,000 ms; ${size.toLocaleString("en")} bytes (limit ${limit.toLocaleString("en")})`,
    );
    if (size > limit) throw new Error(`${label}: ${size} bytes, over ${limit}`);
  }
}
