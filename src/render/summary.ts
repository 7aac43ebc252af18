// The job summary after an apply: what ran, failures first with the reason and the fix, per job,
// and a Mermaid timeline of waves and runs. Pure; every plan-provided string is escaped.
import { needsAttention } from "../activation/stopping.js";
import type { ApplyReport, PairResult } from "../activation/types.js";
import type { PlanOutcome } from "../jobs/outcome.js";
import { bytes, code, cutToBytes, escapeText, plural } from "./escape.js";
import { renderPreview } from "./preview.js";
import { named, nameFor, namesOf, type NameBook } from "./names.js";
import { counts } from "./results-text.js";
import { renderTimeline } from "./timeline.js";

/** GitHub's limit for one step's job summary is 1 MiB; stay well under it. */
export const SUMMARY_BUDGET = 900_000;

function ms(n: number | undefined): string {
  return n === undefined ? "–" : n < 60_000 ? `${(n / 1000).toFixed(1)} s` : `${(n / 60_000).toFixed(1)} min`;
}

/** The run's Platform calls, when it counted them (its log lists them by kind). */
function calls(report: ApplyReport): string {
  if (report.traffic === undefined) return "";
  return ` · ${plural(
    report.traffic.calls.reduce((n, [, c]) => n + c, 0),
    "Platform call",
  )} (at most ${report.traffic.limit} at once)`;
}

/** The pair as people read it: names with short IDs (Platform's names when pre-flight read them). */
const pairNames = (r: PairResult, names: NameBook) =>
  `${named(r.audience, nameFor(r, "audience", names))} → ${named(r.destination, nameFor(r, "destination", names))}`;

function plans(r: PairResult): string {
  return r.requestedBy
    .map((q) => `${code(q.plan)} <sub>${code(`${q.file}:${q.audience.pos.line}`)}</sub>`)
    .join("<br>");
}

export interface SummaryOptions {
  title?: string;
  /** Maximum length; the summary degrades (fewer rows, no timeline, no plan) to fit. */
  budget?: number;
  /** Where the full summary can be read when this one had to be shortened. */
  fullUrl?: string;
}

/** Rows per level: 0 everything (with timeline and plan), then shorter tables, then counts only. */
const LEVELS = [
  { attention: 500, jobs: Infinity, extras: true },
  { attention: 100, jobs: 50, extras: false },
  { attention: 20, jobs: 0, extras: false },
  { attention: 0, jobs: 0, extras: false },
];

/** A run that stopped says so first: the next run goes on from where it stopped. */
const stoppedTitle = (report: ApplyReport) =>
  report.stopped === "cancelled"
    ? " cancelled"
    : report.stopped === "budget-ended"
      ? " stopped (time budget ended)"
      : "";

/** A pair whose run was still going when the run stopped following it (recorded, followed by the next run). */
const inFlightPair = (p: PairResult) =>
  p.detail?.stopped !== undefined && p.runId !== undefined && p.code === "run-timeout";
const inFlight = (report: ApplyReport) => report.results.filter(inFlightPair).length;
/** The status people read: a pair in flight is not called failed (the headline counts it apart). */
const shownStatus = (p: PairResult) => (inFlightPair(p) ? "in flight" : p.status);

function render(outcome: PlanOutcome, report: ApplyReport, options: SummaryOptions, level: number): string {
  const {
    attention,
    jobs: jobRows,
    extras,
  } = LEVELS[Math.min(level, LEVELS.length - 1)] ?? { attention: 0, jobs: 0, extras: false };
  const c = counts(report.results);
  const names = namesOf(report);
  const title = options.title ?? (report.dryRun ? "Activation dry run" : "Activation");
  const bad = needsAttention(report);
  const icon = bad.length > 0 ? "❌" : report.dryRun ? "🧪" : "✅";
  const going = inFlight(report);
  const lines = [
    report.dryRun
      ? `### ${icon} ${title}: ${plural(c["would-submit"], "pair")} would be submitted · ${c["not-submitted"].toLocaleString("en-US")} not submitted`
      : `### ${icon} ${title}${stoppedTitle(report)}: ${plural(c.succeeded, "pair")} succeeded · ${(c.failed - going).toLocaleString("en-US")} failed${going > 0 ? ` · ${going.toLocaleString("en-US")} in flight` : ""} · ${c["not-submitted"].toLocaleString("en-US")} not submitted`,
    "",
    `${plural(report.submissions, "submission")} · ${plural(report.polls, "status poll")}${calls(report)} · ${ms(report.finishedAt - report.startedAt)} · plan hash ${code(outcome.execution.planHash)}`,
  ];
  // A dry run's notes (a scheduled export running now): information, not a pair's outcome.
  for (const note of report.notes ?? []) lines.push("", `> [!NOTE]\n> ${escapeText(note)}`);
  if (report.frozen === true)
    lines.push(
      "",
      "> [!IMPORTANT]\n> The activation freeze is on (input `freeze`): nothing new was submitted; runs already started were followed. Run this workflow run again when the freeze is lifted.",
    );
  if (level > 0) {
    lines.push(
      "",
      `> [!NOTE]\n> Shortened to fit.${options.fullUrl === undefined ? " The full summary is in the job summary of this run." : ` [Read the full summary](${options.fullUrl}).`}`,
    );
  }
  if (bad.length > 0 && attention > 0) {
    lines.push(
      "",
      "#### Needs attention",
      "",
      "| status | plan (file:line) | audience → destination | reason and fix |",
      "| --- | --- | --- | --- |",
    );
    for (const r of bad.slice(0, attention)) {
      lines.push(
        `| ${shownStatus(r)} | ${plans(r)} | ${pairNames(r, names)} | ${escapeText(r.reason ?? "")} |`,
      );
    }
    if (bad.length > attention) lines.push(`| … | ${plural(bad.length - attention, "more pair")} | | |`);
  }
  // Not sent by this run, needing no one: kept pending by the state (a later run sends them), or
  // left to a later merge's request for the same pair (a rerun of an older run).
  for (const [code, heading, why] of [
    ["first-activation-wait", "Pending", "why, and when it goes out"],
    ["superseded", "Not sent: a later merge asked for them again", "why"],
  ] as const) {
    const quiet = report.results.filter((r) => r.code === code);
    if (quiet.length === 0 || attention === 0) continue;
    lines.push(
      "",
      `#### ${heading}`,
      "",
      `| plan (file:line) | audience → destination | ${why} |`,
      "| --- | --- | --- |",
      ...quiet
        .slice(0, attention)
        .map((r) => `| ${plans(r)} | ${pairNames(r, names)} | ${escapeText(r.reason ?? "")} |`),
    );
    if (quiet.length > attention) lines.push(`| ${plural(quiet.length - attention, "more pair")} | | |`);
  }
  if (jobRows > 0) {
    const byJob = new Map<string, PairResult[]>();
    for (const r of report.results) {
      const list = byJob.get(r.jobId);
      if (list === undefined) byJob.set(r.jobId, [r]);
      else list.push(r);
    }
    lines.push(
      "",
      "#### Jobs",
      "",
      "| wave | job | sandbox | pairs | succeeded | records | files | duration |",
      "| ---: | --- | --- | ---: | ---: | ---: | ---: | ---: |",
    );
    for (const job of outcome.execution.jobs.slice(0, jobRows)) {
      const rs = byJob.get(job.id) ?? [];
      const runs = rs.map((r) => r.run).filter((r) => r !== undefined);
      // A succeeded pair whose run this run did not read (a rerun takes it from the state), or a run
      // still going: its records and files are not known here, so the job's are at least what is
      // known, or "–".
      const unread = rs.some(
        (r) => (r.status === "succeeded" || inFlightPair(r)) && r.run?.outputRecords === undefined,
      );
      const sum = (n: number) =>
        !unread ? n.toLocaleString("en-US") : n > 0 ? `≥ ${n.toLocaleString("en-US")}` : "–";
      const records = sum(runs.reduce((n, r) => n + (r.outputRecords ?? 0), 0));
      const files = sum(runs.reduce((n, r) => n + (r.outputFiles ?? 0), 0));
      const longest = runs.reduce((m, r) => Math.max(m, (r.completedAt ?? 0) - (r.startedAt ?? 0)), 0);
      lines.push(
        `| ${job.wave} | ${code(job.id)} | ${code(job.sandbox)} | ${rs.length} | ${rs.filter((r) => r.status === "succeeded").length} | ${records} | ${files} | ${ms(longest > 0 ? longest : undefined)} |`,
      );
    }
    const more = outcome.execution.jobs.length - jobRows;
    if (more > 0) lines.push(`| … | ${plural(more, "more job")} | | | | | | |`);
  }
  if (!extras) return lines.join("\n");
  lines.push(...renderTimeline(report));
  const head = lines.join("\n");
  const preview = renderPreview(outcome, {
    budget: (options.budget ?? SUMMARY_BUDGET) - bytes(head) - 100,
    title: "What was planned",
    names,
    stage: report.dryRun ? "dry-run" : "after",
  });
  return `${head}\n\n${preview}\n`;
}

/** The job summary (and PR comment) after an apply, within `budget` UTF-8 bytes. */
export function renderApplySummary(
  outcome: PlanOutcome,
  report: ApplyReport,
  options: SummaryOptions = {},
): string {
  const budget = options.budget ?? SUMMARY_BUDGET;
  let text = "";
  for (let level = 0; level < LEVELS.length; level++) {
    text = render(outcome, report, options, level);
    if (bytes(text) <= budget) return text;
  }
  return cutToBytes(text, budget);
}
