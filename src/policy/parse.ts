// A policy file's bytes → the typed Policy, or its problems located like a plan's (YAML, then schema).
import schema from "../../schemas/activation-policy.schema.json" with { type: "json" };
import { locate, type PathSegment } from "../plan/locate.js";
import { parsePlanDocument, type ParsedDocument } from "../plan/parse.js";
import { lazySchema, schemaProblems } from "../plan/schema.js";
import { canonicalId } from "../plan/ids.js";
import { compareProblems, type Problem } from "../plan/types.js";
import type { ApprovalRule, Limit, LimitName, PathRule, Policy } from "./types.js";

export const policySchema = schema;
const validator = lazySchema(schema);

interface RawPolicy {
  paths?: { name?: string; plans: string | string[]; sandboxes?: string[]; destinations?: string[] }[];
  limits?: Partial<Record<LimitName, number>>;
  approvals?: {
    name: string;
    when: {
      sandboxes?: string[];
      destinations?: string[];
      "profile-exports-over"?: number;
      "policy-changed"?: true;
    };
    from: string[];
    count?: number;
  }[];
}

export type PolicyResult = { ok: true; policy: Policy } | { ok: false; problems: Problem[] };

const ids = (list: string[] | undefined) => list?.map(canonicalId);

function build(parsed: ParsedDocument): Policy {
  const raw = parsed.value as RawPolicy;
  const at = (path: readonly PathSegment[]) => locate(parsed, path, "key");
  const paths = raw.paths?.map((r, i): PathRule => {
    const rule: PathRule = {
      name: r.name ?? `paths[${i}]`,
      plans: (typeof r.plans === "string" ? [r.plans] : r.plans).map(normaliseGlob),
      pos: locate(parsed, ["paths", i]),
    };
    if (r.sandboxes !== undefined) rule.sandboxes = r.sandboxes;
    const destinations = ids(r.destinations);
    if (destinations !== undefined) rule.destinations = destinations;
    return rule;
  });
  const limits = Object.entries(raw.limits ?? {}).map(([name, max]): Limit => ({
    name: name as LimitName,
    max,
    pos: at(["limits", name]),
  }));
  const approvals = (raw.approvals ?? []).map((r, i): ApprovalRule => {
    const w = r.when;
    const destinations = ids(w.destinations);
    return {
      name: r.name,
      when: {
        ...(w.sandboxes === undefined ? {} : { sandboxes: w.sandboxes }),
        ...(destinations === undefined ? {} : { destinations }),
        ...(w["profile-exports-over"] === undefined ? {} : { exportsOver: w["profile-exports-over"] }),
        ...(w["policy-changed"] === undefined ? {} : { policyChanged: true as const }),
      },
      from: r.from,
      count: r.count ?? 1,
      pos: locate(parsed, ["approvals", i]),
    };
  });
  return { file: parsed.file, ...(paths === undefined ? {} : { paths }), limits, approvals };
}

/** As the plan selection reads a pattern: `./` and a trailing `/` dropped. */
const normaliseGlob = (g: string) =>
  g
    .trim()
    .replace(/^(\.\/)+/, "")
    .replace(/\/+$/, "") || ".";

/** Most wildcards and brace-expanded patterns a path glob may have: more is slow to match, or hangs. */
const MAX_STARS = 12;
const MAX_PATTERNS = 64;

/** Why a glob is too costly to match, or undefined. Brace groups are counted innermost first. */
export function globCost(glob: string): string | undefined {
  if (/\{[^{}]*\.\.[^{}]*\}/.test(glob))
    return "a numeric brace range ({1..9}) is not allowed: list the values";
  if ((glob.match(/\*/g) ?? []).length > MAX_STARS) return `more than ${MAX_STARS} wildcards`;
  let patterns = 1;
  for (const group of glob.match(/\{[^{}]*\}/g) ?? []) patterns *= group.split(",").length;
  return patterns > MAX_PATTERNS
    ? `its braces expand to ${patterns} patterns, more than ${MAX_PATTERNS}`
    : undefined;
}

/** Parse and check a policy file. A rule naming fewer approvers than it needs is a problem too. */
export function parsePolicy(file: string, bytes: Uint8Array): PolicyResult {
  const parsed = parsePlanDocument(file, bytes);
  if (!parsed.ok) return parsed;
  const problems = schemaProblems(parsed.parsed, validator(), "policy");
  if (problems.length > 0) return { ok: false, problems: problems.sort(compareProblems) };
  const policy = build(parsed.parsed);
  const costly = (policy.paths ?? []).flatMap((r) =>
    r.plans.flatMap((g) => {
      const why = globCost(g);
      return why === undefined ? [] : [{ rule: r, glob: g, why }];
    }),
  );
  if (costly.length > 0)
    return {
      ok: false,
      problems: costly.map(({ rule, glob, why }) => ({
        file,
        line: rule.pos.line,
        col: rule.pos.col,
        code: "bad-value" as const,
        message: `The glob \`${glob}\` of path rule \`${rule.name}\` is too costly to match: ${why}.`,
        hint: "Cover the folder instead (`activation-plans/crm`), or list fewer patterns.",
      })),
    };
  // Logins are compared case-insensitively: `maria` and `Maria` are one approver.
  const people = (r: { from: string[] }) => new Set(r.from.map((w) => w.toLowerCase())).size;
  const short = policy.approvals.filter((r) => !r.from.some((w) => w.startsWith("@")) && r.count > people(r));
  if (short.length > 0)
    return {
      ok: false,
      problems: short.map((r) => ({
        file,
        line: r.pos.line,
        col: r.pos.col,
        code: "bad-value",
        message: `Approval rule \`${r.name}\` needs ${r.count} approvers but names only ${people(r)}: no merge it matches could ever be approved.`,
        hint: "Lower `count`, or add people (or a team) to `from`.",
      })),
    };
  return { ok: true, policy };
}
