// Policies and plans from text, for the policy core's unit tests.
import { parsePolicy } from "../../src/policy/parse.js";
import type { Policy } from "../../src/policy/types.js";
import { validatePlanSet } from "../../src/plan/validate.js";

export const enc = (s: string) => new TextEncoder().encode(s);
/** The two lines every policy file starts with. */
export const POLICY_HEAD = "apiVersion: activation-plans/v1\nkind: ActivationPolicy\n";

/** A policy that must parse (the test's own text): its problems thrown otherwise. */
export function policyOf(text: string, file = ".github/activation-policy.yaml"): Policy {
  const read = parsePolicy(file, enc(text));
  if (!read.ok) throw new Error(JSON.stringify(read.problems));
  return read.policy;
}

/** The valid plans of some files (path → YAML). */
export const plansOf = (files: Record<string, string>) =>
  validatePlanSet(Object.entries(files).map(([file, text]) => ({ file, bytes: enc(text) }))).plans;
