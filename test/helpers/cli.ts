// Runs the CLI in-process with captured output.
import type { Clock } from "../../src/clock.js";
import { runApply } from "../../src/cli/apply.js";
import { commands, main } from "../../src/cli/main.js";

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
    /**
     * The clock `apply` runs on (a virtual one shared with the simulator, so polls never sleep).
     * main() takes no clock, so for this call its `apply` command is the same runApply given this
     * clock; dispatch, argument parsing and error mapping still go through main().
     */
    clock?: Clock;
  } = {},
): Promise<CliRun> {
  const out: string[] = [];
  const err: string[] = [];
  const apply = commands.apply!;
  const original = apply.run;
  const clock = options.clock;
  if (clock !== undefined) apply.run = (a, io) => runApply(a, io, clock);
  try {
    const code = await main(argv, {
      stdout: (t) => out.push(t),
      stderr: (t) => err.push(t),
      cwd,
      env,
    });
    return { code, stdout: out.join("\n"), stderr: err.join("\n") };
  } finally {
    apply.run = original;
  }
}
