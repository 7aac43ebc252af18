// The one polling loop: try, and while not done and time remains, wait a backing-off interval.
import type { Clock } from "../clock.js";

export interface PollSchedule {
  initialMs: number;
  maxMs: number;
  /** Each wait is the previous one times this, up to `maxMs`. */
  factor: number;
  timeoutMs: number;
  /** Wait once before the first try (runs just submitted are not worth reading at once). */
  waitFirst?: boolean;
}

/**
 * Calls `attempt` until it answers true (returns true) or the time runs out (returns false). No wait
 * passes the deadline. `onWait` hears each wait before it starts: the time waited so far and the next.
 */
export async function pollUntil(
  clock: Clock,
  schedule: PollSchedule,
  attempt: () => Promise<boolean>,
  onWait?: (waitedMs: number, nextMs: number) => void,
): Promise<boolean> {
  const started = clock.now();
  const deadline = started + schedule.timeoutMs;
  let delay = schedule.initialMs;
  const pause = async () => {
    const next = Math.min(delay, Math.max(0, deadline - clock.now()));
    onWait?.(clock.now() - started, next);
    await clock.sleep(next);
    delay = Math.min(schedule.maxMs, Math.round(delay * schedule.factor));
  };
  if (schedule.waitFirst === true) await pause();
  for (;;) {
    if (await attempt()) return true;
    if (clock.now() >= deadline) return false;
    await pause();
  }
}
