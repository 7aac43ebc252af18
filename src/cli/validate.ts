// `aep-activate validate [PATH|GLOB…]`: check plan files and report every problem with its location.
import { collectPlanFiles, findRepositoryRoot } from "../sources/working-tree.js";
import { DEFAULT_PLAN_GLOB, noMatchMessage } from "../plan/select.js";
import { validatePlanSet } from "../plan/validate.js";
import { planPairs } from "../plan/changes.js";
import { compareProblems } from "../plan/types.js";
import { judgePlans, localApprovals, needsSizes } from "../policy/judge.js";
import { say } from "../policy/messages.js";
import { DEFAULT_POLICY_FILE } from "../policy/types.js";
import { policyInCheckout } from "../app/policy.js";
import { formatProblems, problemsJson } from "../render/problems.js";
import { parseArgs, UsageError, type FlagSpec } from "./args.js";
import { EXIT_FAILED, EXIT_OK, type CliIo } from "./io.js";

export const validateFlags: FlagSpec[] = [
  { name: "json", type: "boolean", description: "print the problems as a JSON array" },
  {
    name: "policy",
    type: "string",
    valueName: "FILE",
    description: `the activation policy, from the repository root (default: ${DEFAULT_POLICY_FILE} when it exists)`,
  },
  { name: "help", type: "boolean", description: "show this help" },
];

export const validateHelp = `Usage: aep-activate validate [options] [PATH|GLOB...]

Checks activation plan files against the plan format and reports every problem,
one per line, as FILE:LINE:COL: error: MESSAGE (a hint may follow, indented).
PATH may be a file or a directory (all *.yml and *.yaml below it); quote globs.
Default: '${DEFAULT_PLAN_GLOB}' from the repository root.

With an activation policy (${DEFAULT_POLICY_FILE}, or --policy), the policy file is
checked too, and so is each plan against its path rules and audiences-per-plan limit.
The approvals a merge of each plan would need are printed as notes (stderr).
Profile-export limits need Platform's sizes: the PR check and the merge apply them.

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
  const named = args.flags.policy as string | undefined;
  const policyRead = await policyInCheckout(root, {
    file: named ?? DEFAULT_POLICY_FILE,
    explicit: named !== undefined,
  });
  if ("missing" in policyRead)
    throw new UsageError(`--policy ${named ?? ""}: no such file below the repository root (${root}).`);
  if (!("none" in policyRead)) {
    if ("bad" in policyRead) result.problems.push(...policyRead.bad);
    else {
      const policy = policyRead.policy;
      result.problems.push(...judgePlans(policy, result.plans));
      if (args.flags.json !== true) {
        for (const plan of result.plans)
          for (const check of localApprovals(policy, planPairs(plan)))
            io.stderr(
              `${plan.file}:${plan.sandboxPos.line}:${plan.sandboxPos.col}: note: a merge of this plan ${say.needs(check, policy)}.`,
            );
        if (needsSizes(policy)) io.stderr(say.sizesLocal(policy));
      }
    }
    result.problems.sort(compareProblems);
  }
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
