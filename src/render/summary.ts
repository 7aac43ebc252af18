// The job summary after an apply: what ran, failures first with the reason and the fix, per job,
// and a Mermaid timeline of waves and runs. Pure; every plan-provided string is escaped.
import type { ApplyReport, PairResult } from "../aep/apply.js";
import type { PlanOutcome } from "../flow/plan-changes.js";
import { code, escapeText, plural } from "./escape.js";
import { renderPreview } from "./preview.js";

/** GitHub's limit for one step's job summary is 1 MiB; stay well under it. */
export const SUMMARY_BUDGET = 900_000;

function ms(n: number | undefined): string {
  return n === undefined ? "–" : n < 60_000 ? `${(n / 1000).toFixed(1)} s` : `${(n / 60_000).toFixed(1)} min`;
}

function plans(r: PairResult): string {
  return r.requestedBy
    .map((q) => `${code(q.plan)} <sub>${code(`${q.file}:${q.audience.pos.line}`)}</sub>`)
    .join("<br>");
}

function timeline(report: ApplyReport): string[] {
  if (report.runs.length === 0) return [];
  const byJob = new Map<string, { wave: number; start: number; end: number; runs: number; failed: number }>();
  for (const r of report.runs) {
    const j = byJob.get(r.jobId) ?? {
      wave: r.wave,
      start: r.submittedAt,
      end: r.endedAt ?? report.finishedAt,
      runs: 0,
      failed: 0,
    };
    j.start = Math.min(j.start, r.submittedAt);
    j.end = Math.max(j.end, r.endedAt ?? report.finishedAt);
    j.runs++;
    if (!/^success/i.test(r.status)) j.failed++;
    byJob.set(r.jobId, j);
  }
  const lines = ["", "#### Timeline", "", "```mermaid", "gantt", "  dateFormat x", "  axisFormat %H:%M:%S"];
  const waves = [...new Set([...byJob.values()].map((j) => j.wave))].sort((a, b) => a - b);
  for (const w of waves) {
    lines.push(`  section Wave ${w}`);
    for (const [id, j] of [...byJob].filter(([, j]) => j.wave === w)) {
      const tag = j.failed > 0 ? "crit, " : "done, ";
      lines.push(
        `  ${id} · ${j.runs} run${j.runs === 1 ? "" : "s"} :${tag}${id}, ${j.start}, ${Math.max(j.end, j.start + 1)}`,
      );
    }
  }
  lines.push("```");
  return lines;
}

export function renderApplySummary(
  outcome: PlanOutcome,
  report: ApplyReport,
  options: { title?: string } = {},
): string {
  const c = { succeeded: 0, failed: 0, "not-submitted": 0 } as Record<string, number>;
  for (const r of report.results) c[r.status] = (c[r.status] ?? 0) + 1;
  const title = options.title ?? (report.dryRun ? "Activation dry run" : "Activation");
  const icon = c.failed! + c["not-submitted"]! > 0 ? (report.dryRun && c.failed === 0 ? "🧪" : "❌") : "✅";
  const lines = [
    `### ${icon} ${title}: ${plural(c.succeeded!, "pair")} succeeded · ${c.failed} failed · ${c["not-submitted"]} not submitted`,
    "",
    `${plural(report.submissions, "submission")} · ${plural(report.polls, "status poll")} · ${ms(report.finishedAt - report.startedAt)} · plan hash ${code(outcome.execution.planHash)}`,
  ];
  const bad = report.results.filter((r) => r.status !== "succeeded");
  if (bad.length > 0) {
    lines.push(
      "",
      report.dryRun && c.failed === 0 ? "#### Not submitted" : "#### Needs attention",
      "",
      "| status | plan (file:line) | audience → destination | reason and fix |",
      "| --- | --- | --- | --- |",
    );
    for (const r of bad.slice(0, 500)) {
      lines.push(
        `| ${r.status} | ${plans(r)} | ${code(r.audience)} → ${code(r.destination)} | ${escapeText(r.reason ?? "")} |`,
      );
    }
    if (bad.length > 500) lines.push(`| … | ${plural(bad.length - 500, "more pair")} | | |`);
  }
  const jobs = new Map<string, PairResult[]>();
  for (const r of report.results) jobs.set(r.jobId, [...(jobs.get(r.jobId) ?? []), r]);
  lines.push(
    "",
    "#### Jobs",
    "",
    "| wave | job | sandbox | pairs | succeeded | records | files | duration |",
    "| ---: | --- | --- | ---: | ---: | ---: | ---: | ---: |",
  );
  for (const job of outcome.execution.jobs) {
    const rs = jobs.get(job.id) ?? [];
    const runs = rs.map((r) => r.run).filter((r) => r !== undefined);
    const records = runs.reduce((n, r) => n + (r.outputRecords ?? 0), 0);
    const files = runs.reduce((n, r) => n + (r.outputFiles ?? 0), 0);
    const durations = runs.map((r) => (r.completedAt ?? 0) - (r.startedAt ?? 0)).filter((d) => d > 0);
    lines.push(
      `| ${job.wave} | ${code(job.id)} | ${code(job.sandbox)} | ${rs.length} | ${rs.filter((r) => r.status === "succeeded").length} | ${records.toLocaleString("en-US")} | ${files} | ${ms(durations.length === 0 ? undefined : Math.max(...durations))} |`,
    );
  }
  lines.push(...timeline(report));
  const head = lines.join("\n");
  const preview = renderPreview(outcome, {
    budget: SUMMARY_BUDGET - head.length - 100,
    title: "What was planned",
  });
  return `${head}\n\n${preview}\n`;
}
