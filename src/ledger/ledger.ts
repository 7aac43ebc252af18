// The rerun ledger: which pairs of a plan already succeeded and which runs are still in flight, so a
// rerun neither repeats a success nor resubmits a running pair. Pure: results in, text out, and back.
//
// Pairs are identified by their index in the plan's (deterministic) pair list, and a ledger only
// applies to the plan with the same hash. Encoded as gzip + base64 JSON to fit a check run's output:
// succeeded indexes as ranges, running pairs with their run IDs. When the run IDs do not fit, those
// pairs are recorded as "unknown": a rerun does not resubmit them (that could activate twice).
import { gunzipSync, gzipSync } from "node:zlib";
import { pairKey, type OutcomeCode } from "../activation/outcome.js";
import type { PairResult } from "../activation/types.js";
import type { PlannedPair } from "../jobs/planner.js";

export type LedgerState = "succeeded" | "running" | "unknown";

/** Outcomes whose run was started but not seen to end (timeout, an error while following). */
const FOLLOW_AGAIN = new Set<OutcomeCode | undefined>(["run-timeout", "internal"]);
/** Outcomes where Platform may have started a run nobody knows: a lost reply, a 200 that skipped the pair. */
const UNKNOWN = new Set<OutcomeCode>(["reply-lost", "no-run-returned", "earlier-unknown"]);

export interface Ledger {
  planHash: string;
  /** Index in the plan's pairs → what an earlier run left. Failed and unsubmitted pairs are absent. */
  entries: Map<number, { state: LedgerState; runId?: string }>;
}

const MARK = "aep-activation-plans-ledger:v1";
/** Check-run output.text holds 65,535 characters; leave room for the human-readable part. */
export const LEDGER_BUDGET = 60_000;

export function ledgerFromResults(
  planHash: string,
  pairs: readonly PlannedPair[],
  results: readonly PairResult[],
): Ledger {
  const byKey = new Map(results.map((r) => [pairKey(r.sandbox, r.destination, r.audience), r]));
  const entries: Ledger["entries"] = new Map();
  pairs.forEach((p, i) => {
    const r = byKey.get(pairKey(p.sandbox, p.destination, p.audience));
    if (r === undefined) return;
    if (r.status === "succeeded") entries.set(i, { state: "succeeded" });
    // A run that was started and whose end is not known: a rerun follows it, never submits again.
    else if (r.runId !== undefined && (r.status === "pending" || FOLLOW_AGAIN.has(r.code)))
      entries.set(i, { state: "running", runId: r.runId });
    // A submission that may have reached Platform, or an unknown carried over: never resubmitted.
    else if (r.code !== undefined && UNKNOWN.has(r.code)) entries.set(i, { state: "unknown" });
  });
  return { planHash, entries };
}

function ranges(indexes: number[]): [number, number][] {
  const out: [number, number][] = [];
  for (const i of indexes.sort((a, b) => a - b)) {
    const last = out[out.length - 1];
    if (last !== undefined && last[1] === i - 1) last[1] = i;
    else out.push([i, i]);
  }
  return out;
}

function expand(rs: [number, number][]): number[] {
  return rs.flatMap(([a, b]) => Array.from({ length: b - a + 1 }, (_, k) => a + k));
}

function pack(payload: unknown): string {
  return gzipSync(Buffer.from(JSON.stringify(payload)), { level: 9 }).toString("base64");
}

/** Text for the check run's output, within `budget` characters. */
export function encodeLedger(ledger: Ledger, budget = LEDGER_BUDGET): string {
  const by = (s: LedgerState) => [...ledger.entries].filter(([, e]) => e.state === s);
  const succeeded = ranges(by("succeeded").map(([i]) => i));
  let running = by("running").map(([i, e]) => [i, e.runId ?? ""] as [number, string]);
  let unknown = by("unknown").map(([i]) => i);
  for (;;) {
    const data = pack({ h: ledger.planHash, s: succeeded, r: running, u: ranges([...unknown]) });
    if (data.length <= budget - 200 || running.length === 0) {
      return `<!-- ${MARK} -->\nThe rerun ledger of aep-activation-plans (gzip, base64):\n\n\`\`\`\n${data}\n\`\`\`\n`;
    }
    // Too many run IDs to keep: the last tenth become "unknown" (never resubmitted by a rerun).
    const keep = Math.floor(running.length * 0.9);
    unknown = [...unknown, ...running.slice(keep).map(([i]) => i)];
    running = running.slice(0, keep);
  }
}

export function decodeLedger(text: string): Ledger | undefined {
  if (!text.includes(MARK)) return undefined;
  const data = /```\n([A-Za-z0-9+/=\n]+)\n```/.exec(text)?.[1];
  if (data === undefined) return undefined;
  try {
    const raw = JSON.parse(gunzipSync(Buffer.from(data.replace(/\n/g, ""), "base64")).toString("utf8")) as {
      h: string;
      s: [number, number][];
      r: [number, string][];
      u: [number, number][];
    };
    const entries: Ledger["entries"] = new Map();
    for (const i of expand(raw.s)) entries.set(i, { state: "succeeded" });
    for (const [i, runId] of raw.r) entries.set(i, { state: "running", runId });
    for (const i of expand(raw.u)) entries.set(i, { state: "unknown" });
    return { planHash: raw.h, entries };
  } catch {
    return undefined;
  }
}
