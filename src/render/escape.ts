// Escaping for plan-provided text in Markdown that GitHub renders (PR comments, job summaries):
// no HTML, no Markdown structure, no @mentions, no line breaks can come from a plan.

/** Characters that mean something anywhere in a line. */
const INLINE = /[\\`*_[\]|~]/g;
/** At the start of a line: headings, lists, quotes, numbered lists. */
const LINE_START = /^(\s*)([#+\-!>=]|\d+[.)])/;

export function escapeText(text: string): string {
  return text
    .replace(/[\r\n\t]+/g, " ")
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(INLINE, (c) => `\\${c}`)
    .replace(LINE_START, (_, space: string, mark: string) => `${space}\\${mark}`)
    .replace(/@/g, "&#64;")
    .replace(/:(?=\/\/)/g, "&#58;") // no autolinks
    .replace(/\b(www)\./gi, "$1&#46;");
}

/** A code span for values that cannot hold a backtick or line break (IDs, names, sandboxes); else escaped text. */
export function code(text: string): string {
  return /^[^`\r\n|<>]+$/.test(text) ? `\`${text}\`` : escapeText(text);
}

export function shortId(id: string): string {
  return id.length > 13 ? `${id.slice(0, 8)}…` : id;
}

export const plural = (n: number, word: string, many = `${word}s`) =>
  `${n.toLocaleString("en-US")} ${n === 1 ? word : many}`;
