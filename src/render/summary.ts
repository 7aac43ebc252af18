// The job summary after an apply: what ran, failures first with the reason and the fix, per job,
// and a Mermaid timeline of waves and runs. Pure; every plan-provided string is escaped.
import { needsAttention } from "../activation/engine.js";
import { classifyRun } from "../activation/outcome.js";
import type { ApplyReport, PairResult } from "../activation/types.js";
import type { PlanOutcome } from "../jobs/outcome.js";
import { bytes, code, cutToBytes, escapeText, plural } from "./escape.js";
import { renderPreview } from "./preview.js";
import { counts } from "./results-text.js";
import { formatAge } from "../clock.js";
import type { PendingVerdict } from "../state/pending.js";
import { retryable } from "../state/records.js";
import type { PairRecord } from "../state/types.js";

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
    if (classifyRun(r.status) !== "succeeded") j.failed++;
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

function render(outcome: PlanOutcome, report: ApplyReport, options: SummaryOptions, level: number): string {
  const {
    attention,
    jobs: jobRows,
    extras,
  } = LEVELS[Math.min(level, LEVELS.length - 1)] ?? { attention: 0, jobs: 0, extras: false };
  const c = counts(report.results);
  const title = options.title ?? (report.dryRun ? "Activation dry run" : "Activation");
  const bad = needsAttention(report);
  const icon = bad.length > 0 ? "❌" : report.dryRun ? "🧪" : "✅";
  const lines = [
    `### ${icon} ${title}: ${plural(c.succeeded, "pair")} succeeded · ${c.failed.toLocaleString("en-US")} failed · ${c["not-submitted"].toLocaleString("en-US")} not submitted`,
    "",
    `${plural(report.submissions, "submission")} · ${plural(report.polls, "status poll")} · ${ms(report.finishedAt - report.startedAt)} · plan hash ${code(outcome.execution.planHash)}`,
  ];
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
        `| ${r.status} | ${plans(r)} | ${code(r.audience)} → ${code(r.destination)} | ${escapeText(r.reason ?? "")} |`,
      );
    }
    if (bad.length > attention) lines.push(`| … | ${plural(bad.length - attention, "more pair")} | | |`);
  }
  // Not sent yet, and kept pending by the state: a later run sends them.
  const waiting = report.results.filter((r) => r.code === "first-activation-wait");
  if (waiting.length > 0 && attention > 0) {
    lines.push(
      "",
      "#### Pending",
      "",
      "| plan (file:line) | audience → destination | why, and when it goes out |",
      "| --- | --- | --- |",
      ...waiting
        .slice(0, attention)
        .map(
          (r) =>
            `| ${plans(r)} | ${code(r.audience)} → ${code(r.destination)} | ${escapeText(r.reason ?? "")} |`,
        ),
    );
    if (waiting.length > attention) lines.push(`| ${plural(waiting.length - attention, "more pair")} | | |`);
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
      const records = runs.reduce((n, r) => n + (r.outputRecords ?? 0), 0);
      const files = runs.reduce((n, r) => n + (r.outputFiles ?? 0), 0);
      const longest = runs.reduce((m, r) => Math.max(m, (r.completedAt ?? 0) - (r.startedAt ?? 0)), 0);
      lines.push(
        `| ${job.wave} | ${code(job.id)} | ${code(job.sandbox)} | ${rs.length} | ${rs.filter((r) => r.status === "succeeded").length} | ${records.toLocaleString("en-US")} | ${files} | ${ms(longest > 0 ? longest : undefined)} |`,
      );
    }
    const more = outcome.execution.jobs.length - jobRows;
    if (more > 0) lines.push(`| … | ${plural(more, "more job")} | | | | | | |`);
  }
  if (!extras) return lines.join("\n");
  lines.push(...timeline(report));
  const head = lines.join("\n");
  const preview = renderPreview(outcome, {
    budget: (options.budget ?? SUMMARY_BUDGET) - bytes(head) - 100,
    title: "What was planned",
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

/** At most this many pairs are listed in a note; the rest are counted. */
const NOTE_ITEMS = 20;

/**
 * Above the summary of a run of several merges: the merges whose review did not hold, each with its
 * PR and why (their pairs were not submitted; the reviewed merges' were), then the pairs that were
 * not sent for another reason: revoked by a later merge, or asked for by no merge on its own.
 */
export function renderMergeNotes(notes: {
  refused: readonly { head: string; pr: number | undefined; reason: string; why: string }[];
  revoked: readonly { destination: { id: string }; audience: { id: string }; file: string }[];
  unasked: readonly { destination: string; audience: string }[];
  /** Pairs of merges whose run was missed, not caught up (require-reviewed-plan: false). */
  missed?: readonly { destination: string; audience: string }[];
}): string {
  const { refused, revoked, unasked, missed = [] } = notes;
  const out: string[] = [];
  if (refused.length > 0)
    out.push(
      "> [!CAUTION]",
      `> **${plural(refused.length, "merge")} of this run ${refused.length === 1 ? "was" : "were"} not applied.** ${refused.length === 1 ? "Its" : "Their"} pairs were not submitted; the reviewed merges' pairs below were.`,
      ">",
      ...refused.map(
        (m) =>
          `> - ${m.pr === undefined ? `Commit ${code(m.head.slice(0, 12))}` : `PR #${m.pr}`} (${code(m.reason)}): ${escapeText(m.why)}`,
      ),
      "",
    );
  const items = [
    ...revoked.map(
      (p) =>
        `> - ${code(p.destination.id)} / ${code(p.audience.id)} (${code(p.file)}): asked for by a reviewed merge, removed by a later one (revoked).`,
    ),
    ...unasked.map(
      (p) =>
        `> - ${code(p.destination)} / ${code(p.audience)}: the whole change asks for it, but no merge asks for it on its own (a window that opened since, say); a manual run sends it.`,
    ),
    ...missed.map(
      (p) =>
        `> - ${code(p.destination)} / ${code(p.audience)}: asked for by a merge whose run was missed; with require-reviewed-plan: false it is not caught up, so a manual run sends it.`,
    ),
  ];
  if (items.length > 0)
    out.push(
      "> [!NOTE]",
      `> **${plural(items.length, "pair")} not sent:**`,
      ">",
      ...items.slice(0, NOTE_ITEMS),
      ...(items.length > NOTE_ITEMS ? [`> - and ${items.length - NOTE_ITEMS} more`] : []),
      "",
    );
  return out.length === 0 ? "" : `${out.join("\n")}\n`;
}

/**
 * A scheduled run's pending pairs (windows that open later): what it sent and how late, what still
 * waits and until when, and what will never be sent (expired) or needs a person's yes.
 */
export function renderPendingNotes(
  verdicts: readonly PendingVerdict[],
  at: { now: number; maxLatenessMs: number; frozen: boolean; maxAttempts?: number },
): string {
  if (verdicts.length === 0) return "";
  const when = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, "Z");
  // Our own words, dates and PR numbers only (a PR number links): nothing plan-provided to escape.
  const what = (v: PendingVerdict): string => {
    switch (v.kind) {
      case "due":
        if (at.frozen) return "due, but the freeze is on: it stays pending";
        return v.hour === true
          ? `sent now: it waited for Adobe's hour after the audience's first activation (reviewed ${v.record.review === undefined ? "without a PR" : `on PR #${v.record.review.pr}`})`
          : `sent now, ${formatAge(v.late)} after its window opened (reviewed ${v.record.review === undefined ? "without a PR" : `on PR #${v.record.review.pr}`})`;
      case "waiting":
        return v.opens === undefined
          ? "pending: the plans its merge reviewed could not be read (is the commit still on the default branch?); judged again by the next run, never sent unjudged"
          : `pending: its window opens ${when(v.opens)} (in ${formatAge(v.opens - at.now)})`;
      case "confirm":
        return `⚠️ needs a person's yes: its window opened ${formatAge(v.late)} ago, longer than max-lateness (${formatAge(at.maxLatenessMs)}); a manual run of its plan sends it`;
      case "retry":
        return at.frozen
          ? `a retry is due (it failed on ${v.record.code ?? "failed"}), but the freeze is on`
          : `retried now: try ${v.record.attempts + 1} of ${at.maxAttempts ?? "?"} (it failed on ${v.record.code ?? "failed"}, which is worth retrying)`;
      case "expired":
        return v.code === "window-closed"
          ? "❌ expired: its window closed before a run could send it; never sent"
          : v.code === "revoked"
            ? "cancelled: its plan no longer asks for it (deleted or removed); never sent"
            : "superseded: the pair was sent under a newer request";
    }
  };
  const order = { confirm: 0, expired: 1, retry: 2, due: 3, waiting: 4 } as const;
  const rows = [...verdicts].sort((a, b) => order[a.kind] - order[b.kind]);
  const shown = rows.slice(0, NOTE_ITEMS);
  return [
    `### Pending pairs and retries (${verdicts.length})`,
    "",
    "| Plan | Destination / audience | Merged as | What happens |",
    "|---|---|---|---|",
    ...shown.map(
      (v) =>
        `| ${code(v.record.plan)} | ${code(v.record.destination)} / ${code(v.record.audience)} | ${code(v.record.commit.slice(0, 12))} | ${what(v)} |`,
    ),
    ...(rows.length > shown.length ? ["", `…and ${rows.length - shown.length} more.`] : []),
    "",
    "",
  ].join("\n");
}

/**
 * The failures a scheduled run found still open: never retried on their own (a run cannot fix an
 * unmapped audience), each with what it failed on; a changed plan is a new request.
 */
export function renderOpenFailures(records: readonly PairRecord[], maxAttempts: number): string {
  if (records.length === 0) return "";
  const shown = records.slice(0, NOTE_ITEMS);
  const next = (r: PairRecord) =>
    !retryable(r.code)
      ? "not retried"
      : r.attempts < maxAttempts
        ? `retried by a scheduled run within max-lateness of its merge (${r.attempts} of ${maxAttempts} tries)`
        : `not retried: ${r.attempts} of ${maxAttempts} tries (max-attempts) used`;
  return [
    `### Open failures (${records.length})`,
    "",
    "Scheduled runs retry only what Platform refused for a passing reason (429, a run or export still in progress, Platform unreachable), up to `max-attempts` tries in all. For the rest, fix the cause (map the audience, fix its schedule dates), then bump the plan's `spec.revision` in a PR: its merge sends the pair again, once.",
    "",
    "| Plan | Destination / audience | Merged as | Failed on | Since | Next |",
    "|---|---|---|---|---|---|",
    ...shown.map(
      (r) =>
        `| ${code(r.plan)} | ${code(r.destination)} / ${code(r.audience)} | ${code(r.commit.slice(0, 12))} | ${code(r.code ?? "failed")} | ${new Date(r.updatedAt).toISOString().replace(/\.\d{3}Z$/, "Z")} | ${next(r)} |`,
    ),
    ...(records.length > shown.length ? ["", `…and ${records.length - shown.length} more.`] : []),
    "",
    "",
  ].join("\n");
}

/**
 * What a scheduled run did with the pairs a later run sends, verdict first: how many it sent, how
 * many still wait, expired or need a person's yes, and the open failures; then each list.
 */
export function renderScheduledView(
  verdicts: readonly PendingVerdict[],
  open: readonly PairRecord[],
  at: { now: number; maxLatenessMs: number; frozen: boolean; maxAttempts: number; dryRun?: boolean },
): string {
  if (verdicts.length === 0 && open.length === 0) return "";
  const n = (kind: PendingVerdict["kind"]) => verdicts.filter((v) => v.kind === kind).length;
  const sent = at.frozen || at.dryRun === true ? 0 : n("due") + n("retry");
  const expired = verdicts.filter((v) => v.kind === "expired" && v.code === "window-closed").length;
  const parts = [
    `${sent} sent`,
    `${n("waiting") + (at.frozen || at.dryRun === true ? n("due") + n("retry") : 0)} waiting`,
    ...(expired > 0 ? [`${expired} expired`] : []),
    ...(n("confirm") > 0 ? [`${n("confirm")} held for a person's yes`] : []),
    `${plural(open.length, "open failure")}`,
  ];
  const icon = expired > 0 || n("confirm") > 0 ? "⚠️" : "🕒";
  return [
    `### ${icon} Scheduled run: ${parts.join(" · ")}`,
    "",
    ...(at.dryRun === true
      ? ["> [!NOTE]", "> Dry run: what a scheduled run would do; nothing was sent or recorded.", ""]
      : []),
    renderPendingNotes(verdicts, at) + renderOpenFailures(open, at.maxAttempts),
  ].join("\n");
}
