// A virtual clock for tests: time is an input (the Clock port), so polls, waits and lifetimes cost no
// wall time. Share one between the engine and the simulator (`now: clock.now`) so both see the same time.
import type { Clock } from "../../src/clock.js";

/** A virtual clock: sleeping advances time at once, so polls and waits cost no wall time. */
export class VirtualClock implements Clock {
  constructor(private t = Date.now()) {}
  now = () => this.t;
  /** A wait the signal aborts (the run was cancelled) ends without moving time. */
  sleep = (ms: number, signal?: AbortSignal) =>
    new Promise<void>((resolve) => {
      const until = this.t + ms;
      setImmediate(() => {
        if (signal?.aborted !== true) this.t = Math.max(this.t, until);
        resolve();
      });
    });
}

/**
 * A second actor's virtual clock: each sleep advances its own time and also lasts a few real
 * milliseconds, so that its waits span another actor's real I/O. Two runs on one virtual clock race:
 * the waiting run's sleeps would move the other's time ahead (and its lock's lifetime) in no time.
 */
export class PacedClock implements Clock {
  constructor(
    private t: number,
    private readonly pauseMs = 20,
  ) {}
  now = () => this.t;
  sleep = (ms: number) =>
    new Promise<void>((resolve) =>
      setTimeout(() => {
        this.t += ms;
        resolve();
      }, this.pauseMs),
    );
}

/**
 * Starts `first`, and `second` once the first holds the state's lock and Platform holds the reply to
 * its submission (for `replyMs` of real time), so the second must wait for the lock.
 */
export async function secondWhileFirstSubmits<T>(
  sim: { state: { accepted: unknown[] }; options: { replyDelayMs?: number } },
  first: () => Promise<T>,
  second: () => Promise<T>,
  replyMs = 300,
): Promise<[T, T]> {
  const before = sim.state.accepted.length;
  sim.options.replyDelayMs = replyMs;
  let ended = false;
  const one = first().finally(() => (ended = true));
  while (!ended && sim.state.accepted.length === before) await new Promise((r) => setTimeout(r, 2));
  sim.options.replyDelayMs = 0;
  const two = second();
  return Promise.all([one, two]);
}
