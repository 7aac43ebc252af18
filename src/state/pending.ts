// Pairs that wait for their plan's window: asked for by a reviewed merge before the window opened,
// recorded as pending, and sent by the first scheduled run once it is open. Pure: the pending records
// and the plans at the head in; for each record what a run does with it, out.
import { instant } from "../plan/instant.js";
import { pairKey, planPairs, windowState, type RequestedPair } from "../plan/changes.js";
import type { Plan } from "../plan/types.js";
import { retryable } from "./records.js";
import type { PairRecord } from "./types.js";

/** What a run does with a pending record. */
export type PendingVerdict =
  /**
   * Sent now: its window is open, `late` ms after it opened; or (`hour`) it waited for Adobe's hour
   * after the audience's first activation on the dataflow.
   */
  | { kind: "due"; record: PairRecord; pair: RequestedPair; late: number; hour?: true }
  /** Its window has not opened yet (`opens`, epoch ms). */
  | { kind: "waiting"; record: PairRecord; opens: number }
  /** Its window opened longer than max-lateness ago: sent only with a person's yes (a manual run). */
  | { kind: "confirm"; record: PairRecord; late: number }
  /**
   * Never sent: its window closed first (`window-closed`), its plan no longer asks for it
   * (`revoked`), or a newer request for the same pair is sent instead (`superseded`).
   */
  | { kind: "expired"; record: PairRecord; code: "window-closed" | "revoked" | "superseded" }
  /** A failure worth retrying (retryable), tried fewer than max-attempts times: tried again now. */
  | { kind: "retry"; record: PairRecord; pair: RequestedPair };

/**
 * The plan at the head a record belongs to: the plan in its file that still asks for the pair, else
 * (the file moved: a rename is no change) another plan of the sandbox asking for it.
 */
function planOf(r: PairRecord, sandbox: string, headPlans: readonly Plan[]) {
  const asks = (p: Plan) =>
    planPairs(p).find(
      (q) =>
        q.sandbox === sandbox &&
        q.destination.id.toLowerCase() === r.destination.toLowerCase() &&
        q.audience.id.toLowerCase() === r.audience.toLowerCase(),
    );
  const ordered = [
    ...headPlans.filter((p) => p.file === r.plan),
    ...headPlans.filter((p) => p.file !== r.plan),
  ];
  for (const plan of ordered) {
    const pair = asks(plan);
    if (pair !== undefined) return { plan, pair };
  }
  return undefined;
}

/**
 * Each pending record of a sandbox's state, judged at `now` by the plans at the head: the window
 * and whether the plan still asks for the pair come from the head (a later reviewed merge may move
 * the window). Of several due requests for one pair, the newest is sent and the others superseded;
 * a pair sent under another request since (a manual run, say) supersedes its pending request.
 */
export function judgePending(
  sandbox: string,
  records: Iterable<PairRecord>,
  headPlans: readonly Plan[],
  now: number,
  maxLatenessMs: number,
): PendingVerdict[] {
  const verdicts: PendingVerdict[] = [];
  const due = new Map<string, Extract<PendingVerdict, { kind: "due" }>>();
  const all = [...records];
  // When each pair last went out under another request (a manual run, a later merge): a pending
  // request older than that is superseded by it.
  const id = (r: PairRecord) => `${r.destination.toLowerCase()}\u0000${r.audience.toLowerCase()}`;
  const sent = new Map<string, number>();
  for (const r of all)
    if (r.state !== "pending" && r.state !== "expired" && r.state !== "failed")
      sent.set(id(r), Math.max(sent.get(id(r)) ?? -Infinity, r.intentAt ?? r.updatedAt));
  for (const record of all) {
    if (record.state !== "pending") continue;
    if ((sent.get(id(record)) ?? -Infinity) >= record.updatedAt) {
      verdicts.push({ kind: "expired", record, code: "superseded" });
      continue;
    }
    const found = planOf(record, sandbox, headPlans);
    if (found === undefined) {
      verdicts.push({ kind: "expired", record, code: "revoked" });
      continue;
    }
    const window = windowState(found.plan, new Date(now));
    if (!window.open) {
      verdicts.push(
        window.opens === undefined
          ? { kind: "expired", record, code: "window-closed" }
          : { kind: "waiting", record, opens: window.opens },
      );
      continue;
    }
    const opened = found.plan.window?.notBefore;
    const late = opened === undefined ? 0 : Math.max(0, now - instant(opened));
    // Adobe's hour after a first activation is no lateness of the merge's: it is tried again.
    const hour = record.code === "first-activation-wait";
    if (late > maxLatenessMs && !hour) {
      verdicts.push({ kind: "confirm", record, late });
      continue;
    }
    const key = pairKey(sandbox, found.pair.destination.id, found.pair.audience.id);
    const other = due.get(key);
    const newer = (a: PairRecord, b: PairRecord) =>
      a.updatedAt > b.updatedAt || (a.updatedAt === b.updatedAt && a.commit > b.commit);
    if (other !== undefined && !newer(record, other.record)) {
      verdicts.push({ kind: "expired", record, code: "superseded" });
      continue;
    }
    if (other !== undefined) verdicts.push({ kind: "expired", record: other.record, code: "superseded" });
    due.set(key, { kind: "due", record, pair: found.pair, late, ...(hour ? { hour } : {}) });
  }
  return [...verdicts, ...due.values()];
}

/**
 * The failures a person still has to act on: failed requests of pairs a plan at the head still asks
 * for, with no newer request for the pair since (sent, in flight, unknown or pending). Scheduled runs
 * list them and never retry them: a changed plan (a bumped revision) is a new request.
 */
export function openFailures(
  sandbox: string,
  records: Iterable<PairRecord>,
  headPlans: readonly Plan[],
): PairRecord[] {
  return openFailed(sandbox, records, headPlans).map((f) => f.record);
}

/** The open failures worth retrying that have tries left: tried again by this run. */
export function retries(
  sandbox: string,
  records: Iterable<PairRecord>,
  headPlans: readonly Plan[],
  maxAttempts: number,
): Extract<PendingVerdict, { kind: "retry" }>[] {
  return openFailed(sandbox, records, headPlans).flatMap(({ record, pair }) =>
    retryable(record.code) && record.attempts < maxAttempts ? [{ kind: "retry" as const, record, pair }] : [],
  );
}

function openFailed(
  sandbox: string,
  records: Iterable<PairRecord>,
  headPlans: readonly Plan[],
): { record: PairRecord; pair: RequestedPair }[] {
  const all = [...records];
  const id = (r: PairRecord) => `${r.destination.toLowerCase()}\u0000${r.audience.toLowerCase()}`;
  const latest = new Map<string, PairRecord>();
  for (const r of all) {
    if (r.state === "expired") continue;
    const other = latest.get(id(r));
    if (other === undefined || r.updatedAt > other.updatedAt) latest.set(id(r), r);
  }
  return all.flatMap((record) => {
    if (record.state !== "failed" || latest.get(id(record)) !== record) return [];
    const found = planOf(record, sandbox, headPlans);
    return found === undefined ? [] : [{ record, pair: found.pair }];
  });
}
