// Builders for plans and pairs in tests.
import { createHash } from "node:crypto";
import type { PlanOutcome } from "../../src/jobs/outcome.js";
import { planJobs, type CountBy } from "../../src/jobs/planner.js";
import { diffPlanSets, type RequestedPair } from "../../src/plan/changes.js";
import type { Plan } from "../../src/plan/types.js";

export function uuid(label: string): string {
  const h = createHash("sha1").update(label).digest("hex");
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

const pos = { line: 1, col: 1 };

export function pair(
  sandbox: string,
  destination: string,
  audience: string,
  plan = "p",
  file = "p.yaml",
): RequestedPair {
  return { sandbox, destination: { id: destination, pos }, audience: { id: audience, pos }, plan, file };
}

export function makePlan(
  name: string,
  sandbox: string,
  activations: Record<string, string[]>,
  extra: Partial<Plan> = {},
): Plan {
  return {
    file: `activation-plans/${name}.yaml`,
    name,
    namePos: pos,
    sandbox,
    sandboxPos: pos,
    revision: 1,
    activations: Object.entries(activations).map(([d, auds]) => ({
      destination: { id: d, pos },
      audiences: auds.map((a) => ({ id: a, pos })),
      pos,
    })),
    ...extra,
  };
}

/** YAML text of a plan, for tests that write files. */
export function planYaml(
  name: string,
  sandbox: string,
  activations: Record<string, string[]>,
  more = "",
): string {
  const lines = [
    "apiVersion: activation-plans/v1",
    "kind: ActivationPlan",
    "metadata:",
    `  name: ${name}`,
    "spec:",
    `  sandbox: ${sandbox}`,
    ...(more === "" ? [] : more.split("\n").map((l) => `  ${l}`)),
    "  activations:",
  ];
  for (const [d, auds] of Object.entries(activations)) {
    lines.push(`    - destination: ${d}`, "      audiences:");
    for (const a of auds) lines.push(`        - ${a}`);
  }
  return lines.join("\n") + "\n";
}

/** The planning outcome of going from `base` plans to `head` plans at `now` (what a run renders). */
export function planOutcome(
  base: Plan[],
  head: Plan[],
  now: Date,
  planner: { maxPerJob: number; countBy: CountBy } = { maxPerJob: 80, countBy: "audiences" },
): PlanOutcome {
  const changes = diffPlanSets(base, head, { now });
  return {
    baseSha: "a".repeat(40),
    headSha: "b".repeat(40),
    unmatched: [],
    submodules: [],
    problems: [],
    changes,
    execution: planJobs(
      changes.flatMap((c) => c.pairs),
      planner,
    ),
    headPlans: head,
  };
}
