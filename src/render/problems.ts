// Problems as compiler-style text lines (`FILE:LINE:COL: error: MESSAGE`) and as JSON.
import type { Problem } from "../plan/types.js";

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
