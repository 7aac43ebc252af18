// Sentences about the activation state, made in one place.
import type { PairRecord } from "./types.js";
import type { StateUnavailable } from "./types.js";
import type { DecisionRequest, Refusal } from "./decide.js";

export function stateUnavailableMessage(error: StateUnavailable): string {
  return `Nothing was submitted: the activation state is unavailable: ${error.message}.${error.remedy === undefined ? "" : ` To fix: ${error.remedy}.`}`;
}

const pairOf = (d: DecisionRequest) => `${d.destination}/${d.audience}`;

/** Why a decision was refused; `where` names the state that was searched. */
export function refusalSentence(r: Refusal, where: string): string {
  const commits = r.matches.map((m) => m.commit.slice(0, 12)).join(", ");
  switch (r.why) {
    case "no-such-unknown":
      return `No unknown pair ${pairOf(r.decision)} in ${where}; nothing was recorded.`;
    case "several-commits":
      return `${pairOf(r.decision)} is unknown for ${r.matches.length} commits (${commits}): add @COMMIT; nothing was recorded.`;
    case "several-sandboxes":
      return `${pairOf(r.decision)} is unknown in several sandboxes of ${where}; decide in each sandbox's own run; nothing was recorded.`;
  }
}

export const recordedSentence = (d: DecisionRequest, record: PairRecord): string =>
  `Recorded ${pairOf(d)}: ${record.state} (${record.code ?? ""}).`;
