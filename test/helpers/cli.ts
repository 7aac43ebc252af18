// Runs the CLI in-process with captured output.
import type { Clock } from "../../src/clock.js";
import { main } from "../../src/cli/main.js";
import { TestRepo } from "./git-repo.js";

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
    /** Ctrl-C: aborted as the CLI's SIGINT handler aborts it. */
    signal?: AbortSignal;
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
    ...(options.signal === undefined ? {} : { signal: options.signal }),
  });
  return { code, stdout: out.join("\n"), stderr: err.join("\n") };
}

/**
 * `aep-activate status --branch` as an operator runs it after `git fetch origin aep-activation-state`:
 * the state branch's files (from the GitHub stand-in) in a clone, for org ORG@AdobeOrg, sandbox prod.
 */
export function statusOfBranch(files: Map<string, string>, ...extra: string[]): Promise<CliRun> {
  const clone = TestRepo.create();
  for (const [file, text] of files) clone.write(file, text);
  clone.commit("state");
  clone.git("branch", "-M", "aep-activation-state");
  return runCli(
    ["status", "--branch", "aep-activation-state", "--org", "ORG@AdobeOrg", "--sandbox", "prod", ...extra],
    clone.dir,
  );
}
