// The activation policy in a PR's preview: what it refuses (each at its file and line), the approvals a
// merge needs or has, and what could not be checked. Pure; the sentences come from policy/messages.ts.
import type { Problem } from "../plan/types.js";
import { code, escapeSentence, plural } from "./escape.js";

export interface PolicyView {
  file: string;
  /** The commit the policy was read at (the PR's base). */
  at: string;
  problems: readonly Problem[];
  /** One sentence per approval rule the change matches: met, or what it still needs. */
  approvals: readonly string[];
  /** How many of those are not met yet, and who could give each: "maria or jon (production)". */
  missing: number;
  needs: readonly string[];
  /** What could not be checked here (sizes, reviews), said once each. */
  notes: readonly string[];
}

export function renderPolicy(view: PolicyView, max = 50): string {
  if (view.problems.length === 0 && view.approvals.length === 0 && view.notes.length === 0) return "";
  const refused = view.problems
    .slice(0, max)
    .map((p) => `- ${code(`${p.file}:${p.line}`)} ${escapeSentence(p.message)}`);
  const more = view.problems.length - refused.length;
  const source = `_Judged by ${code(view.file)} as of ${code(view.at.slice(0, 12))}, this PR's base: a PR cannot loosen the rules that judge it._`;
  return [
    "",
    "",
    view.problems.length > 0
      ? `#### ❌ The activation policy refuses this change (${plural(view.problems.length, "problem")})`
      : view.missing > 0
        ? `#### ⚠️ The activation policy needs ${plural(view.missing, "approval")} before a merge sends anything`
        : view.notes.length > 0
          ? "#### ⚠️ The activation policy could not check everything here"
          : "#### ✅ The activation policy's approvals are given",
    "",
    ...refused,
    ...(more > 0 ? [`- … and ${plural(more, "more problem")}`] : []),
    ...view.approvals.map((a) => `- ${escapeSentence(a)}`),
    ...view.notes.map((n) => `- ${escapeSentence(n)}`),
    "",
    source,
  ].join("\n");
}

/** Pending pairs a later run held under the policy (the approvals recorded at their merge). */
export function renderHeld(held: readonly { commit: string; pairs: number; why: string }[]): string {
  if (held.length === 0) return "";
  return [
    "> [!CAUTION]",
    `> **${plural(
      held.reduce((n, h) => n + h.pairs, 0),
      "pair",
    )} waiting since ${held.length === 1 ? "its merge was" : "their merges were"} not sent: the activation policy refuses ${held.length === 1 ? "it" : "them"} under the approvals recorded when ${held.length === 1 ? "it was" : "they were"} merged.** They stay pending; a manual run with \`confirm\` by an approver sends them.`,
    ">",
    ...held.map(
      (h) => `> - \`${h.commit.slice(0, 12)}\` (${plural(h.pairs, "pair")}): ${escapeSentence(h.why)}`,
    ),
    "",
    "",
  ].join("\n");
}
