// The parts of a sticky comment that runs share (pure): refusal notes at the top, then either the
// preview that was reviewed or the limited jobs' sections, each part between its own markers. Parts
// are cut to fit GitHub's limit one by one, so that no cut falls on a marker.
import { REFUSED_NOTES } from "../render/notes.js";
import { cutToBytes } from "../render/escape.js";

export const JOB =
  /<!-- aep-activation-plans:job:([a-z0-9+-]+)(?: at=([0-9a-f]{40}))? -->\n([\s\S]*?)\n<!-- \/aep-activation-plans:job:\1 -->/g;
/** A section's opening marker: its job's key, and (since sections name it) the commit that job ran at. */
export const opening = (key: string, head: string | undefined) =>
  head === undefined
    ? `<!-- aep-activation-plans:job:${key} -->\n`
    : `<!-- aep-activation-plans:job:${key} at=${head} -->\n`;
const closing = (key: string) => `\n<!-- /aep-activation-plans:job:${key} -->`;
export const SEPARATOR = "\n\n---\n\n";
/** Room kept free of parts in a comment (its marker lines and what GitHub counts differently). */
export const COMMENT_MARGIN = 4_000;
/** All refusal notes together take at most this much of a comment; the rest is the preview or the sections. */
export const NOTES_BUDGET = 24_000;

export interface Section {
  key: string;
  at: string | undefined;
  text: string;
}

/** The refusal notes at the top of a comment's body (after its marker lines), and what is below them. */
export function splitNotes(body: string): {
  notes: { key: string | undefined; at: string | undefined; text: string }[];
  below: string;
} {
  const notes = [...body.matchAll(REFUSED_NOTES)].map((m) => ({ key: m[1], at: m[2], text: m[0] }));
  return { notes, below: body.replace(REFUSED_NOTES, "").replace(/^\n*(---\n+)*/, "") };
}

/** The sections in what is below the notes. */
export const sectionsIn = (below: string): Section[] =>
  [...below.matchAll(JOB)].map((m) => ({ key: m[1] ?? "", at: m[2], text: m[3] ?? "" }));

/**
 * Notes that fit `budget` characters together: a note over its share keeps its markers, its title and
 * its way on (the confirm line), and loses the middle (why, and the pairs that differ).
 */
export function fitNotes(notes: readonly string[], budget = NOTES_BUDGET): string[] {
  const share = Math.floor((budget - SEPARATOR.length * notes.length) / Math.max(1, notes.length));
  return notes.map((note) => {
    if (note.length <= share) return note;
    const lines = note.split("\n");
    const head = lines.slice(0, 2).join("\n");
    const tail = lines.slice(-4).join("\n");
    const middle = lines.slice(2, -4).join("\n");
    return `${head}\n${cutToBytes(middle, share - head.length - tail.length - 8)}\n…\n\n${tail}`;
  });
}

/** Sections, sorted by key, each cut to an equal share of `budget` characters with its markers whole. */
export function renderSections(sections: readonly Section[], budget: number): string {
  const markers = sections.reduce(
    (n, s) => n + opening(s.key, s.at).length + closing(s.key).length + SEPARATOR.length,
    0,
  );
  const share = Math.floor((budget - markers) / Math.max(1, sections.length));
  return [...sections]
    .sort((a, b) => (a.key < b.key ? -1 : 1))
    .map((s) => `${opening(s.key, s.at)}${cutToBytes(s.text, share)}${closing(s.key)}`)
    .join(SEPARATOR);
}

/** What is below the notes, cut to `budget` characters: the sections each to its share, or the preview. */
export function fitBelow(below: string, budget: number): string {
  const sections = sectionsIn(below);
  return sections.length === 0 ? cutToBytes(below, budget) : renderSections(sections, budget);
}
