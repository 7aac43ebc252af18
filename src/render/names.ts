// Names beside IDs wherever people read them: Platform's, as pre-flight read them, else the plans'
// own (then said to be unchecked). Pure.
import { clip } from "../activation/messages.js";
import type { ApplyReport, PairResult } from "../activation/types.js";
import type { AudienceSize } from "../aep/sizes.js";
import type { RequestedPair } from "../plan/changes.js";
import { code, escapeText, shortId, utcMinute } from "./escape.js";

/** Names by ID, and whether they are Platform's (pre-flight read every audience's name); sizes too. */
export interface NameBook {
  audiences: ReadonlyMap<string, string>;
  destinations: ReadonlyMap<string, string>;
  checked: boolean;
  /** `base`: Platform's names only for IDs already on the base branch (a fork's PR); the rest are the plans'. */
  scope?: "base";
  /** Audience sizes by `sandbox\naudience`, as pre-flight read them; `sizesChecked`: read for every one. */
  sizes?: ReadonlyMap<string, AudienceSize | "external">;
  sizesChecked?: boolean;
}

/** The names pre-flight read from Platform for a report's pairs. */
export function namesOf(report: Pick<ApplyReport, "results" | "namesChecked" | "sizesChecked">): NameBook {
  const audiences = new Map<string, string>();
  const destinations = new Map<string, string>();
  const sizes = new Map<string, AudienceSize | "external">();
  for (const r of report.results) {
    if (r.names?.audience !== undefined) audiences.set(r.audience, r.names.audience);
    if (r.names?.destination !== undefined) destinations.set(r.destination, r.names.destination);
    if (r.size !== undefined) sizes.set(`${r.sandbox}\n${r.audience}`, r.size);
  }
  return {
    audiences,
    destinations,
    checked: report.namesChecked === true,
    sizes,
    sizesChecked: report.sizesChecked === true,
  };
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
  if (names?.scope === "base")
    return "Names are Platform's for the IDs already on the base branch; the IDs this PR adds show the plan's own names, not checked (a fork's PR reads nothing more from Platform).";
  return names?.checked === true
    ? "Names are Platform's, read by the pre-flight."
    : "Names are the plans' own: they were not checked against Platform.";
}

/** A count as people read it at a glance: 950, 12,345, 1.2 M. */
export function profiles(n: number): string {
  if (n >= 1_000_000) return `${(n / 1_000_000).toFixed(1).replace(/\.0$/, "")} M`;
  return n.toLocaleString("en-US");
}

/** Profile exports of some pairs: the sum of their audiences' known sizes, and how many are unknown. */
export function exportsOf(
  pairs: readonly { sandbox: string; audience: string }[],
  names: NameBook | undefined,
): { known: number; unknown: number } | undefined {
  if (names?.sizesChecked !== true) return undefined;
  let known = 0;
  let unknown = 0;
  for (const p of pairs) {
    const size = names.sizes?.get(`${p.sandbox}\n${p.audience}`);
    if (size === undefined || size === "external" || size.profiles === undefined) unknown++;
    else known += size.profiles;
  }
  return { known, unknown };
}

/**
 * "about 1.2 M profile exports", "at least 40,000 profile exports" (some sizes unknown), "size
 * unknown" (no size known: "at least 0" would read as a count), or "sizes not checked".
 */
export function exportsPhrase(e: { known: number; unknown: number } | undefined): string {
  if (e === undefined) return "sizes not checked";
  if (e.known === 0 && e.unknown > 0) return e.unknown === 1 ? "size unknown" : "sizes unknown";
  return `${e.unknown > 0 ? "at least" : "about"} ${profiles(e.known)} profile exports`;
}

/** An audience's size beside its name: its profiles and when Platform counted them, or why there is none. */
export function sizeNote(pair: { sandbox: string; audience: string }, names: NameBook | undefined): string {
  if (names?.sizesChecked !== true) return "";
  const size = names.sizes?.get(`${pair.sandbox}\n${pair.audience}`);
  if (size === "external") return " · size unknown (external audience)";
  if (size === undefined) return " · size unknown";
  const when = `evaluated ${utcMinute(size.evaluatedAt)}`;
  return size.profiles === undefined
    ? ` · size unknown (${when})`
    : ` · ${profiles(size.profiles)} profiles (${when})`;
}
