// The planning flow: read the plans at two commits, validate, classify the changes, build the jobs.
// The one place that combines the git adapter with the pure core; used by the CLI and the Action.
import { FIRST_PARENT_LIMIT, ZERO_SHA, type GitRepo } from "../sources/git.js";
import { diffPlanSets } from "../plan/changes.js";
import { readPlansAtRevision } from "../sources/revision.js";
import type { SelectionMatcher } from "../plan/select.js";
import { compareProblems, type Plan } from "../plan/types.js";
import { validatePlanSet } from "../plan/validate.js";
import type { PlanOutcome } from "../jobs/outcome.js";
import { planJobs, type ExecutionPlan, type PlannerSettings } from "../jobs/planner.js";

export interface PlanRequest {
  base?: string;
  head: string;
  all: boolean;
  select: SelectionMatcher;
  now: Date;
  planner: PlannerSettings & { apiVersion: number };
  /** Only these sandboxes may be targeted (empty: any). */
  allowedSandboxes?: readonly string[];
  /** Plan only these sandboxes (empty: all); plans in others are left to their own runs. */
  sandboxes?: readonly string[];
}

async function resolveBase(git: GitRepo, base: string, headSha: string, log: (m: string) => void) {
  if (ZERO_SHA.test(base)) {
    const [parent] = await git.parents(headSha);
    if (parent === undefined) {
      log(
        "The base is the all-zero SHA (a new branch) and the head has no parent: every plan counts as added.",
      );
      return undefined;
    }
    log(
      `The base is the all-zero SHA (a new branch): comparing with the head's first parent ${parent.slice(0, 12)}.`,
    );
    return git.resolve(parent);
  }
  const sha = await git.resolve(base);
  if (!(await git.isAncestor(sha, headSha))) {
    const why = (await git.isShallow())
      ? `nor within ${FIRST_PARENT_LIMIT} first-parent commits of it in this shallow checkout, even fetched: a force push, or use fetch-depth: 0 with actions/checkout`
      : "a force push?";
    log(
      `The base ${sha.slice(0, 12)} is not an ancestor of the head ${headSha.slice(0, 12)} (${why}): comparing the plans of the two commits as they are.`,
    );
  }
  return sha;
}

export async function planChanges(
  git: GitRepo,
  request: PlanRequest,
  log: (m: string) => void,
): Promise<PlanOutcome> {
  const headSha = await git.resolve(request.head);
  const head = await readPlansAtRevision(git, headSha, request.select);
  const headSet = validatePlanSet(head.sources, head.problems);
  const problems = [...headSet.problems];
  if (request.allowedSandboxes !== undefined && request.allowedSandboxes.length > 0) {
    for (const plan of headSet.plans) {
      if (!request.allowedSandboxes.includes(plan.sandbox)) {
        problems.push({
          file: plan.file,
          line: plan.sandboxPos.line,
          col: plan.sandboxPos.col,
          code: "sandbox-not-allowed",
          message: `Sandbox \`${plan.sandbox}\` is not one this workflow may activate in (allowed: ${request.allowedSandboxes.join(", ")}).`,
          hint: "Use an allowed sandbox, or add it to the workflow's `allowed-sandboxes` input.",
        });
      }
    }
  }
  const limit = request.sandboxes ?? [];
  const inScope = (p: Plan) => limit.length === 0 || limit.includes(p.sandbox);
  const headPlans = headSet.plans.filter(inScope);
  let baseSha: string | undefined;
  let basePlans: Plan[] = [];
  let unchanged = new Set<string>();
  let unmatched = head.unmatched;
  if (!request.all && request.base !== undefined) {
    baseSha = await resolveBase(git, request.base, headSha, log);
    if (baseSha !== undefined) {
      const base = await readPlansAtRevision(git, baseSha, request.select);
      unmatched = unmatched.filter((u) => base.unmatched.some((b) => b.pattern === u.pattern));
      unchanged = new Set([...base.oids].filter(([p, oid]) => head.oids.get(p) === oid).map(([p]) => p));
      // Unchanged files are the same plans at both commits; only the rest is parsed again.
      const changed = base.sources.filter((s) => !unchanged.has(s.file));
      basePlans = [
        ...validatePlanSet(changed).plans,
        ...headPlans.filter((p) => unchanged.has(p.file)),
      ].filter(inScope);
    }
  }
  problems.sort(compareProblems);
  // With problems nothing is planned: the changes would be incomplete.
  const changes =
    problems.length > 0
      ? []
      : diffPlanSets(basePlans, headPlans, {
          all: request.all,
          now: request.now,
          unchangedFiles: unchanged,
        });
  const execution: ExecutionPlan = planJobs(
    changes.flatMap((c) => c.pairs),
    request.planner,
    changes.flatMap((c) =>
      (c.pending?.pairs ?? []).map((p) => ({
        sandbox: p.sandbox,
        destination: p.destination.id,
        audience: p.audience.id,
        opens: c.pending?.opens ?? 0,
      })),
    ),
  );
  const outcome: PlanOutcome = {
    headSha,
    problems,
    changes,
    execution,
    headPlans,
    unmatched,
    submodules: head.submodules,
  };
  if (baseSha !== undefined) outcome.baseSha = baseSha;
  if (limit.length > 0)
    outcome.limit = {
      sandboxes: [...limit],
      atHead: [...new Set(headSet.plans.map((p) => p.sandbox))].sort(),
    };
  return outcome;
}
