// Validation of a whole plan set: parse, schema, then the checks a schema cannot express.
// Pure: takes file contents, returns the valid plans and every problem found, sorted by file and line.
import { buildPlan } from "./build.js";
import { instant } from "./instant.js";
import { parsePlanDocument } from "./parse.js";
import { validateAgainstSchema } from "./schema.js";
import {
  compareProblems,
  type Plan,
  type PlanSource,
  type Problem,
  type ProblemCode,
  type Ref,
} from "./types.js";

export interface PlanSetResult {
  plans: Plan[];
  problems: Problem[];
}

function problem(
  file: string,
  ref: { line: number; col: number },
  code: ProblemCode,
  message: string,
  hint?: string,
) {
  const p: Problem = { file, line: ref.line, col: ref.col, code, message };
  if (hint !== undefined) p.hint = hint;
  return p;
}

const label = (r: Ref) => (r.name === undefined ? `\`${r.id}\`` : `\`${r.id}\` (${r.name})`);

/** Checks within one plan: duplicate destinations, duplicate audiences, an inverted window. */
export function checkPlan(plan: Plan): Problem[] {
  const problems: Problem[] = [];
  const destinations = new Map<string, Ref>();
  for (const activation of plan.activations) {
    const d = activation.destination;
    const first = destinations.get(d.id);
    if (first !== undefined) {
      problems.push(
        problem(
          plan.file,
          d.pos,
          "duplicate-destination",
          `Destination ${label(d)} is listed twice in this plan (first at line ${first.pos.line}).`,
          "List each destination once, with all its audiences under it.",
        ),
      );
    } else {
      destinations.set(d.id, d);
    }
    const audiences = new Map<string, Ref>();
    for (const a of activation.audiences) {
      const seen = audiences.get(a.id);
      if (seen !== undefined) {
        problems.push(
          problem(
            plan.file,
            a.pos,
            "duplicate-audience",
            `Audience ${label(a)} is listed twice for destination ${label(d)} (first at line ${seen.pos.line}).`,
            "Remove the second entry.",
          ),
        );
      } else {
        audiences.set(a.id, a);
      }
    }
  }
  const w = plan.window;
  if (w?.notBefore !== undefined && w.notAfter !== undefined) {
    if (instant(w.notAfter) <= instant(w.notBefore)) {
      problems.push(
        problem(
          plan.file,
          w.pos,
          "window-inverted",
          `The window ends (${w.notAfter}) before it starts (${w.notBefore}), so the plan could never run.`,
          "Swap `notBefore` and `notAfter`, or fix the dates.",
        ),
      );
    }
  }
  return problems;
}

/** Validate every file; plans with problems are left out of `plans`. Names must be unique across the set. */
export function validatePlanSet(
  sources: readonly PlanSource[],
  extra: readonly Problem[] = [],
): PlanSetResult {
  const problems: Problem[] = [...extra];
  const candidates: Plan[] = [];
  for (const source of sources) {
    const parsed = parsePlanDocument(source.file, source.bytes);
    if (!parsed.ok) {
      problems.push(...parsed.problems);
      continue;
    }
    const schemaProblems = validateAgainstSchema(parsed.parsed);
    if (schemaProblems.length > 0) {
      problems.push(...schemaProblems);
      continue;
    }
    const plan = buildPlan(parsed.parsed);
    const planProblems = checkPlan(plan);
    problems.push(...planProblems);
    if (planProblems.length === 0) candidates.push(plan);
  }
  // Names must be unique: the first (by file path) keeps it; later ones are errors pointing back at it.
  candidates.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
  const byName = new Map<string, Plan>();
  const plans: Plan[] = [];
  for (const plan of candidates) {
    const first = byName.get(plan.name);
    if (first !== undefined) {
      problems.push(
        problem(
          plan.file,
          plan.namePos,
          "duplicate-plan-name",
          `Another plan is already named \`${plan.name}\` (${first.file}:${first.namePos.line}); plan names must be unique.`,
          "Rename one of the plans.",
        ),
      );
      continue;
    }
    byName.set(plan.name, plan);
    plans.push(plan);
  }
  problems.sort(compareProblems);
  return { plans, problems };
}
