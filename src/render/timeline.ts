// The Mermaid timeline of an apply's summary: one bar per job (per wave when there are too many
// jobs for Mermaid to draw), coloured by how its runs ended (classifyRun, the one classification),
// with ticks chosen for the span (seconds to days) and a legend. Pure.
//
// GitHub draws Mermaid in the reader's browser, which places epoch times in the reader's own time
// zone. So the times are written as UTC wall-clock strings that Mermaid reads and prints in the
// same zone: the axis shows UTC, whoever reads it.
import { classifyRun } from "../activation/outcome.js";
import type { ApplyReport } from "../activation/types.js";

/** Above this many jobs the timeline draws one bar per wave: GitHub refuses Mermaid sources over 50,000 characters. */
export const BARS_PER_JOB_UP_TO = 100;

/** Spans of over ten days: a tick a day still (Mermaid has no coarser unit that reads well). */
const DAYS = [86_400_000, "1day", "%d %b"] as const;
/** Mermaid's gantt tick intervals, smallest first, with the axis format that reads at that scale. */
const TICKS: readonly (readonly [ms: number, interval: string, axis: string])[] = [
  [1_000, "1second", "%H:%M:%S"],
  [2_000, "2second", "%H:%M:%S"],
  [5_000, "5second", "%H:%M:%S"],
  [10_000, "10second", "%H:%M:%S"],
  [15_000, "15second", "%H:%M:%S"],
  [30_000, "30second", "%H:%M:%S"],
  [60_000, "1minute", "%H:%M"],
  [120_000, "2minute", "%H:%M"],
  [300_000, "5minute", "%H:%M"],
  [600_000, "10minute", "%H:%M"],
  [900_000, "15minute", "%H:%M"],
  [1_800_000, "30minute", "%H:%M"],
  [3_600_000, "1hour", "%H:%M"],
  [7_200_000, "2hour", "%H:%M"],
  [10_800_000, "3hour", "%H:%M"],
  [21_600_000, "6hour", "%H:%M"],
  [43_200_000, "12hour", "%H:%M"],
  DAYS,
];
/** At most this many ticks on the axis. */
const MAX_TICKS = 10;

/** The tick interval and axis format for a span: the finest whose ticks fit, never the same label twice. */
export function ticksFor(spanMs: number): { interval: string; axis: string } {
  const [ms, interval, axis] = TICKS.find(([ms]) => spanMs / ms <= MAX_TICKS) ?? DAYS;
  // Over a day, an hour of the day comes back: the label names the day too.
  return { interval, axis: spanMs > 86_400_000 && ms < 86_400_000 ? `%d %b ${axis}` : axis };
}

/** An instant as the UTC wall-clock string of `dateFormat YYYY-MM-DD HH:mm:ss.SSS`. */
const wall = (ms: number) => new Date(ms).toISOString().replace("T", " ").replace("Z", "");

type Ended = "done" | "crit" | "active";

interface Bar {
  label: string;
  start: number;
  end: number;
  runs: number;
  failed: number;
  running: number;
}

const tag = (b: Bar): Ended => (b.failed > 0 ? "crit" : b.running > 0 ? "active" : "done");

/** The timeline's lines (a heading, the Mermaid block and its legend), or none without runs. */
export function renderTimeline(report: ApplyReport): string[] {
  if (report.runs.length === 0) return [];
  const jobs = new Set(report.runs.map((r) => r.jobId)).size;
  const perWave = jobs > BARS_PER_JOB_UP_TO;
  const bars = new Map<string, Bar & { wave: number }>();
  for (const r of report.runs) {
    const key = perWave ? `wave ${r.wave}` : r.jobId;
    const end = r.endedAt ?? report.finishedAt;
    const b = bars.get(key) ?? {
      label: key,
      wave: r.wave,
      start: r.submittedAt,
      end,
      runs: 0,
      failed: 0,
      running: 0,
    };
    b.start = Math.min(b.start, r.submittedAt);
    b.end = Math.max(b.end, end);
    b.runs++;
    const ended = classifyRun(r.status);
    if (ended === "failed") b.failed++;
    if (ended === "running") b.running++;
    bars.set(key, b);
  }
  const all = [...bars.values()];
  const first = Math.min(...all.map((b) => b.start));
  const last = Math.max(...all.map((b) => b.end));
  const { interval, axis } = ticksFor(last - first);
  const lines = [
    "",
    "#### Timeline",
    "",
    "```mermaid",
    "gantt",
    "  dateFormat YYYY-MM-DD HH:mm:ss.SSS",
    `  axisFormat ${axis}`,
    `  tickInterval ${interval}`,
    "  todayMarker off",
  ];
  const waves = [...new Set(all.map((b) => b.wave))].sort((a, b) => a - b);
  let n = 0;
  for (const w of waves) {
    lines.push(`  section Wave ${w}`);
    for (const b of all.filter((x) => x.wave === w)) {
      const what = perWave
        ? `${new Set(report.runs.filter((r) => r.wave === w).map((r) => r.jobId)).size} jobs · ${b.runs} runs`
        : `${b.label} · ${b.runs} run${b.runs === 1 ? "" : "s"}`;
      const failed = b.failed > 0 ? ` · ${b.failed} failed` : "";
      // At least a millisecond long, or Mermaid draws nothing.
      lines.push(
        `  ${what}${failed} :${tag(b)}, t${++n}, ${wall(b.start)}, ${wall(Math.max(b.end, b.start + 1))}`,
      );
    }
  }
  lines.push("```");
  lines.push(
    "",
    `<sub>Times in UTC, ${wall(first).slice(0, 19)} to ${wall(last).slice(0, 19)}. Each bar is ${perWave ? `a wave (${jobs} jobs: too many to draw one by one)` : "a job"}, from its submission to the end of its last run: grey, every run succeeded; red, a run failed or was cancelled; blue, still running when the run stopped following it.</sub>`,
  );
  return lines;
}
