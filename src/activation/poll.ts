// The one polling loop: try, and while not done and time remains, wait a backing-off interval.
import { sleepUnless, stopReason, type Clock, type Stop } from "../clock.js";

export interface PollSchedule {
  initialMs: number;
  maxMs: number;
  /** Each wait is the previous one times this, up to `maxMs`. */
  factor: number;
  timeoutMs: number;
  /** Wait once before the first try (runs just submitted are not worth reading at once). */
  waitFirst?: boolean;
  /** The run's stop: no wait passes its deadline, and a cancellation ends the wait and the polling. */
  stop?: Stop;
}

/**
 * Calls `attempt` until it answers true (returns true) or the time runs out, or the run stops
 * (returns false). No wait passes the deadline or the stop's. `onWait` hears each wait before it starts: the time waited so far and the next.
 */
export async function pollUntil(
  clock: Clock,
  schedule: PollSchedule,
  attempt: () => Promise<boolean>,
  onWait?: (waitedMs: number, nextMs: number) => void,
): Promise<boolean> {
  const started = clock.now();
  const { stop } = schedule;
  const deadline = Math.min(started + schedule.timeoutMs, stop?.deadline ?? Infinity);
  let delay = schedule.initialMs;
  const pause = async () => {
    const next = Math.min(delay, Math.max(0, deadline - clock.now()));
    onWait?.(clock.now() - started, next);
    await sleepUnless(clock, next, stop);
    delay = Math.min(schedule.maxMs, Math.round(delay * schedule.factor));
  };
  if (schedule.waitFirst === true) await pause();
  for (;;) {
    if (stop?.signal.aborted === true) return false;
    if (await attempt()) return true;
    if (clock.now() >= deadline || stopReason(stop, clock.now()) !== undefined) return false;
    await pause();
  }
}
