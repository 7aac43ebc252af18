// Problems as compiler-style text lines (`FILE:LINE:COL: error: MESSAGE`), as JSON, and as Markdown
// for a job summary or a PR comment. Plan-provided text is escaped.
import type { Problem } from "../plan/types.js";
import { bytes, code, escapeText, plural } from "./escape.js";

/** Problems listed in Markdown at most; the rest are counted. */
const LISTED = 100;
/** A problem's message, hint or place longer than this is cut (a YAML key can be a kilobyte). */
const CELL = 300;
/** Room kept for the line that counts the problems left out. */
const TAIL = 200;

const cell = (text: string) => (text.length > CELL ? `${text.slice(0, CELL)}…` : text);

/**
 * Invalid plans as a job summary or PR comment: the verdict first (nothing activated; or, on a PR,
 * that the earlier preview no longer holds), then each problem at its file and line.
 */
export function renderProblems(
  problems: readonly Problem[],
  /** `subject`: what has the problems (default: the plans; the activation policy's file, …). */
  at: { head: string; mode: "validate" | "preview" | "apply"; subject?: string },
  /** UTF-8 bytes at most (a PR comment's 65,536 characters, less its markers); rows past it are counted. */
  budget = 60_000,
): string {
  const subject = at.subject ?? "The plans";
  const where = at.head === "" ? subject : `${subject} at ${code(at.head.slice(0, 12))}`;
  const count = plural(problems.length, "problem");
  const lower = `t${where.slice(1)}`;
  const verdict = {
    validate: `### ❌ ${where} have ${count}`,
    preview: `### ❌ Preview out of date: ${lower} have ${count}`,
    apply: `### ❌ Nothing activated: ${lower} have ${count}`,
  }[at.mode];
  const rows: string[] = [];
  let size = 0;
  for (const p of problems.slice(0, LISTED)) {
    const row = `| ${code(cell(`${p.file}:${p.line}:${p.col}`))} | ${code(p.code)} | ${escapeText(cell(p.message))}${p.hint === undefined ? "" : `<br>Hint: ${escapeText(cell(p.hint))}`} |`;
    if (size + bytes(row) + 1 > budget - 1_000 - TAIL) break;
    rows.push(row);
    size += bytes(row) + 1;
  }
  const left = problems.length - rows.length;
  return [
    verdict,
    "",
    {
      validate: "Each is annotated at its line.",
      preview:
        "Fix them and push: a merge of these plans would activate nothing. The preview is written again once they are valid.",
      apply: "Nothing of this run was sent to Platform. Fix them in a pull request.",
    }[at.mode],
    "",
    "| where | code | problem |",
    "| --- | --- | --- |",
    ...rows,
    ...(left > 0 ? [`| … | | ${plural(left, "more problem")}: each is annotated at its line |`] : []),
    "",
  ].join("\n");
}

export function formatProblem(p: Problem): string {
  const head = `${p.file}:${p.line}:${p.col}: error: ${p.message}`;
  return p.hint === undefined ? head : `${head}\n    hint: ${p.hint}`;
}

export function formatProblems(problems: readonly Problem[]): string {
  return problems.map(formatProblem).join("\n");
}

export function problemsJson(problems: readonly Problem[]): string {
  return JSON.stringify(
    problems.map((p) => ({
      file: p.file,
      line: p.line,
      col: p.col,
      code: p.code,
      message: p.message,
      hint: p.hint,
    })),
    null,
    2,
  );
}
