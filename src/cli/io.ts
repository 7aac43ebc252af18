// What a CLI command may touch: output streams, the working directory, the environment and the
// clock, passed in.
import type { Clock } from "../clock.js";

export interface CliIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  cwd: string;
  env: Record<string, string | undefined>;
  /** Aborted on SIGINT/SIGTERM, so long-running commands can stop cleanly. */
  signal?: AbortSignal;
  /** The clock waits run on; the system clock when left out (tests share a virtual one with the simulator). */
  clock?: Clock;
}

export const EXIT_OK = 0;
export const EXIT_FAILED = 1;
export const EXIT_USAGE = 2;
