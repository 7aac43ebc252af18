// What planning a change produces: the classified plan changes, the jobs, and what blocked planning.
// Pure data, rendered by render/ and acted on by the shells.
import type { PlanChange } from "../plan/changes.js";
import type { Unmatched } from "../plan/select.js";
import type { Plan, Problem } from "../plan/types.js";
import type { ExecutionPlan } from "./planner.js";

export interface PlanOutcome {
  baseSha?: string;
  headSha: string;
  /** Problems in the head plans (planning is blocked when there are any). */
  problems: Problem[];
  changes: PlanChange[];
  execution: ExecutionPlan;
  /** Every valid head plan (for locating pairs in reports). */
  headPlans: Plan[];
  /** Include patterns that select no plan file at the head nor at the base: a usage error for callers. */
  unmatched: Unmatched[];
  /** Submodules where the selection would find plans (their files are never read). */
  submodules: string[];
  /** The run's limit (input `sandboxes`), and every sandbox the head's plans target, limit or not. */
  limit?: { sandboxes: string[]; atHead: string[] };
}
