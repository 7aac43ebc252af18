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
 * Each part's share of `budget`: a part that needs less than an equal share keeps what it needs, and
 * what it leaves goes to the longer ones (so nothing is cut while the whole fits).
 */
export function shares(lengths: readonly number[], budget: number): number[] {
  const out = new Array<number>(lengths.length).fill(0);
  let left = Math.max(0, budget);
  let open = lengths.map((n, i) => ({ n, i })).sort((a, b) => a.n - b.n);
  while (open.length > 0) {
    const fair = Math.floor(left / open.length);
    const [first] = open;
    if (first === undefined || first.n > fair) {
      for (const p of open) out[p.i] = fair;
      break;
    }
    out[first.i] = first.n;
    left -= first.n;
    open = open.slice(1);
  }
  return out;
}

/**
 * Markdown cut to `budget` characters, or whole when it fits. A cut says so, and closes the
 * `<details>` blocks it leaves open: the part after it would render inside them, collapsed.
 */
export function cutMarkdown(text: string, budget: number): string {
  if (text.length <= budget && new TextEncoder().encode(text).length <= budget) return text;
  const note = "\n\n… (cut to fit this comment: the job summary has it whole)";
  const kept = cutToBytes(text, budget - note.length - 200);
  const open = (kept.match(/<details\b/g) ?? []).length - (kept.match(/<\/details>/g) ?? []).length;
  return `${kept}${note}${"\n\n</details>".repeat(Math.max(0, open))}`;
}

/**
 * Notes that fit `budget` characters together, as far as they can: a note over its share keeps its
 * markers, its title and its way on (the confirm line), and loses the middle (why, and the pairs that
 * differ). Those it keeps even past the budget: the comment's own limit is counted with them.
 */
export function fitNotes(notes: readonly string[], budget = NOTES_BUDGET): string[] {
  const share = shares(
    notes.map((n) => n.length),
    budget - SEPARATOR.length * notes.length,
  );
  return notes.map((note, i) => {
    if (note.length <= (share[i] ?? 0)) return note;
    const lines = note.split("\n");
    const head = lines.slice(0, 2).join("\n");
    const tail = lines.slice(-4).join("\n");
    const middle = lines.slice(2, -4).join("\n");
    return `${head}\n${cutToBytes(middle, (share[i] ?? 0) - head.length - tail.length - 8)}\n…\n\n${tail}`;
  });
}

/** Sections, sorted by key, within `budget` characters: each cut to its share, its markers whole. */
export function renderSections(sections: readonly Section[], budget: number): string {
  const markers = sections.reduce(
    (n, s) => n + opening(s.key, s.at).length + closing(s.key).length + SEPARATOR.length,
    0,
  );
  const sorted = [...sections].sort((a, b) => (a.key < b.key ? -1 : 1));
  const share = shares(
    sorted.map((s) => new TextEncoder().encode(s.text).length),
    budget - markers,
  );
  return sorted
    .map((s, i) => `${opening(s.key, s.at)}${cutMarkdown(s.text, share[i] ?? 0)}${closing(s.key)}`)
    .join(SEPARATOR);
}

/** What is below the notes, cut to `budget` characters: the sections each to its share, or the preview. */
export function fitBelow(below: string, budget: number): string {
  const sections = sectionsIn(below);
  return sections.length === 0 ? cutMarkdown(below, budget) : renderSections(sections, budget);
}
