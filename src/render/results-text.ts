// The apply results as a plain-text table for the terminal, and as JSON rows per (pair, plan).
import type { ApplyReport, PairResult } from "../activation/types.js";
import { formatDuration } from "../clock.js";
import { textTable } from "./text-table.js";

export interface ResultRow {
  plan: string;
  destination: string;
  audience: string;
  job: string;
  runId: string | null;
  status: string;
  /** The outcome code (see src/activation/outcome.ts); null only for a pair never settled. */
  code: string | null;
  reason: string | null;
}

const ORDER: Record<string, number> = {
  failed: 0,
  "not-submitted": 1,
  pending: 2,
  "would-submit": 3,
  succeeded: 4,
};

export function sortResults(results: readonly PairResult[]): PairResult[] {
  return [...results].sort(
    (a, b) =>
      (ORDER[a.status] ?? 9) - (ORDER[b.status] ?? 9) ||
      a.wave - b.wave ||
      (a.audience < b.audience ? -1 : a.audience > b.audience ? 1 : a.destination < b.destination ? -1 : 1),
  );
}

export function resultRows(results: readonly PairResult[]): ResultRow[] {
  return sortResults(results).flatMap((r) =>
    r.requestedBy.map((req) => ({
      plan: req.plan,
      destination: r.destination,
      audience: r.audience,
      job: r.jobId,
      runId: r.runId ?? null,
      status: r.status,
      code: r.code ?? null,
      reason: r.reason ?? null,
    })),
  );
}

/** What a run sent to Platform, for its log: the total, the limit, and each kind of request. */
export function trafficLine(traffic: ApplyReport["traffic"]): string | undefined {
  if (traffic === undefined) return undefined;
  const total = traffic.calls.reduce((n, [, c]) => n + c, 0);
  const paused =
    traffic.pausedMs > 0 ? `; 429s paused requests for ${formatDuration(traffic.pausedMs)} in all` : "";
  return `Platform calls: ${total}, at most ${traffic.limit} in flight at once${paused}${total === 0 ? "" : `: ${traffic.calls.map(([kind, n]) => `${n} ${kind}`).join(" · ")}`}.`;
}

export function counts(results: readonly PairResult[]): Record<PairResult["status"], number> {
  const c = { succeeded: 0, failed: 0, "not-submitted": 0, "would-submit": 0, pending: 0 };
  for (const r of results) c[r.status]++;
  return c;
}

export function resultsTable(report: ApplyReport): string {
  const rows = resultRows(report.results);
  const head = ["STATUS", "PLAN", "AUDIENCE", "DESTINATION", "JOB", "RUN", "RECORDS"];
  const byKey = new Map(report.results.map((r) => [`${r.destination}|${r.audience}`, r]));
  const cells = rows.map((r) => {
    const run = byKey.get(`${r.destination}|${r.audience}`)?.run;
    return [
      r.status,
      r.plan,
      r.audience.slice(0, 8),
      r.destination.slice(0, 8),
      r.job,
      r.runId?.slice(0, 8) ?? "-",
      run?.outputRecords?.toString() ?? "-",
    ];
  });
  const out = textTable(head, cells);
  const reasons = rows.filter((r) => r.reason !== null && r.status !== "succeeded");
  if (reasons.length > 0) {
    out.push("", "Reasons:");
    for (const r of reasons)
      out.push(`  ${r.audience.slice(0, 8)} → ${r.destination.slice(0, 8)} (${r.plan}): ${r.reason}`);
  }
  const c = counts(report.results);
  out.push(
    "",
    `${report.dryRun ? `${c["would-submit"]} would submit` : `${c.succeeded} succeeded, ${c.failed} failed`}, ${c["not-submitted"]} not submitted · ${report.submissions} submission(s), ${report.polls} poll(s), ${((report.finishedAt - report.startedAt) / 1000).toFixed(1)} s${report.dryRun ? " · dry run" : ""}`,
  );
  return out.join("\n");
}

/** One item of the `needs-attention-json` output: a pair that did not end well, or a merge not applied. */
export type AttentionRow =
  | { kind: "pair"; plan: string; destination: string; audience: string; status: string; code: string | null }
  | { kind: "merge"; pr: number | null; commit: string; code: string; pairs: number | null };

/** A pair held back for a person (sent only by a manual run). */
type Held = { destination: string; audience: string; requestedBy: readonly { plan: string }[] };

/**
 * What needs a person after a run: its pairs that did not succeed, the pairs only a manual run can
 * send (`unasked`: no merge asks for them on its own), then the merges it did not apply.
 */
export function attentionRows(
  pairs: readonly PairResult[],
  merges: readonly { head: string; pr: number | undefined; reason: string; pairs?: number }[],
  unasked: readonly Held[] = [],
  /** Pairs of missed runs not caught up (the reviewed gate off). */
  missed: readonly Held[] = [],
): AttentionRow[] {
  const held = (code: string) => (p: Held) => ({
    kind: "pair" as const,
    plan: p.requestedBy[0]?.plan ?? "",
    destination: p.destination,
    audience: p.audience,
    status: "not-submitted",
    code,
  });
  return [
    ...resultRows(pairs).map((r) => ({
      kind: "pair" as const,
      plan: r.plan,
      destination: r.destination,
      audience: r.audience,
      status: r.status,
      code: r.code,
    })),
    ...unasked.map(held("unasked")),
    ...missed.map(held("not-caught-up")),
    ...merges.map((m) => ({
      kind: "merge" as const,
      pr: m.pr ?? null,
      commit: m.head,
      code: m.reason,
      pairs: m.pairs ?? null,
    })),
  ];
}
