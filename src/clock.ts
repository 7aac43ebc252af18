// The clock adapter: the current time and waiting. Tests and the demo pass their own.
import { setTimeout as delay } from "node:timers/promises";

export interface Clock {
  now(): number;
  /** Waits `ms`; a clock may end the wait early when `signal` aborts (the system clock does). */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  sleep: (ms, signal) => delay(ms, undefined, signal === undefined ? {} : { signal }).catch(() => {}),
};

/**
 * When a run must stop starting work and waiting: the end of its time budget (epoch ms, on its
 * clock) and its cancellation (the runner's SIGINT, then SIGTERM). Work already started is recorded.
 */
export interface Stop {
  deadline: number;
  signal: AbortSignal;
  /** The budget's length (for messages); undefined when the run has none. */
  budgetMs?: number;
}

export const NO_STOP: Stop = { deadline: Infinity, signal: new AbortController().signal };

/** Why a run stops now, if it does: cancelled, or its time budget ended. */
export function stopReason(stop: Stop | undefined, now: number): "cancelled" | "budget-ended" | undefined {
  if (stop === undefined) return undefined;
  if (stop.signal.aborted) return "cancelled";
  return now >= stop.deadline ? "budget-ended" : undefined;
}

/** Waits `ms`, at most until the stop's deadline, and no longer than a cancellation. */
export async function sleepUnless(clock: Clock, ms: number, stop: Stop | undefined): Promise<void> {
  if (stop === undefined) return clock.sleep(ms);
  if (stop.signal.aborted) return;
  const wait = Math.max(0, Math.min(ms, stop.deadline - clock.now()));
  let onAbort = () => {};
  const aborted = new Promise<void>((resolve) => {
    onAbort = () => resolve();
    stop.signal.addEventListener("abort", onAbort, { once: true });
  });
  try {
    await Promise.race([clock.sleep(wait, stop.signal), aborted]);
  } finally {
    stop.signal.removeEventListener("abort", onAbort);
  }
}

/** A longer span for people: minutes up to two hours, then hours up to two days, then days. */
export function formatAge(ms: number): string {
  const one = (n: number) => (Number.isInteger(n) ? String(n) : n.toFixed(1));
  if (ms < 7_200_000) return formatDuration(ms);
  if (ms < 172_800_000) return `${one(Math.round(ms / 360_000) / 10)} h`;
  return `${one(Math.round(ms / 8_640_000) / 10)} d`;
}

export function formatDuration(ms: number): string {
  const s = Math.round(ms / 1000);
  if (s < 60) return `${s} s`;
  const m = Math.floor(s / 60);
  return s % 60 === 0 ? `${m} min` : `${m} min ${s % 60} s`;
}
