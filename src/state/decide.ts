// A person's decision about a pair whose outcome is unknown, recorded in the state: the pair was not
// activated (it may be submitted again), it was (with its run, followed next), or it succeeded.
import { canonicalId } from "../plan/ids.js";
import type { ActivationState, PairRecord } from "./types.js";

export type Decision = { kind: "not-activated" } | { kind: "activated" } | { kind: "run"; runId: string };

export interface DecisionRequest {
  destination: string;
  audience: string;
  /** The commit of the request, when the same pair is unknown for more than one. */
  commit?: string;
  decision: Decision;
}

/** `DEST/AUD[@COMMIT]=not-activated|activated|<run ID>`; undefined when it does not parse. */
export function parseDecision(text: string): DecisionRequest | undefined {
  const m = /^([^/=@\s]+)\/([^/=@\s]+)(?:@([0-9a-f]{7,40}))?=(\S+)$/i.exec(text.trim());
  if (m === null) return undefined;
  const [, destination = "", audience = "", commit, value = ""] = m;
  const decision: Decision =
    value === "not-activated"
      ? { kind: "not-activated" }
      : value === "activated"
        ? { kind: "activated" }
        : { kind: "run", runId: value };
  return { destination, audience, ...(commit === undefined ? {} : { commit }), decision };
}

export const unknownRecords = (state: ActivationState): PairRecord[] =>
  [...state.records.values()].filter((r) => r.state === "unknown" || r.state === "intent");

/** Apply one decision; returns the problem as data when it names no single unknown pair. */
export function applyDecision(
  state: ActivationState,
  d: DecisionRequest,
  now: number,
): { ok: PairRecord } | { error: "no-such-unknown" | "several-commits"; matches: PairRecord[] } {
  const same = (a: string, b: string) => canonicalId(a) === canonicalId(b);
  const matches = unknownRecords(state).filter(
    (r) =>
      same(r.destination, d.destination) &&
      same(r.audience, d.audience) &&
      (d.commit === undefined || r.commit.toLowerCase().startsWith(d.commit.toLowerCase())),
  );
  const [record] = matches;
  if (record === undefined) return { error: "no-such-unknown", matches };
  if (matches.length > 1) return { error: "several-commits", matches };
  if (d.decision.kind === "not-activated") {
    record.state = "failed";
    record.code = "decided-not-activated";
  } else if (d.decision.kind === "activated") {
    record.state = "succeeded";
    record.code = "decided-activated";
  } else {
    record.state = "submitted";
    record.runIds = [d.decision.runId];
    record.code = "decided-run";
  }
  delete record.candidates;
  record.updatedAt = now;
  return { ok: record };
}

export type Refusal = {
  decision: DecisionRequest;
  why: "no-such-unknown" | "several-commits" | "several-sandboxes";
  matches: PairRecord[];
};

/**
 * Apply decisions to the states of several keys (the sandboxes of a plan). Each must name exactly
 * one unknown pair among them; on the first that does not, the refusal is returned and the caller
 * must not write (some states may already have changed in memory).
 */
export function applyDecisions(
  states: readonly ActivationState[],
  decisions: readonly DecisionRequest[],
  now: number,
): { recorded: { decision: DecisionRequest; record: PairRecord }[] } | { refused: Refusal } {
  const recorded: { decision: DecisionRequest; record: PairRecord }[] = [];
  for (const decision of decisions) {
    const results = states.map((s) => applyDecision(s, decision, now));
    const done = results.flatMap((r) => ("ok" in r ? [r.ok] : []));
    const several = results.find((r) => "error" in r && r.error === "several-commits");
    if (several !== undefined && "error" in several)
      return { refused: { decision, why: "several-commits", matches: several.matches } };
    if (done.length > 1) return { refused: { decision, why: "several-sandboxes", matches: done } };
    const [record] = done;
    if (record === undefined) return { refused: { decision, why: "no-such-unknown", matches: [] } };
    recorded.push({ decision, record });
  }
  return { recorded };
}
