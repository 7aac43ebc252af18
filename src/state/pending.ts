// Pairs a later run sends: asked for by a reviewed merge before its plan's window opened (or before
// Adobe's first-activation hour passed), recorded as pending; and failures worth retrying. Pure: the
// records, the plans each record's merge reviewed and the plans at the head in; for each record what
// a scheduled run does with it, out.
import { canonicalId } from "../plan/ids.js";
import { instant } from "../plan/instant.js";
import { planPairs, windowState, type RequestedPair } from "../plan/changes.js";
import type { Plan } from "../plan/types.js";
import { retryable } from "./records.js";
import { requestId, type ActivationState, type PairRecord } from "./types.js";

/** What a run does with a pending record, or with a failure worth retrying. */
export type PendingVerdict =
  /**
   * Sent now: its window is open, `late` ms after it opened; or (`hour`) it waited for Adobe's hour
   * after the audience's first activation on the dataflow.
   */
  | { kind: "due"; record: PairRecord; pair: RequestedPair; late: number; hour?: true }
  /**
   * Not yet: its window opens at `opens` (epoch ms); undefined when the plans its merge reviewed
   * could not be read (it is judged again by the next run, never sent unjudged).
   */
  | { kind: "waiting"; record: PairRecord; opens: number | undefined }
  /** Its window opened longer than max-lateness ago: sent only with a person's yes (a manual run). */
  | { kind: "confirm"; record: PairRecord; late: number }
  /**
   * Never sent: its window closed first (`window-closed`), its plan no longer asks for it
   * (`revoked`), or a newer request for the same pair replaced it (`superseded`).
   */
  | { kind: "expired"; record: PairRecord; code: "window-closed" | "revoked" | "superseded" }
  /** A failure worth retrying (retryable), tried fewer than max-attempts times: tried again now. */
  | { kind: "retry"; record: PairRecord; pair: RequestedPair };

/** What a record is judged by. */
export interface Judging {
  headPlans: readonly Plan[];
  /**
   * The plans as of a commit: what the review of the merge that asked covered (its window, its
   * plan's name). Undefined when they cannot be read.
   */
  plansAt: (commit: string) => readonly Plan[] | undefined;
  /** When a commit landed (epoch ms); undefined when it cannot be read. */
  landedAt: (commit: string) => number | undefined;
  /**
   * The plans whose change in the merge that ends at a commit asked for pairs (as sent, or pending),
   * each narrowed to those pairs: who made a request. Undefined when unknown (then every plan at the
   * commit that asks for the pair counts).
   */
  askedAt?: (commit: string) => readonly Plan[] | undefined;
}

const asks = (p: Plan, sandbox: string, r: PairRecord) =>
  planPairs(p).find(
    (q) =>
      q.sandbox === sandbox &&
      canonicalId(q.destination.id) === canonicalId(r.destination) &&
      canonicalId(q.audience.id) === canonicalId(r.audience),
  );

/**
 * A record's plan as its merge reviewed it, and the pair as the plans at the head ask for it. Every
 * plan of the commit that asked for the pair counts (two plans may ask for one pair: one request),
 * its own file's first; each is found at the head by its name (a renamed file is the same plan).
 * Revoked when none of them asks for the pair at the head any more; `unreadable` when the commit's
 * plans cannot be read.
 */
function planOf(
  r: PairRecord,
  sandbox: string,
  j: Judging,
): { reviewed: Plan; pair: RequestedPair } | "revoked" | "unreadable" {
  const then = j.plansAt(r.commit);
  if (then === undefined) return "unreadable";
  // The plans whose change asked for it in that merge; else (a manual run's request) every plan.
  const requesters = (j.askedAt?.(r.commit) ?? []).filter((p) => asks(p, sandbox, r) !== undefined);
  const asked = requesters.length > 0 ? requesters : then.filter((p) => asks(p, sandbox, r) !== undefined);
  asked.sort((a, b) => Number(b.file === r.plan) - Number(a.file === r.plan));
  for (const reviewed of asked) {
    const now = j.headPlans.find((p) => p.name === reviewed.name);
    const pair = now === undefined ? undefined : asks(now, sandbox, r);
    if (pair !== undefined) return { reviewed, pair };
  }
  return "revoked";
}

const pairId = (r: PairRecord) => `${canonicalId(r.destination)}\u0000${canonicalId(r.audience)}`;
const newer = (a: PairRecord, b: PairRecord) =>
  a.updatedAt > b.updatedAt || (a.updatedAt === b.updatedAt && a.commit > b.commit);

/**
 * Each pending record of a sandbox's state, judged at `now`: by the window of its plan as its merge
 * reviewed it (a later unreviewed push cannot move it), and revoked when the plan of that name no
 * longer asks for the pair at the head. One request per pair is live: the newest pending one (a
 * bumped revision replaces the older), and none once the pair went out under a newer request (a
 * manual run, say).
 */
export function judgePending(
  sandbox: string,
  records: Iterable<PairRecord>,
  j: Judging,
  now: number,
  maxLatenessMs: number,
): PendingVerdict[] {
  const all = [...records];
  // The newest pending request per pair, and when each pair last went out under another request.
  const live = new Map<string, PairRecord>();
  const sent = new Map<string, number>();
  for (const r of all) {
    const id = pairId(r);
    if (r.state === "pending") {
      const other = live.get(id);
      if (other === undefined || newer(r, other)) live.set(id, r);
    } else if (r.state !== "expired" && r.state !== "failed")
      sent.set(id, Math.max(sent.get(id) ?? -Infinity, r.intentAt ?? r.updatedAt));
  }
  const verdicts: PendingVerdict[] = [];
  for (const record of all) {
    if (record.state !== "pending") continue;
    if (live.get(pairId(record)) !== record || (sent.get(pairId(record)) ?? -Infinity) >= record.updatedAt) {
      verdicts.push({ kind: "expired", record, code: "superseded" });
      continue;
    }
    const found = planOf(record, sandbox, j);
    if (found === "unreadable") {
      verdicts.push({ kind: "waiting", record, opens: undefined });
      continue;
    }
    if (found === "revoked") {
      verdicts.push({ kind: "expired", record, code: "revoked" });
      continue;
    }
    const window = windowState(found.reviewed, new Date(now));
    if (!window.open) {
      verdicts.push(
        window.opens === undefined
          ? { kind: "expired", record, code: "window-closed" }
          : { kind: "waiting", record, opens: window.opens },
      );
      continue;
    }
    // Late since the window opened, or since the merge landed when that was later (Adobe's
    // first-activation hour waits from the merge); a merge whose time cannot be read is not judged.
    const hour = record.code === "first-activation-wait";
    const opened = found.reviewed.window?.notBefore;
    const landed = hour ? j.landedAt(record.commit) : undefined;
    if (hour && landed === undefined) {
      verdicts.push({ kind: "waiting", record, opens: undefined });
      continue;
    }
    const from = Math.max(opened === undefined ? -Infinity : instant(opened), landed ?? -Infinity);
    const late = Number.isFinite(from) ? Math.max(0, now - from) : 0;
    if (late > maxLatenessMs) {
      verdicts.push({ kind: "confirm", record, late });
      continue;
    }
    verdicts.push({ kind: "due", record, pair: found.pair, late, ...(hour ? { hour } : {}) });
  }
  return verdicts;
}

/**
 * The failures a person still has to act on: failed requests of pairs the plan of that name still
 * asks for at the head, with no newer request for the pair since (sent, in flight, unknown or
 * pending). Scheduled runs list them, and retry only those worth retrying (see `retries`).
 */
export function openFailures(sandbox: string, records: Iterable<PairRecord>, j: Judging): PairRecord[] {
  return openFailed(sandbox, records, j).map((f) => f.record);
}

/**
 * The open failures worth retrying that have tries left, within max-lateness of their merge and
 * inside the window their merge reviewed: tried again by this run.
 */
export function retries(
  sandbox: string,
  records: Iterable<PairRecord>,
  j: Judging,
  at: { now: number; maxAttempts: number; maxLatenessMs: number },
): Extract<PendingVerdict, { kind: "retry" }>[] {
  return openFailed(sandbox, records, j).flatMap(({ record, pair, reviewed }) => {
    if (!retryable(record.code) || record.attempts >= at.maxAttempts) return [];
    if (pair === undefined || reviewed === undefined || !windowState(reviewed, new Date(at.now)).open)
      return [];
    const landed = j.landedAt(record.commit);
    if (landed === undefined || at.now - landed > at.maxLatenessMs) return [];
    return [{ kind: "retry" as const, record, pair }];
  });
}

/** The commits whose plans (and landing times) judging these records needs: pending and failed requests. */
export function commitsToJudge(records: Iterable<PairRecord>): Set<string> {
  const commits = new Set<string>();
  for (const r of records) if (r.state === "pending" || r.state === "failed") commits.add(r.commit);
  return commits;
}

type Failed = { record: PairRecord; pair: RequestedPair | undefined; reviewed: Plan | undefined };

/** Failed requests no newer request for the pair replaced (any newer one, expired ones too). */
function openFailed(sandbox: string, records: Iterable<PairRecord>, j: Judging): Failed[] {
  const all = [...records];
  const latest = new Map<string, PairRecord>();
  // At the same moment (one clock tick), another request beats a failed one: it came after it.
  const later = (a: PairRecord, b: PairRecord) =>
    a.updatedAt > b.updatedAt ||
    (a.updatedAt === b.updatedAt && b.state === "failed" && a.state !== "failed");
  for (const r of all) {
    const other = latest.get(pairId(r));
    if (other === undefined || later(r, other)) latest.set(pairId(r), r);
  }
  return all.flatMap((record): Failed[] => {
    if (record.state !== "failed" || latest.get(pairId(record)) !== record) return [];
    const found = planOf(record, sandbox, j);
    // Listed when its merge's plans cannot be read (never retried then): a person still has to know.
    if (found === "unreadable") return [{ record, pair: undefined, reviewed: undefined }];
    return found === "revoked" ? [] : [{ record, pair: found.pair, reviewed: found.reviewed }];
  });
}

/**
 * Expires the pending requests of commit `commit` for pairs whose plan's window has closed (the
 * CLI's apply of a change after its window): never sent, `window-closed`. Returns how many were
 * expired.
 */
export function expirePending(
  states: readonly ActivationState[],
  closed: readonly RequestedPair[],
  commit: string,
  now: number,
): number {
  let expired = 0;
  for (const pair of closed) {
    const state = states.find((s) => s.key.sandbox === pair.sandbox);
    const record = state?.records.get(requestId(commit, pair.destination.id, pair.audience.id));
    // Waiting for the window, or for a person's yes: either way the window no longer allows it.
    if (record === undefined || record.state !== "pending" || record.code === "first-activation-wait")
      continue;
    Object.assign(record, { state: "expired", code: "window-closed", updatedAt: now });
    expired++;
  }
  return expired;
}
