// The activation plan model: what a parsed plan looks like and how a problem with one is reported.

/** A 1-based line and column in a plan file. */
export interface Position {
  line: number;
  col: number;
}

/** Every kind of plan problem: stable and machine-readable (the `problems` output carries them). */
export type ProblemCode =
  // reading the file
  | "file-too-large"
  | "symlink-outside"
  | "binary-file"
  | "not-utf8"
  | "empty-file"
  | "yaml-syntax"
  | "multiple-documents"
  | "alias-limit"
  // the schema
  | "missing-key"
  | "unknown-key"
  | "bad-value"
  | "bad-date"
  | "empty-plan"
  | `schema-${string}`
  // across the plan and the plan set
  | "duplicate-destination"
  | "duplicate-audience"
  | "window-inverted"
  | "duplicate-plan-name"
  // the workflow's rules
  | "sandbox-not-allowed"
  // the activation policy (policy/): a path rule, a limit, export limits that could not be checked
  | "policy-path"
  | "policy-limit"
  | "policy-sizes";

/** One thing wrong with a plan, pointed at the place that needs fixing. */
export interface Problem {
  file: string;
  line: number;
  col: number;
  code: ProblemCode;
  message: string;
  hint?: string;
}

/** A destination or audience as written in the plan: the ID, an optional name, and where it was written. */
export interface Ref {
  id: string;
  name?: string;
  pos: Position;
}

export interface Activation {
  destination: Ref;
  audiences: Ref[];
  pos: Position;
}

export interface PlanWindow {
  notBefore?: string;
  notAfter?: string;
  pos: Position;
}

/** A valid activation plan, with the source positions of everything a later report may point at. */
export interface Plan {
  file: string;
  name: string;
  namePos: Position;
  description?: string;
  owner?: string;
  labels?: Record<string, string | number | boolean>;
  sandbox: string;
  sandboxPos: Position;
  /** Defaults to 1 when the plan does not say. */
  revision: number;
  window?: PlanWindow;
  activations: Activation[];
}

/** A plan file's raw content, as read from disk or from a git revision. */
export interface PlanSource {
  file: string;
  bytes: Uint8Array;
}

/** A sandbox's name as Platform spells it (the plan schema's `spec.sandbox` pattern). */
export const SANDBOX_NAME = /^[a-z0-9][a-z0-9-]*$/;

export const PLAN_API_VERSION = "activation-plans/v1";
export const PLAN_KIND = "ActivationPlan";
export const MAX_PLAN_BYTES = 1024 * 1024;
export const MAX_ALIAS_COUNT = 100;

export function compareProblems(a: Problem, b: Problem): number {
  if (a.file !== b.file) return a.file < b.file ? -1 : 1;
  return a.line - b.line || a.col - b.col || (a.message < b.message ? -1 : a.message > b.message ? 1 : 0);
}
