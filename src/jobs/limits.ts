// The planner's settings from raw text (CLI flags or Action inputs), checked against Adobe's
// per-version guardrail in one place. Pure.
import type { CountBy } from "./planner.js";

export interface PlannerChoice {
  apiVersion: 1 | 2;
  maxPerJob: number;
  countBy: CountBy;
}

/** Adobe's audiences-per-job guardrail for each API version. */
export const GUARDRAIL: Record<1 | 2, number> = { 1: 20, 2: 80 };

/** `names` are how the caller spells the settings (`--api-version`, `input 'api-version'`). */
export function resolvePlannerChoice(
  raw: { apiVersion?: string | undefined; maxPerJob?: string | undefined; countBy?: string | undefined },
  names: { apiVersion: string; maxPerJob: string; countBy: string },
): PlannerChoice | { error: string } {
  const apiVersion = Number(raw.apiVersion?.trim() || "2");
  if (apiVersion !== 1 && apiVersion !== 2) return { error: `${names.apiVersion} must be 1 or 2` };
  const limit = GUARDRAIL[apiVersion];
  const maxPerJob = raw.maxPerJob?.trim() ? Number(raw.maxPerJob) : limit;
  if (!Number.isInteger(maxPerJob) || maxPerJob < 1 || maxPerJob > limit) {
    return {
      error: `${names.maxPerJob} must be a whole number from 1 to ${limit} (Adobe's limit for API v${apiVersion})`,
    };
  }
  const countBy = raw.countBy?.trim() || "audiences";
  if (countBy !== "audiences" && countBy !== "pairs")
    return { error: `${names.countBy} must be 'audiences' or 'pairs'` };
  return { apiVersion, maxPerJob, countBy };
}
