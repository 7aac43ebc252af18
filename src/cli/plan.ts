// `aep-activate plan`: what a merge (or a manual run) will activate, as a Markdown preview or JSON.
import { GitError, GitRepo } from "../sources/git.js";
import { repoPattern } from "../sources/working-tree.js";
import { planChanges } from "../app/plan-change.js";
import type { PlanOutcome } from "../jobs/outcome.js";
import {
  DEFAULT_PLAN_GLOB,
  noMatchMessage,
  parseSelection,
  selectionMatcher,
  submoduleMessage,
} from "../plan/select.js";
import { planJson } from "../render/plan-json.js";
import { renderPreview } from "../render/preview.js";
import { renderPreviewText } from "../render/preview-text.js";
import { formatProblems } from "../render/problems.js";
import { resolvePlannerChoice } from "../jobs/limits.js";
import type { CountBy } from "../jobs/planner.js";
import { allowedSandboxes, parseArgs, UsageError, type FlagSpec, type ParsedArgs } from "./args.js";
import { EXIT_FAILED, EXIT_OK, type CliIo } from "./io.js";
import { judgeLocally } from "./policy.js";
import { DEFAULT_POLICY_FILE } from "../policy/types.js";

export const selectionFlags: FlagSpec[] = [
  {
    name: "base",
    type: "string",
    valueName: "REV",
    description: "compare with this revision (default HEAD~1)",
  },
  {
    name: "head",
    type: "string",
    valueName: "REV",
    description: "plan the plans of this revision (default HEAD)",
  },
  {
    name: "all",
    type: "boolean",
    description: "ignore the diff: every pair of the selected plans (manual runs)",
  },
  {
    name: "api-version",
    type: "string",
    valueName: "1|2",
    description: "ad-hoc activation API version (default 2)",
  },
  {
    name: "max-audiences-per-job",
    type: "string",
    valueName: "N",
    description: "job size limit (default 80; 20 with --api-version 1)",
  },
  {
    name: "count-by",
    type: "string",
    valueName: "audiences|pairs",
    description: "what the job size limit counts (default audiences, Adobe's unit)",
  },
  {
    name: "at",
    type: "string",
    valueName: "TIME",
    description: "evaluate plan windows at this RFC 3339 time (default now)",
  },
  {
    name: "allowed-sandboxes",
    type: "string",
    valueName: "LIST",
    description: "comma-separated sandboxes plans may target (default any)",
  },
];

export const planFlags: FlagSpec[] = [
  ...selectionFlags,
  {
    name: "format",
    type: "string",
    valueName: "text|markdown|json",
    description: "text (default: for a terminal), markdown (the PR comment's preview) or json",
  },
  { name: "json", type: "boolean", description: "the same as --format json" },
  {
    name: "policy",
    type: "string",
    valueName: "FILE",
    description: `the activation policy, read at the base revision (default: ${DEFAULT_POLICY_FILE} when it exists there)`,
  },
  {
    name: "no-policy",
    type: "boolean",
    description: "plan without judging the change by the activation policy (to list what a change touches)",
  },
  { name: "help", type: "boolean", description: "show this help" },
];

export const planHelp = `Usage: aep-activate plan [options] [PATH|GLOB...]

Shows which ad-hoc activation jobs a merge will submit: it reads the plans at two
commits through git (not the working tree), pairs plans by metadata.name, and keeps
only what is new at the head:
  added plan            every (destination, audience) pair
  new pairs             only the pairs that are new
  revision bumped or    every pair of the plan
  sandbox changed
  pairs removed, metadata or comments changed, plan deleted: nothing
Plans outside their spec.window are listed but contribute nothing. Pairs are split
into jobs of at most 80 audiences per sandbox, in waves where no audience is in
two jobs at once. A shallow clone's missing base commit is fetched from origin.

PATH|GLOB selects plan files (default '${DEFAULT_PLAN_GLOB}').

Options:
{flags}

JSON: {"planHash", "sandboxes", "sandboxHashes", "jobs": [{"id", "sandbox", "wave", "activationInfo"}],
       "plans": [{"name", "file", "change", "pairs", "reason"}]}
Exit codes: 0 planned (also when nothing is to be activated), 1 plans invalid,
2 usage error, unknown revision, or a pattern that matches no plan file.`;

export interface Selection {
  git: GitRepo;
  base?: string;
  head: string;
  all: boolean;
  patterns: string[];
  apiVersion: 1 | 2;
  maxPerJob: number;
  countBy: CountBy;
  now: Date;
  allowedSandboxes: string[];
}

async function repositoryRoot(cwd: string): Promise<string> {
  const probe = new GitRepo(cwd);
  const r = await probe.run(["rev-parse", "--show-toplevel"]);
  if (r.code !== 0)
    throw new UsageError("not inside a git repository (plan and apply read plans from commits)");
  return r.stdout.toString("utf8").trim();
}

export async function readSelection(args: ParsedArgs, io: CliIo): Promise<Selection> {
  const root = await repositoryRoot(io.cwd);
  const git = new GitRepo(root, (m) => io.stderr(m));
  const choice = resolvePlannerChoice(
    {
      apiVersion: args.flags["api-version"] as string | undefined,
      maxPerJob: args.flags["max-audiences-per-job"] as string | undefined,
      countBy: args.flags["count-by"] as string | undefined,
    },
    { apiVersion: "--api-version", maxPerJob: "--max-audiences-per-job", countBy: "--count-by" },
  );
  if ("error" in choice) throw new UsageError(choice.error);
  const { apiVersion, maxPerJob, countBy } = choice;
  const at = args.flags.at as string | undefined;
  const now = at === undefined ? new Date() : new Date(at);
  if (Number.isNaN(now.getTime())) throw new UsageError(`--at '${at}' is not a date-time`);
  const patterns =
    args.positionals.length === 0
      ? [DEFAULT_PLAN_GLOB]
      : args.positionals.map((p) => repoPattern(root, io.cwd, p));
  const all = args.flags.all === true;
  const selection: Selection = {
    git,
    head: (args.flags.head as string | undefined) ?? "HEAD",
    all,
    patterns,
    apiVersion,
    maxPerJob,
    countBy,
    now,
    allowedSandboxes: allowedSandboxes(args.flags["allowed-sandboxes"] as string | undefined),
  };
  const base = args.flags.base as string | undefined;
  if (!all && base !== undefined) selection.base = base;
  else if (!all) {
    // The default base is HEAD~1; in a repository's first commit every plan counts as added.
    const head = await git.tryResolve("HEAD");
    if (head === undefined || (await git.parents(head)).length > 0) selection.base = "HEAD~1";
    else io.stderr("HEAD is the first commit (no HEAD~1): every plan counts as added.");
  }
  return selection;
}

export async function computePlan(selection: Selection, io: CliIo): Promise<PlanOutcome> {
  let outcome: PlanOutcome;
  try {
    outcome = await planChanges(
      selection.git,
      {
        ...(selection.base === undefined ? {} : { base: selection.base }),
        head: selection.head,
        all: selection.all,
        select: selectionMatcher(parseSelection(selection.patterns)),
        now: selection.now,
        planner: {
          maxPerJob: selection.maxPerJob,
          countBy: selection.countBy,
          apiVersion: selection.apiVersion,
        },
        allowedSandboxes: selection.allowedSandboxes,
      },
      (m) => io.stderr(m),
    );
  } catch (error) {
    if (error instanceof GitError) throw new UsageError(error.message);
    throw error;
  }
  for (const path of outcome.submodules) io.stderr(`warning: ${submoduleMessage(path)}`);
  if (outcome.unmatched.length > 0) throw new UsageError(noMatchMessage(outcome.unmatched));
  return outcome;
}

export async function runPlan(argv: readonly string[], io: CliIo): Promise<number> {
  const args = parseArgs(argv, planFlags);
  const format = args.flags.json === true ? "json" : ((args.flags.format as string | undefined) ?? "text");
  if (!["text", "markdown", "json"].includes(format))
    throw new UsageError(`--format must be text, markdown or json, not '${format}'`);
  const selection = await readSelection(args, io);
  const outcome = await computePlan(selection, io);
  if (outcome.problems.length > 0) {
    if (format === "json") io.stdout(JSON.stringify({ problems: outcome.problems }, null, 2));
    else io.stdout(formatProblems(outcome.problems));
    io.stderr(`Planning stopped: ${outcome.problems.length} problem(s) in the plans at ${selection.head}.`);
    return EXIT_FAILED;
  }
  const named = args.flags.policy as string | undefined;
  if (named !== undefined && args.flags["no-policy"] === true)
    throw new UsageError("--policy and --no-policy: give one");
  const judged =
    args.flags["no-policy"] === true ? undefined : await judgeLocally(selection.git, outcome, named);
  if (judged !== undefined && "problems" in judged) {
    if (format === "json") io.stdout(JSON.stringify({ problems: judged.problems }, null, 2));
    else io.stdout(formatProblems(judged.problems));
    io.stderr(`Planning stopped: ${judged.problems.length} problem(s) under the activation policy.`);
    return EXIT_FAILED;
  }
  if (judged !== undefined && format !== "json") for (const line of judged.notes) io.stderr(line);
  if (format === "json") io.stdout(planJson(outcome, judged?.json));
  else if (format === "markdown") io.stdout(renderPreview(outcome, { budget: Infinity }));
  else io.stdout(renderPreviewText(outcome));
  return EXIT_OK;
}
