// Runs before every test file. Files share a worker's modules (isolate: false), so a hook registered when
// a helper is first imported would belong to that file alone: each file registers its own here. Every
// simulator and GitHub stand-in a test started is stopped, and its temporary directories removed. And no
// test waits on the wall clock for a poll interval (a run's status, the state's lock): a test whose
// engine polled on the system clock fails, naming the poll (start its simulator on a VirtualClock).
import { afterEach } from "vitest";
import { systemClock } from "../src/clock.js";
import { stopServed } from "./helpers/github-fakes.js";
import { stopStandIns } from "./helpers/github-standin.js";
import { stopSimulators } from "./helpers/sim.js";
import { removeTempDirs } from "./helpers/tmp.js";

/** The poll loops: their waits are poll intervals. */
const POLLS = /\/src\/(activation\/poll|app\/state-lock)\.ts/;
const polled = ((globalThis as { wallClockPolls?: string[] }).wallClockPolls ??= []);
const wrapped = Symbol.for("aep-activation-plans:wall-clock-polls");
if (!(wrapped in systemClock)) {
  const sleep = systemClock.sleep;
  Object.assign(systemClock, {
    [wrapped]: true,
    sleep: (ms: number, signal?: AbortSignal) => {
      const stack = new Error().stack ?? "";
      const frame = stack.split("\n").find((l) => POLLS.test(l));
      if (frame !== undefined) polled.push(`${ms} ms ${frame.trim()}`);
      return sleep(ms, signal);
    },
  });
}

afterEach(async () => {
  await stopSimulators();
  await stopStandIns();
  await stopServed();
  removeTempDirs();
  const polls = polled.splice(0);
  if (polls.length > 0)
    throw new Error(
      `This test waited on the wall clock for ${polls.length} poll interval(s) (first: ${polls[0]}): give its engine and simulator a VirtualClock.`,
    );
});
