import { describe, expect, it } from "vitest";
import type { ApplyReport, PairResult } from "../../src/activation/types.js";
import { COMMENT_LIMIT } from "../../src/render/preview.js";
import { renderApplySummary, SUMMARY_BUDGET } from "../../src/render/summary.js";
import { makePlan, planOutcome, uuid } from "../helpers/plans.js";

const T0 = Date.parse("2026-11-27T08:00:00Z");

/** A finished apply: pair i fails when `fails(i)`; runs take 90 s, wave 2 starts after wave 1. */
function applied(plans: ReturnType<typeof makePlan>[], fails: (i: number) => boolean, maxPerJob = 80) {
  const outcome = planOutcome([], plans, new Date(T0), { maxPerJob, countBy: "pairs" });
  const { execution } = outcome;
  const waveOf = new Map(execution.jobs.map((j) => [j.id, j.wave]));
  const results: PairResult[] = execution.pairs.map((p, i) => {
    const wave = waveOf.get(p.jobId)!;
    const start = T0 + (wave - 1) * 100_000;
    const failed = fails(i);
    return {
      sandbox: p.sandbox,
      destination: p.destination,
      audience: p.audience,
      jobId: p.jobId,
      wave,
      requestedBy: p.requestedBy,
      status: failed ? "failed" : "succeeded",
      code: failed ? "run-failed" : "succeeded",
      runId: uuid(`run-${i}`),
      ...(failed
        ? { reason: `run ${uuid(`run-${i}`)} failed: ACTIVATION_BATCH-0000-FAILED: Job aborted.` }
        : {}),
      run: {
        id: uuid(`run-${i}`),
        status: failed ? "failed" : "success",
        startedAt: start,
        completedAt: start + 90_000,
        outputRecords: failed ? 0 : 1000 + i,
        outputFiles: failed ? 0 : 1,
        errors: [],
      },
    };
  });
  const report: ApplyReport = {
    results,
    runs: results.map((r) => ({
      runId: r.runId!,
      jobId: r.jobId,
      wave: r.wave,
      submittedAt: r.run!.startedAt!,
      endedAt: r.run!.completedAt!,
      status: r.run!.status,
    })),
    startedAt: T0 - 5_000,
    finishedAt: T0 + 190_000,
    submissions: execution.jobs.length,
    polls: results.length * 3,
    dryRun: false,
  };
  return { outcome, report };
}

describe("job summary after an apply (Markdown)", () => {
  it("puts failures first with the reason, then jobs, then a timeline of waves and runs", () => {
    const D = [uuid("s-d0"), uuid("s-d1"), uuid("s-d2")];
    const sale = makePlan("black-friday-flash-sale", "prod", {
      [D[0]!]: [uuid("s-a0"), uuid("s-a1")],
      [D[1]!]: [uuid("s-a0")],
      [D[2]!]: [uuid("s-a0")],
    });
    sale.activations[0]!.audiences[0]!.name = "Cart <abandoners> @crm";
    const { outcome, report } = applied([sale], (i) => i === 1, 2);
    const md = renderApplySummary(outcome, report);
    expect(md).toMatchSnapshot();
    const lines = md.split("\n");
    expect(lines[0]).toBe("### ❌ Activation: 3 pairs succeeded · 1 failed · 0 not submitted");
    expect(md.indexOf("#### Needs attention")).toBeLessThan(md.indexOf("#### Jobs"));
    expect(md).toContain("```mermaid\ngantt");
    expect(md).toContain("section Wave 2");
    expect(md).not.toContain("<abandoners>");
    expect(md).not.toContain("@crm");
  });

  it("degrades a 10,000-audience apply to fit the job summary and a PR comment", () => {
    const D = uuid("big-d");
    const audiences = Array.from({ length: 10_000 }, (_, i) => uuid(`big-a${i}`));
    const { outcome, report } = applied([makePlan("huge", "prod", { [D]: audiences })], (i) => i % 7 === 0);
    const full = renderApplySummary(outcome, report);
    expect(full.length).toBeLessThanOrEqual(SUMMARY_BUDGET);
    expect(full).toContain("| … | 929 more pairs | | |"); // 1,429 failures, 500 listed
    const comment = renderApplySummary(outcome, report, {
      budget: 60_000,
      fullUrl: "https://github.example/acme/plans/actions/runs/4242",
    });
    expect(comment.length).toBeLessThanOrEqual(60_000);
    expect(comment.length).toBeLessThan(COMMENT_LIMIT);
    expect(comment).toContain("[Read the full summary](https://github.example/acme/plans/actions/runs/4242)");
    expect(comment.split("\n")[0]).toBe(
      "### ❌ Activation: 8,571 pairs succeeded · 1,429 failed · 0 not submitted",
    );
    expect(comment).toMatchSnapshot();
  });

  it("keeps the job summary within GitHub's 1 MiB in bytes when names are not Latin (3 bytes a character)", () => {
    const D = uuid("cjk-d");
    const plans = Array.from({ length: 300 }, (_, p) =>
      makePlan(`販売キャンペーン春の大売り出し第${p}号`, "prod", {
        [D]: Array.from({ length: 30 }, (_, i) => uuid(`cjk-a${p}-${i}`)),
      }),
    );
    const { outcome, report } = applied(plans, (i) => i % 3 === 0);
    const full = renderApplySummary(outcome, report);
    expect(Buffer.byteLength(full)).toBeLessThanOrEqual(SUMMARY_BUDGET);
    expect(Buffer.byteLength(full)).toBeLessThan(1024 * 1024);
    expect(full).toContain("販売キャンペーン");
    const comment = renderApplySummary(outcome, report, { budget: 60_000 });
    expect(Buffer.byteLength(comment)).toBeLessThanOrEqual(60_000);
  });
});
