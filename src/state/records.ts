// What the state says about each requested pair before a run, and what a run records: intents before
// every submission, replies after each wave, outcomes at the end. Pure functions over the state.
import type { PairResult } from "../activation/types.js";
import { pairKey, type OutcomeCode } from "../activation/outcome.js";
import type { Pending } from "../jobs/merges.js";
import { askedBy, idOf } from "./earlier.js";
import { requestId, type ActivationState, type PairRecord, type RecordState } from "./types.js";

/** The request a run works on: which commit asked, merged under which review. */
export interface RequestContext {
  commit: string;
  review?: { pr: number; hash: string; approvedBy?: string[] };
  /**
   * A run of several merges: the merge commit that asked for each pair (by pairKey) and the review
   * it went out under, instead of `commit` and `review`. A pair is one request per asking commit.
   */
  commits?: ReadonlyMap<string, string>;
  reviews?: ReadonlyMap<string, { pr: number; hash: string; approvedBy?: string[] }>;
  /** The API client (credential) that submits: the `createdClient` of the runs it makes. */
  client: string;
  now: number;
}

function upsert(
  state: ActivationState,
  ctx: RequestContext,
  p: PairResult,
  change: Partial<PairRecord> & { state: RecordState },
): PairRecord {
  const id = idOf(ctx, p);
  const before = state.records.get(id);
  const review = ctx.reviews?.get(pairKey(p.sandbox, p.destination, p.audience)) ?? ctx.review;
  const record: PairRecord = {
    commit: askedBy(ctx, p),
    plan: p.requestedBy[0]?.file ?? "",
    destination: p.destination,
    audience: p.audience,
    ...(review === undefined ? {} : { review }),
    attempts: 0,
    ...before,
    ...change,
    updatedAt: ctx.now,
  };
  state.records.set(id, record);
  return record;
}

/** Before a wave is submitted: the intent of each pair about to be sent. A succeeded pair resent by `force` keeps its old runs. */
export function recordIntents(
  state: ActivationState,
  pairs: readonly PairResult[],
  ctx: RequestContext,
): void {
  for (const p of pairs) {
    const before = state.records.get(idOf(ctx, p));
    const forced =
      before?.state === "succeeded" ? [...(before.forced ?? []), ...(before.runIds ?? [])] : before?.forced;
    upsert(state, ctx, p, {
      state: "intent",
      job: p.jobId,
      intentAt: ctx.now,
      client: ctx.client,
      attempts: (before?.attempts ?? 0) + 1,
      runIds: [],
      ...(forced === undefined ? {} : { forced }),
    });
    const r = state.records.get(idOf(ctx, p));
    if (r !== undefined) delete r.code;
  }
}

/** Codes after which Platform may hold runs nobody can name: the pair stays unknown. */
const UNKNOWN_CODES: ReadonlySet<OutcomeCode> = new Set<OutcomeCode>([
  "reply-lost",
  "no-run-returned",
  "earlier-unknown",
]);
/** Codes of a run that was started and not seen to end: followed by the next run. */
const STILL_RUNNING: ReadonlySet<OutcomeCode> = new Set<OutcomeCode>(["run-timeout", "internal"]);

/** Pre-flight ends that count as a try (retried later, up to max-attempts): nothing was submitted. */
const COUNTED_TRIES: ReadonlySet<OutcomeCode> = new Set<OutcomeCode>([
  "export-in-progress",
  "preflight-unreadable",
]);

/**
 * The code a record keeps: the outcome code, except that a throttled rejection (429, after the
 * client's own retries) is `rejected-429`: the record alone must tell a retry apart. (A 5xx on a
 * submission is never a rejection: the reply may be lost, so the pair is unknown.)
 */
function recordCode(p: PairResult): string | undefined {
  return p.code === "rejected" && p.detail?.httpStatus === 429 ? "rejected-429" : p.code;
}

/** Record codes worth retrying by a later run: Platform refused for a passing reason. */
const RETRYABLE: ReadonlySet<string> = new Set([
  "rejected-429",
  "export-in-progress",
  "preflight-unreadable",
  "conflict-timeout",
  "unreachable",
  "cancelled",
  "budget-ended",
]);

/**
 * Whether a failed record is worth retrying by a later run: throttled, a run or a scheduled export
 * in progress, unreachable, or its lists could not be read. A lost reply is never retried: it is
 * unknown, not failed.
 */
export const retryable = (code: string | undefined): boolean => code !== undefined && RETRYABLE.has(code);

/** The state a pair's result leads to, or undefined when the result changes nothing recorded. */
function stateOf(p: PairResult): RecordState | undefined {
  if (p.code === "first-activation-wait") return "pending";
  if (p.status === "succeeded") return p.code === "succeeded-earlier" ? undefined : "succeeded";
  // Superseded: the later request is the one recorded; this one stays as it was.
  if (p.code === "dry-run" || p.code === "superseded") return undefined;
  if (
    p.runId !== undefined &&
    (p.status === "pending" || (p.code !== undefined && STILL_RUNNING.has(p.code)))
  )
    return "submitted";
  if (p.code !== undefined && UNKNOWN_CODES.has(p.code)) return "unknown";
  if (p.status === "pending") return undefined;
  return "failed";
}

/**
 * After a wave's replies, and at the end: what each pair became. Only pairs this run touched (an
 * intent, a followed run) or settled are written; a pair held as unknown keeps its earlier record.
 */
export function recordResults(
  state: ActivationState,
  results: readonly PairResult[],
  ctx: RequestContext,
): void {
  for (const p of results) {
    const next = stateOf(p);
    if (next === undefined) continue;
    const before = state.records.get(idOf(ctx, p));
    if (p.code === "earlier-unknown" && before !== undefined) continue; // held, unchanged
    if (next === "failed" && before?.state === "unknown") continue; // never turn an unknown into a retry
    // A pending pair the run stopped before sending stays pending: the next scheduled run judges it again.
    if (
      before?.state === "pending" &&
      p.runId === undefined &&
      (p.code === "cancelled" || p.code === "budget-ended")
    )
      continue;
    const code = recordCode(p);
    upsert(state, ctx, p, {
      state: next,
      ...(code === undefined ? {} : { code }),
      ...(p.runId === undefined ? {} : { runIds: [p.runId] }),
      // A try that pre-flight ended for a passing reason counts, though nothing was submitted.
      ...(p.code !== undefined && COUNTED_TRIES.has(p.code) ? { attempts: (before?.attempts ?? 0) + 1 } : {}),
    });
  }
}

/** Runs one accepted pair made, learned from the replies of this run's accepted submissions. */
export function learnRunsPerPair(state: ActivationState, results: readonly PairResult[]): void {
  const accepted = results.filter((p) => p.runId !== undefined && p.code !== "succeeded-earlier");
  if (accepted.length === 0) return;
  const runs = new Set(accepted.map((p) => p.runId)).size;
  state.runsPerPair = runs / accepted.length;
}

/**
 * Records pairs asked for before their plan's window opens as pending, each under the merge and
 * review that asked; a request already recorded, in any state, is left as it is. Returns how many
 * were added.
 */
export function addPending(
  states: readonly ActivationState[],
  pending: readonly Pending[],
  now: number,
): number {
  let added = 0;
  for (const p of pending) {
    const state = states.find((s) => s.key.sandbox === p.pair.sandbox);
    const id = requestId(p.commit, p.pair.destination.id, p.pair.audience.id);
    if (state === undefined || state.records.has(id)) continue;
    state.records.set(id, {
      commit: p.commit,
      plan: p.pair.file,
      destination: p.pair.destination.id,
      audience: p.pair.audience.id,
      ...(p.review === undefined ? {} : { review: p.review }),
      state: "pending",
      code: "window-pending",
      due: p.opens,
      attempts: 0,
      updatedAt: now,
    });
    added++;
  }
  return added;
}
