// Runs the CLI in-process with captured output.
import type { Clock } from "../../src/clock.js";
import { main } from "../../src/cli/main.js";

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

export async function runCli(
  argv: string[],
  cwd: string,
  env: Record<string, string | undefined> = {},
  options: {
    /** The clock `apply` runs on (a virtual one shared with the simulator, so polls never sleep). */
    clock?: Clock;
  } = {},
): Promise<CliRun> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(argv, {
    stdout: (t) => out.push(t),
    stderr: (t) => err.push(t),
    cwd,
    env,
    ...(options.clock === undefined ? {} : { clock: options.clock }),
  });
  return { code, stdout: out.join("\n"), stderr: err.join("\n") };
}
