// The activation policy: who may send how many profiles where. What a parsed policy file looks like,
// with the positions its messages point at. Pure data.
import type { Position } from "../plan/types.js";

/** The policy file read when input `policy` (or `--policy`) is left at its default; absent: no policy. */
export const DEFAULT_POLICY_FILE = ".github/activation-policy.yaml";
export const POLICY_KIND = "ActivationPolicy";

/** Which plan files may target which sandboxes and destinations (undefined: any). */
export interface PathRule {
  name: string;
  plans: string[];
  sandboxes?: string[];
  destinations?: string[];
  pos: Position;
}

export type LimitName =
  "audiences-per-plan" | "pairs-per-merge" | "profile-exports-per-destination" | "profile-exports-per-merge";

export interface Limit {
  name: LimitName;
  max: number;
  pos: Position;
}

/** What makes a merge need an approval: any one of these. */
export interface ApprovalWhen {
  sandboxes?: string[];
  destinations?: string[];
  exportsOver?: number;
  policyChanged?: true;
}

export interface ApprovalRule {
  name: string;
  when: ApprovalWhen;
  /** GitHub logins, or teams as `@org/slug`. */
  from: string[];
  count: number;
  pos: Position;
}

export interface Policy {
  file: string;
  paths?: PathRule[];
  limits: Limit[];
  approvals: ApprovalRule[];
}

/** Teams are written `@org/slug`. */
export const isTeam = (who: string) => who.startsWith("@");
