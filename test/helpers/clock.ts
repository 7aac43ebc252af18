// A virtual clock for tests: time is an input (the Clock port), so polls, waits and lifetimes cost no
// wall time. Share one between the engine and the simulator (`now: clock.now`) so both see the same time.
import type { Clock } from "../../src/clock.js";

/** A virtual clock: sleeping advances time at once, so polls and waits cost no wall time. */
export class VirtualClock implements Clock {
  constructor(private t = Date.now()) {}
  now = () => this.t;
  sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      const until = this.t + ms;
      setImmediate(() => {
        this.t = Math.max(this.t, until);
        resolve();
      });
    });
}
