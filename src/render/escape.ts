// Escaping for plan-provided text in Markdown that GitHub renders (PR comments, job summaries):
// no HTML, no Markdown structure, no @mentions, no issue references, no line breaks and no
// invisible reordering can come from a plan.

/** Characters that mean something anywhere in a line. */
const INLINE = /[\\`*_[\]|~]/g;
/** At the start of a line: headings, lists, quotes, numbered lists. */
const LINE_START = /^(\s*)([#+\-!>=]|\d+[.)])/;
/** Bidi controls and zero-width characters: text that reorders or hides itself from a reviewer. */
const INVISIBLE = /[\u061c\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]/g;
/** A word joiner: invisible, and breaks what GitHub would link (`@name`, `#12`, `owner/repo#12`, `GH-12`). */
const JOIN = "\u2060";

export function escapeText(text: string): string {
  return text
    .replace(INVISIBLE, "\ufffd")
    .replace(/[\r\n\t]+/g, " ")
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(INLINE, (c) => `\\${c}`)
    .replace(LINE_START, (_, space: string, mark: string) => `${space}\\${mark}`)
    .replace(/#(?=\d)/g, `#${JOIN}`) // before any entity of ours (`&#64;`) is written
    .replace(/@/g, `&#64;${JOIN}`)
    .replace(/\b(GH)-(?=\d)/gi, `$1${JOIN}-`)
    .replace(/:(?=\/\/)/g, "&#58;") // no autolinks
    .replace(/\b(www)\./gi, "$1&#46;");
}

/** A code span for values that cannot hold a backtick or line break (IDs, names, sandboxes); else escaped text. */
export function code(text: string): string {
  return /^[^`\r\n|<>]+$/.test(text) && !new RegExp(INVISIBLE.source).test(text)
    ? `\`${text}\``
    : escapeText(text);
}

/**
 * A sentence of ours (a policy's or a refusal's) whose `quoted` parts are code: each shown as a code
 * span, the rest escaped. Plan-provided text inside stays inert either way (code() falls back to escaping).
 */
export function escapeSentence(text: string): string {
  const parts = text.split("`");
  if (parts.length % 2 === 0) return escapeText(text);
  return parts.map((part, i) => (i % 2 === 1 && part !== "" ? code(part) : escapeText(part))).join("");
}

export function shortId(id: string): string {
  // A Platform-issued ID (`QU9fLTEz…_6ed34f6f-…`): the prefix is the org's, the UUID tells audiences apart.
  const cut = id.lastIndexOf("_");
  if (cut > 0 && id.length - cut > 13) return `${id.slice(0, 4)}…_${id.slice(cut + 1, cut + 9)}…`;
  return id.length > 13 ? `${id.slice(0, 8)}…` : id;
}

/** A moment as people read it beside a count or a footer: `2026-12-01 15:36 UTC`. */
export const utcMinute = (ms: number) => `${new Date(ms).toISOString().slice(0, 16).replace("T", " ")} UTC`;

export const plural = (n: number, word: string, many = `${word}s`) =>
  `${n.toLocaleString("en-US")} ${n === 1 ? word : many}`;

/** UTF-8 bytes: GitHub limits the job summary to 1 MiB of them (a comment to 65,536 characters, never more bytes). */
export const bytes = (text: string): number => Buffer.byteLength(text, "utf8");

/** The longest start of `text` within `budget` UTF-8 bytes, never cutting a character. */
export function cutToBytes(text: string, budget: number): string {
  const { read } = new TextEncoder().encodeInto(text, new Uint8Array(Math.max(0, budget)));
  return text.slice(0, read);
}
