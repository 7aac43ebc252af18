// A person's decision about a pair whose outcome is unknown, recorded in the state: the pair was not
// activated (it may be submitted again), it was (with its run, followed next), or it succeeded.
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
  const same = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();
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
