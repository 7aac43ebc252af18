// The plan as JSON for machines: `aep-activate plan --json` and the Action's `jobs` output.
import type { PlanOutcome } from "../jobs/outcome.js";
import type { ExecutionPlan } from "../jobs/planner.js";

export function jobsForOutput(execution: ExecutionPlan) {
  return execution.jobs.map((j) => ({
    id: j.id,
    sandbox: j.sandbox,
    wave: j.wave,
    activationInfo: j.activationInfo,
  }));
}

/** The approvals a merge of the change needs under the activation policy (`plan --json`). */
export interface PolicyJson {
  file: string;
  changed: boolean;
  approvals: { rule: string; because: string; from: string[]; count: number }[];
}

export function planJson(outcome: PlanOutcome, policy?: PolicyJson): string {
  return JSON.stringify(
    {
      planHash: outcome.execution.planHash,
      // The sandboxes the change touches (jobs or pending pairs), each with its own hash: a workflow
      // fans out a job per sandbox (input `sandboxes`), and each checks its sandbox's hash.
      sandboxes: Object.keys(outcome.execution.sandboxHashes),
      sandboxHashes: outcome.execution.sandboxHashes,
      jobs: jobsForOutput(outcome.execution),
      plans: outcome.changes.map((c) => ({
        name: c.name,
        file: c.file,
        change: c.change,
        pairs: c.pairs.length,
        reason: c.reason,
      })),
      ...(policy === undefined ? {} : { policy }),
    },
    null,
    2,
  );
}
