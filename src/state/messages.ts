// Sentences about the activation state, made in one place.
import type { StateUnavailable } from "./types.js";

export function stateUnavailableMessage(error: StateUnavailable): string {
  return `Nothing was submitted: the activation state is unavailable: ${error.message}.${error.remedy === undefined ? "" : ` To fix: ${error.remedy}.`}`;
}
