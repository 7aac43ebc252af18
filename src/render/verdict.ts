// The first line of a PR's preview: what a merge will do, in one sentence with its counts, and an icon
// a reviewer reads before anything else (✅ checked and clean, ⚠️ needs a look, ❌ a merge would hit a
// problem). Pure.
import type { PlanOutcome } from "../jobs/outcome.js";
import { escapeText, plural } from "./escape.js";
import { exportsPhrase } from "./names.js";

/** What the pre-flight found for a preview's pairs. */
export interface PreviewCheck {
  /** The pre-flight ran (credentials, `preflight: true`, not a fork's pull_request_target). */
  ran: boolean;
  /** Pairs a merge would not send, on a finding it could not wait out (they fail the check). */
  blocked: number;
  /** Pairs a merge would send after a wait (Adobe's first-activation hour). */
  waiting: number;
  /** Pairs the pre-flight could not check (Platform could not be read for them). */
  unchecked: number;
  /** Notes that are no pair's problem (a scheduled export running now, names not read). */
  notes: number;
  /** The profile exports of the pairs a merge would send (undefined: sizes not checked). */
  exports?: { known: number; unknown: number };
  /** The activation policy: problems that refuse the change, approvals still needed (who, which rule). */
  policy?: { refused: number; needs: readonly string[] };
}

export function previewVerdict(outcome: PlanOutcome, check: PreviewCheck): string {
  const { policy } = check;
  if (
    policy !== undefined &&
    policy.refused > 0 &&
    outcome.execution.pairs.length + pendingCount(outcome) > 0
  )
    return `❌ A merge would send nothing: the activation policy refuses this change (${plural(policy.refused, "problem")}, below)`;
  const verdict = pairsVerdict(outcome, check);
  if (policy === undefined || policy.needs.length === 0) return verdict;
  // Logins, teams and rule names come from the policy file: shown inert (no live @mention).
  const needs = `needs approval from ${policy.needs.map(escapeText).join("; ")}`;
  // A merge sends nothing until the approval is given: say that first.
  const will = /^(?:✅|⚠️) A merge will (.*)$/.exec(verdict);
  return will === null
    ? `${verdict} · ${needs}`
    : `⚠️ ${needs.charAt(0).toUpperCase()}${needs.slice(1)}; with it, a merge will ${will[1] ?? ""}`;
}

const pendingCount = (outcome: PlanOutcome) =>
  outcome.changes.reduce((n, c) => n + (c.pending?.pairs.length ?? 0), 0);

function pairsVerdict(outcome: PlanOutcome, check: PreviewCheck): string {
  const { pairs } = outcome.execution;
  const later = pendingCount(outcome);
  if (pairs.length === 0 && later === 0)
    return outcome.changes.length === 0
      ? "✅ A merge activates nothing: no plan changed"
      : "✅ A merge activates nothing: no plan asks for a new pair";
  const audiences = new Set(pairs.map((p) => `${p.sandbox}\n${p.audience}`)).size;
  const destinations = new Set(pairs.map((p) => `${p.sandbox}\n${p.destination}`)).size;
  const what =
    `${plural(pairs.length, "pair")} (${plural(audiences, "audience")} → ${plural(destinations, "destination")}${check.exports === undefined ? "" : `; ${exportsPhrase(check.exports)}`})` +
    (later > 0
      ? `, and ${later.toLocaleString("en-US")} more when ${later === 1 ? "its" : "their"} window opens`
      : "");
  if (check.blocked > 0)
    return `❌ A merge would send ${(pairs.length - check.blocked).toLocaleString("en-US")} of ${plural(pairs.length, "pair")}: pre-flight found problems with ${plural(check.blocked, "pair")} (below)`;
  if (check.unchecked > 0)
    return `⚠️ A merge would activate ${what}; pre-flight could not check ${plural(check.unchecked, "pair")} (below)`;
  if (check.waiting > 0)
    return `⚠️ A merge will activate ${what}; ${plural(check.waiting, "pair")} after a wait (below)`;
  if (!check.ran) return `⚠️ A merge will activate ${what} · not checked against Platform (no pre-flight)`;
  if (check.notes > 0) return `⚠️ A merge will activate ${what} · pre-flight passed, with notes (below)`;
  return `✅ A merge will activate ${what} · pre-flight passed`;
}
