// `aep-activate validate [PATH|GLOB…]`: check plan files and report every problem with its location.
import { collectPlanFiles, findRepositoryRoot } from "../sources/working-tree.js";
import { DEFAULT_PLAN_GLOB, noMatchMessage } from "../plan/select.js";
import { validatePlanSet } from "../plan/validate.js";
import { formatProblems, problemsJson } from "../render/problems.js";
import { parseArgs, UsageError, type FlagSpec } from "./args.js";
import { EXIT_FAILED, EXIT_OK, type CliIo } from "./io.js";

export const validateFlags: FlagSpec[] = [
  { name: "json", type: "boolean", description: "print the problems as a JSON array" },
  { name: "help", type: "boolean", description: "show this help" },
];

export const validateHelp = `Usage: aep-activate validate [options] [PATH|GLOB...]

Checks activation plan files against the plan format and reports every problem,
one per line, as FILE:LINE:COL: error: MESSAGE (a hint may follow, indented).
PATH may be a file or a directory (all *.yml and *.yaml below it); quote globs.
Default: '${DEFAULT_PLAN_GLOB}' from the repository root.

Options:
{flags}

Exit codes: 0 all plans valid, 1 problems found, 2 usage error (unknown option, no file matched).`;

export async function runValidate(argv: readonly string[], io: CliIo): Promise<number> {
  const args = parseArgs(argv, validateFlags);
  const root = await findRepositoryRoot(io.cwd);
  const patterns = args.positionals.length > 0 ? args.positionals : [DEFAULT_PLAN_GLOB];
  const collected = await collectPlanFiles(root, args.positionals.length > 0 ? io.cwd : root, patterns);
  if (collected.unmatched.length > 0) {
    throw new UsageError(noMatchMessage(collected.unmatched));
  }
  const result = validatePlanSet(collected.sources, collected.problems);
  const fileCount = collected.sources.length + collected.problems.filter((p) => p.line === 1).length;
  if (args.flags.json === true) {
    io.stdout(problemsJson(result.problems));
  } else if (result.problems.length > 0) {
    io.stdout(formatProblems(result.problems));
    const files = new Set(result.problems.map((p) => p.file)).size;
    io.stderr(
      `${result.problems.length} problem${result.problems.length === 1 ? "" : "s"} in ${files} of ${fileCount} file${fileCount === 1 ? "" : "s"}.`,
    );
  } else {
    io.stderr(`${result.plans.length} plan${result.plans.length === 1 ? "" : "s"} valid.`);
  }
  return result.problems.length > 0 ? EXIT_FAILED : EXIT_OK;
}
