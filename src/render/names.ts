// Names beside IDs wherever people read them: Platform's, as pre-flight read them, else the plans'
// own (then said to be unchecked). Pure.
import { clip } from "../activation/messages.js";
import type { ApplyReport, PairResult } from "../activation/types.js";
import type { RequestedPair } from "../plan/changes.js";
import { code, escapeText, shortId } from "./escape.js";

/** Names by ID, and whether they are Platform's (pre-flight read every audience's name). */
export interface NameBook {
  audiences: ReadonlyMap<string, string>;
  destinations: ReadonlyMap<string, string>;
  checked: boolean;
}

/** The names pre-flight read from Platform for a report's pairs. */
export function namesOf(report: Pick<ApplyReport, "results" | "namesChecked">): NameBook {
  const audiences = new Map<string, string>();
  const destinations = new Map<string, string>();
  for (const r of report.results) {
    if (r.names?.audience !== undefined) audiences.set(r.audience, r.names.audience);
    if (r.names?.destination !== undefined) destinations.set(r.destination, r.names.destination);
  }
  return { audiences, destinations, checked: report.namesChecked === true };
}

const planName = (requestedBy: readonly RequestedPair[], which: "audience" | "destination") =>
  requestedBy.map((r) => r[which].name).find((n) => n !== undefined);

/** Platform's name for the pair's audience or destination, else the first plan's that gives one. */
export function nameFor(
  pair: Pick<PairResult, "audience" | "destination" | "requestedBy">,
  which: "audience" | "destination",
  names?: NameBook,
): string | undefined {
  const platform = (which === "audience" ? names?.audiences : names?.destinations)?.get(pair[which]);
  const name = platform ?? planName(pair.requestedBy, which);
  return name === undefined ? undefined : clip(name);
}

/** A name with its short ID (`Cart abandoners \`3a1b2c3d…\``), or the whole ID when there is no name. */
export function named(id: string, name: string | undefined): string {
  return name === undefined ? code(id) : `${escapeText(name)} ${code(shortId(id))}`;
}

/** Where the names shown come from, for the line under a list of pairs. */
export function namesSource(names: NameBook | undefined): string {
  return names?.checked === true
    ? "Names are Platform's, read by the pre-flight."
    : "Names are the plans' own: they were not checked against Platform.";
}
