// The summary's Mermaid timeline: every block the Action can write is parsed by the `mermaid`
// package itself (on a jsdom window), for every run status, spans from seconds to weeks, and 625
// jobs; ticks never repeat a label; the axis is UTC whoever reads it; a legend says what colours mean.
import { JSDOM } from "jsdom";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ApplyReport, RunTiming } from "../../src/activation/types.js";
import { BARS_PER_JOB_UP_TO, renderTimeline, ticksFor } from "../../src/render/timeline.js";

type Mermaid = typeof import("mermaid").default;
let mermaid: Mermaid;
const saved = { window: globalThis.window, document: globalThis.document };

beforeAll(async () => {
  // Mermaid parses with DOMPurify, which needs a window; restored after this file (workers are shared).
  const dom = new JSDOM("<!doctype html><html><body></body></html>");
  Object.assign(globalThis, { window: dom.window, document: dom.window.document });
  mermaid = (await import("mermaid")).default;
}, 30_000);

afterAll(() => {
  Object.assign(globalThis, saved);
});

/** GitHub's limit on a Mermaid source. */
const MERMAID_MAX = 50_000;
const T0 = Date.UTC(2026, 11, 1, 23, 58, 30); // close to midnight UTC: spans cross the date

const report = (
  runs: RunTiming[],
  finishedAt = Math.max(...runs.map((r) => r.endedAt ?? 0)),
): ApplyReport => ({
  results: [],
  runs,
  startedAt: T0 - 1_000,
  finishedAt,
  submissions: runs.length,
  polls: runs.length,
  dryRun: false,
});

/** `jobs` jobs of `runsEach` runs, waves of `perWave` jobs, each lasting `ms`. */
function runsOf(jobs: number, runsEach: number, ms: number, status = "success", perWave = 10): RunTiming[] {
  return Array.from({ length: jobs }, (_, j) =>
    Array.from({ length: runsEach }, (_, k) => {
      const wave = Math.floor(j / perWave) + 1;
      const start = T0 + (wave - 1) * ms;
      return {
        runId: `r${j}-${k}`,
        jobId: `job-${j}`,
        wave,
        submittedAt: start,
        endedAt: start + ms,
        status,
      };
    }),
  ).flat();
}

/** Mermaid's own reading of a source: it parses, and every bar has a valid start before its end. */
async function read(source: string) {
  await mermaid.parse(source);
  const diagram = await mermaid.mermaidAPI.getDiagramFromText(source);
  const tasks = (
    diagram.db as { getTasks: () => { task: string; startTime: Date; endTime: Date }[] }
  ).getTasks();
  for (const t of tasks) {
    expect(Number.isNaN(t.startTime.getTime()), t.task).toBe(false);
    expect(t.endTime.getTime(), t.task).toBeGreaterThan(t.startTime.getTime());
  }
  return tasks;
}

const block = (lines: string[]) => {
  const md = lines.join("\n");
  const m = /```mermaid\n([\s\S]*?)\n```/.exec(md);
  if (m?.[1] === undefined) throw new Error(`no Mermaid block in:\n${md}`);
  return m[1];
};

describe("the summary's timeline", () => {
  it.each([
    ["success", "done"],
    ["succeeded", "done"],
    ["completed", "done"],
    ["COMPLETED", "done"],
    ["failed", "crit"],
    ["cancelled", "crit"],
    ["canceled", "crit"],
    ["aborted", "crit"],
    ["processing", "active"],
    ["queued", "active"],
    ["submitted", "active"],
  ])("a run that ended %s is drawn %s, and Mermaid parses it", async (status, tag) => {
    const source = block(renderTimeline(report(runsOf(1, 2, 90_000, status))));
    const bar = source.split("\n").find((l) => l.includes("job-0"));
    expect(bar).toMatch(new RegExp(`:${tag}, t1, `));
    if (tag === "crit") expect(bar).toContain("· 2 failed");
    expect(await read(source)).toHaveLength(1);
  });

  it.each([
    [3_000, "1second"],
    [45_000, "5second"],
    [6 * 60_000, "1minute"],
    [2 * 3_600_000, "15minute"],
    [30 * 3_600_000, "3hour"],
    [3 * 86_400_000, "12hour"],
    [20 * 86_400_000, "1day"],
  ])(
    "a %d ms span gets %s ticks: at most 10, none labelled twice, and Mermaid parses it",
    async (span, interval) => {
      const t = ticksFor(span);
      expect(t.interval).toBe(interval);
      const ms =
        Number(/^\d+/.exec(t.interval)?.[0]) *
        { second: 1e3, minute: 6e4, hour: 3.6e6, day: 8.64e7 }[/[a-z]+$/.exec(t.interval)![0] as "second"];
      if (span <= 10 * 86_400_000) expect(span / ms).toBeLessThanOrEqual(10);
      // A label shows seconds when ticks are seconds apart, and the day when the span passes a day.
      if (ms < 60_000) expect(t.axis).toContain("%S");
      if (span > 86_400_000) expect(t.axis).toContain("%d");
      if (ms >= 60_000) expect(t.axis).not.toContain("%S");
      const source = block(renderTimeline(report(runsOf(2, 1, span))));
      expect(source).toContain(`tickInterval ${interval}`);
      await expect(mermaid.parse(source)).resolves.toBeTruthy();
    },
  );

  it("writes times as UTC wall-clock strings, so the axis reads UTC in any reader's time zone, and says so", async () => {
    const lines = renderTimeline(report(runsOf(1, 1, 90_000)));
    const source = block(lines);
    // A reader in India (UTC+05:30): Mermaid reads and draws local time, so the bar shows 23:58.
    const tz = process.env.TZ;
    process.env.TZ = "Asia/Kolkata";
    try {
      const [bar] = await read(source);
      expect([bar?.startTime.getHours(), bar?.startTime.getMinutes(), bar?.endTime.getDate()]).toEqual([
        23, 58, 2,
      ]);
    } finally {
      if (tz === undefined) delete process.env.TZ;
      else process.env.TZ = tz;
    }
    expect(source).toContain("dateFormat YYYY-MM-DD HH:mm:ss.SSS");
    expect(source).toContain(":done, t1, 2026-12-01 23:58:30.000, 2026-12-02 00:00:00.000");
    const legend = lines.at(-1) ?? "";
    expect(legend).toContain("Times in UTC, 2026-12-01 23:58:30 to 2026-12-02 00:00:00");
    expect(legend).toMatch(
      /grey, every run succeeded; red, a run failed or was cancelled; blue, still running/,
    );
  });

  it(`draws a bar per job up to ${BARS_PER_JOB_UP_TO} jobs, within Mermaid's size, and Mermaid parses it`, async () => {
    const source = block(renderTimeline(report(runsOf(BARS_PER_JOB_UP_TO, 80, 300_000))));
    expect(source.split("\n").filter((l) => / :(done|crit|active), t\d+, /.test(l))).toHaveLength(
      BARS_PER_JOB_UP_TO,
    );
    expect(source.length).toBeLessThan(MERMAID_MAX);
    expect(await read(source)).toHaveLength(BARS_PER_JOB_UP_TO);
  });

  it("draws 625 jobs as one bar per wave, says so, stays far below Mermaid's 50,000 characters, and Mermaid parses it", async () => {
    const runs = runsOf(625, 80, 600_000, "success", 40);
    runs[5]!.status = "failed";
    const lines = renderTimeline(report(runs));
    const source = block(lines);
    const bars = source.split("\n").filter((l) => / :(done|crit|active), t\d+, /.test(l));
    expect(bars).toHaveLength(16); // 625 jobs, 40 a wave
    expect(bars[0]).toContain("40 jobs · 3200 runs · 1 failed :crit, t1, ");
    expect(bars[15]).toContain("25 jobs · 2000 runs :done, t16, ");
    expect(lines.at(-1)).toContain("Each bar is a wave (625 jobs: too many to draw one by one)");
    expect(source.length).toBeLessThan(5_000);
    expect(await read(source)).toHaveLength(16);
    expect(lines.join("\n")).toMatchSnapshot("the summary's timeline for 625 jobs");
  });

  it("a run without an end is drawn to the end of the apply; a dry run (no runs) has no timeline", async () => {
    const open = report(
      [{ runId: "r", jobId: "job-x", wave: 1, submittedAt: T0, status: "processing" }],
      T0 + 30_000,
    );
    const source = block(renderTimeline(open));
    expect(source).toContain(":active, t1, 2026-12-01 23:58:30.000, 2026-12-01 23:59:00.000");
    expect(await read(source)).toHaveLength(1);
    expect(renderTimeline(report([], T0))).toEqual([]);
  });
});
