// A discrete-event clock for the benchmarks: virtual time that moves only when every piece of real
// I/O is parked on a virtual timer. Sleeps are timers; when `idle()` says no HTTP exchange is on the
// wire (each one in flight waits out the simulator's virtual latency), time jumps to the earliest
// timer and wakes every sleeper due then. So waits cost no real time, and concurrent waits overlap
// as they would on a real clock (the tests' VirtualClock jumps at each sleep instead).
import diagnosticsChannel from "node:diagnostics_channel";
import type { Clock } from "../src/clock.js";

interface Timer {
  at: number;
  resolve: () => void;
}

export class EventClock implements Clock {
  private timers: Timer[] = [];
  private scheduled = false;

  constructor(
    private t: number,
    private readonly idle: () => boolean,
  ) {}

  now = (): number => this.t;

  sleep = (ms: number, signal?: AbortSignal): Promise<void> =>
    new Promise<void>((resolve) => {
      const timer: Timer = { at: this.t + Math.max(0, ms), resolve };
      this.timers.push(timer);
      signal?.addEventListener(
        "abort",
        () => {
          this.timers = this.timers.filter((x) => x !== timer);
          resolve();
        },
        { once: true },
      );
      this.kick();
    });

  private kick(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => this.step());
  }

  private step(): void {
    this.scheduled = false;
    if (this.timers.length === 0) return;
    if (!this.idle()) {
      // Real I/O on the wire: look again once the event loop has polled it.
      this.scheduled = true;
      setTimeout(() => this.step(), 0);
      return;
    }
    const at = Math.min(...this.timers.map((x) => x.at));
    this.t = Math.max(this.t, at);
    const due = this.timers.filter((x) => x.at <= this.t);
    this.timers = this.timers.filter((x) => x.at > this.t);
    for (const x of due) x.resolve();
    this.kick();
  }
}

/** HTTP requests the undici client has open (created, not yet complete or failed), from its diagnostics channels. */
export function openRequests(): { count: () => number; stop: () => void } {
  let open = 0;
  const up = () => open++;
  const down = () => open--;
  diagnosticsChannel.subscribe("undici:request:create", up);
  diagnosticsChannel.subscribe("undici:request:trailers", down);
  diagnosticsChannel.subscribe("undici:request:error", down);
  return {
    count: () => open,
    stop: () => {
      diagnosticsChannel.unsubscribe("undici:request:create", up);
      diagnosticsChannel.unsubscribe("undici:request:trailers", down);
      diagnosticsChannel.unsubscribe("undici:request:error", down);
    },
  };
}
