// Taking the lock of one state key: read it, wait (bounded) while another run holds it, then write
// this run as the holder with compare-and-swap; a lost race reads again.
import { formatDuration, sleepUnless, stopReason, type Clock, type Stop } from "../clock.js";
import { canonicalId } from "../plan/ids.js";
import {
  keyPath,
  StateConflict,
  StateUnavailable,
  type ActivationState,
  type ReadScope,
  type StateKey,
  type StateStore,
} from "../state/types.js";
import { planPairs } from "../plan/changes.js";
import type { Plan } from "../plan/types.js";

/** The keys a plan touches: each sandbox of its jobs, under one org and step key. */
export function keysOf(jobs: readonly { sandbox: string }[], org: string, stepKey: string): StateKey[] {
  return [...new Set(jobs.map((j) => j.sandbox))].map((sandbox) => ({ org, sandbox, stepKey }));
}

/**
 * What a run of `commit` on `pairs` needs of the state: the records of every head plan asking for
 * one of the pairs, and (the home adds them from its index) of every plan holding a record of the
 * commit: an earlier run on it may have selected other plans, and recorded a pair under one of them.
 * "" is the plan of a pair no plan asked for.
 */
export function scopeOf(
  commit: string,
  pairs: readonly { sandbox: string; destination: string; audience: string }[],
  headPlans: readonly Plan[],
  merges: readonly string[] = [],
): ReadScope {
  const id = (sandbox: string, destination: string, audience: string) =>
    `${sandbox}|${canonicalId(destination)}|${canonicalId(audience)}`;
  const wanted = new Set(pairs.map((p) => id(p.sandbox, p.destination, p.audience)));
  const plans = new Set([""]);
  for (const plan of headPlans)
    if (planPairs(plan).some((r) => wanted.has(id(r.sandbox, r.destination.id, r.audience.id))))
      plans.add(plan.file);
  return merges.length === 0 ? { commit, plans } : { commit, merges, plans };
}

/** Wait for another holder as long as the run may wait for anything; a killed run's lock frees after two of those and ten minutes. */
export function lockTimes(timeoutMinutes: number): { lockWaitMs: number; lockTtlMs: number } {
  return { lockWaitMs: timeoutMinutes * 60_000, lockTtlMs: 2 * timeoutMinutes * 60_000 + 10 * 60_000 };
}

export interface SessionOptions {
  store: StateStore;
  /** This run, as lock holder ("github run 123 attempt 2", "cli host pid"). */
  holder: string;
  /** A holder this run may take over: an earlier attempt of the same workflow run cannot still be running. */
  supersedes?: (holder: string) => boolean;
  /** What this run needs of each key (scopeOf): a home may then read only that (see ReadScope). */
  scope?: ReadScope;
  /** Accept a missing state (a first run that says so); otherwise it is state-unavailable. */
  init: boolean;
  clock: Clock;
  /** The run's stop: a lock is not waited for past it. */
  stop?: Stop;
  /** Longest wait for another holder's lock. */
  lockWaitMs: number;
  /** How long a lock holds without being renewed (each write renews it). */
  lockTtlMs: number;
  log: (message: string) => void;
}

export interface Held {
  state: ActivationState;
  version: string | undefined;
}

// Each look costs a few GitHub requests: start at 15 s and back off to 2 min (about 35 looks an
// hour, well inside the token's 1,000 requests an hour); say so once, then every 5 minutes.
const POLL = { firstMs: 15_000, maxMs: 120_000, factor: 1.5, reportEveryMs: 300_000 };

export async function acquire(o: SessionOptions, key: StateKey, deadline: number): Promise<Held> {
  const { store, clock } = o;
  let pollMs = POLL.firstMs;
  let reported: { holder: string; at: number } | undefined;
  for (;;) {
    const snap = await store.read(key, o.scope);
    if (snap.state === undefined && !o.init)
      throw new StateUnavailable(
        `there is no activation state for ${keyPath(key)} in ${store.where}`,
        "if this is the first run for this org, sandbox and step-key, run once manually with init: true (CLI: --init); if the state was deleted or renamed, restore it: starting afresh could activate pairs twice",
      );
    const state: ActivationState = snap.state ?? { key, records: new Map() };
    const lock = state.lock;
    const now = clock.now();
    if (
      lock !== undefined &&
      lock.holder !== o.holder &&
      lock.until > now &&
      o.supersedes?.(lock.holder) !== true
    ) {
      const stopped = stopReason(o.stop, now);
      if (now >= deadline || stopped !== undefined)
        throw new StateUnavailable(
          `${keyPath(key)} is locked by ${lock.holder} until ${new Date(lock.until).toISOString()}; ${stopped === "cancelled" ? "the run was cancelled while waiting for it" : stopped === "budget-ended" ? "the run's time budget ended while waiting for it" : `waited ${formatDuration(o.lockWaitMs)}`}`,
          "run again when that run has finished; a run that was killed holds its lock until the time shown",
        );
      if (reported?.holder !== lock.holder || now - reported.at >= POLL.reportEveryMs) {
        o.log(
          `The state of ${keyPath(key)} is locked by ${lock.holder}; waiting for it (up to ${formatDuration(deadline - now)} more).`,
        );
        reported = { holder: lock.holder, at: now };
      }
      await sleepUnless(clock, Math.min(pollMs, deadline - now), o.stop);
      pollMs = Math.min(POLL.maxMs, pollMs * POLL.factor);
      continue;
    }
    state.lock = { holder: o.holder, until: now + o.lockTtlMs };
    try {
      const version = await store.write(state, snap.version);
      return { state, version };
    } catch (error) {
      if (error instanceof StateConflict) continue; // another run got there first: read again
      throw error;
    }
  }
}
