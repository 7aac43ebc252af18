// Plan file bytes → one YAML document with source positions, or located problems. Pure: no I/O.
import { LineCounter, parseAllDocuments, type Document, type YAMLError } from "yaml";
import { fileTooLarge } from "./file-problems.js";
import { MAX_ALIAS_COUNT, MAX_PLAN_BYTES, type Position, type Problem, type ProblemCode } from "./types.js";

export interface ParsedDocument {
  file: string;
  doc: Document.Parsed;
  /** The plain JavaScript value of the document (aliases expanded within the limit). */
  value: unknown;
  lineCounter: LineCounter;
}

export type ParseResult = { ok: true; parsed: ParsedDocument } | { ok: false; problems: Problem[] };

const utf8 = new TextDecoder("utf-8", { fatal: true });

/** Friendlier wording for the YAML parser's error codes; the parser's own text follows as a hint. */
const YAML_MESSAGES: Partial<Record<YAMLError["code"], string>> = {
  TAB_AS_INDENT: "A tab is used for indentation; YAML only allows spaces there.",
  DUPLICATE_KEY: "This key appears twice in the same block; each key may appear only once.",
  BAD_INDENT: "The indentation here does not line up with the lines around it.",
  MULTILINE_IMPLICIT_KEY: "A key must fit on one line; a ':' or quote may be missing on the line before.",
  MISSING_CHAR: "A closing character is missing (a quote, bracket or brace).",
  UNEXPECTED_TOKEN: "The YAML here cannot be read: something is out of place.",
  BLOCK_AS_IMPLICIT_KEY: "The YAML here cannot be read: a block is used where a key was expected.",
  BAD_ALIAS: "An alias (*name) refers to an anchor (&name) that does not exist.",
};

const UNCLOSED_QUOTE = "This quoted text is never closed: the closing quote is missing.";

function unclosedQuote(error: YAMLError): string | undefined {
  if (error.code !== "MISSING_CHAR" || !/quote/.test(error.message)) return undefined;
  return error.message.includes('"') ? '"' : "'";
}

/**
 * The flow brackets open at each point of a YAML text, quoted strings and comments skipped (a quote
 * opens a string only where a scalar starts: after `:`, `-`, `,`, `[`, `{` or at a line's start).
 * Calls `at(i, stack)` before reading character i; stops when it returns a value, and returns it.
 */
function scanFlows<T>(
  text: string,
  at: (i: number, stack: readonly number[]) => T | undefined,
): T | undefined {
  const stack: number[] = [];
  let quote: string | undefined;
  for (let i = 0; i <= text.length; i++) {
    const out = at(i, stack);
    if (out !== undefined) return out;
    const c = text[i] ?? "";
    if (quote !== undefined) {
      if (quote === '"' && c === "\\") i++;
      else if (c === quote && quote === "'" && text[i + 1] === "'") i++;
      else if (c === quote) quote = undefined;
    } else if ((c === '"' || c === "'") && /(^|[:,[{-]|\n)\s*$/.test(text.slice(Math.max(0, i - 40), i)))
      quote = c;
    else if (c === "#" && (i === 0 || /\s/.test(text[i - 1] ?? ""))) {
      const eol = text.indexOf("\n", i);
      i = eol < 0 ? text.length : eol - 1;
    } else if (c === "[" || c === "{") stack.push(i);
    else if (c === "]" || c === "}") stack.pop();
  }
  return undefined;
}

/**
 * A flow list or map whose closing bracket never comes (`audiences: [a, b` and no `]`): the parser
 * calls it bad indentation on a later line, so point at the opening bracket and say what is missing.
 * Undefined when the closing bracket does come (then the indentation is what is wrong).
 */
function unclosedFlow(
  text: string,
  error: YAMLError,
): { at: number; open: string; close: string } | undefined {
  const close =
    error.code === "BAD_INDENT"
      ? /^Flow (?:sequence|map) .* end with an? ([\]}])/.exec(error.message)?.[1]
      : undefined;
  if (close === undefined) return undefined;
  const open = close === "]" ? "[" : "{";
  const pos = Math.min(error.pos[0], text.length);
  // The innermost bracket open where the parser gave up, and whether anything closes it later.
  const opener = scanFlows(text, (i, stack) => (i === pos ? (stack.at(-1) ?? -1) : undefined));
  if (opener === undefined || opener < 0 || text[opener] !== open) return undefined;
  const closed = scanFlows(text, (i, stack) => (i > opener && !stack.includes(opener) ? true : undefined));
  return closed === true ? undefined : { at: opener, open, close };
}

/** Where to point for an error: the parser reports an unclosed quote at the end of the file, so point at
 * the opening quote instead (inside an unclosed quoted string there is no later quote of the same kind). */
function errorOffset(text: string, error: YAMLError): number {
  const quote = unclosedQuote(error);
  if (quote !== undefined) {
    const start = text.lastIndexOf(quote, error.pos[0] - 1);
    if (start >= 0) return start;
  }
  return error.pos[0];
}

/**
 * The yaml lexer reads `process.env.LOG_TOKENS` once per token, and `process.env` is a slow native
 * getter: a fifth of the validation time. Parsing is synchronous, so swapping in a plain copy for its
 * duration is invisible to everything else.
 */
const NO_ENV: NodeJS.ProcessEnv = {};
function withPlainEnv<T>(fn: () => T): T {
  const real = process.env;
  process.env = NO_ENV;
  try {
    return fn();
  } finally {
    process.env = real;
  }
}

export function positionAt(lineCounter: LineCounter, offset: number): Position {
  const p = lineCounter.linePos(offset);
  return { line: p.line, col: p.col };
}

function problemAt(file: string, pos: Position, code: ProblemCode, message: string, hint?: string): Problem {
  return hint === undefined
    ? { file, line: pos.line, col: pos.col, code, message }
    : { file, line: pos.line, col: pos.col, code, message, hint };
}

/** Decode, parse and convert one plan file. Refuses binary and oversized content and alias bombs. */
export function parsePlanDocument(file: string, bytes: Uint8Array): ParseResult {
  const fail = (code: ProblemCode, message: string, hint?: string, pos: Position = { line: 1, col: 1 }) => ({
    ok: false as const,
    problems: [problemAt(file, pos, code, message, hint)],
  });
  if (bytes.length > MAX_PLAN_BYTES) return { ok: false, problems: [fileTooLarge(file, bytes.length)] };
  if (bytes.includes(0)) return fail("binary-file", "This is a binary file, not a YAML plan.");
  let text: string;
  try {
    text = utf8.decode(bytes);
  } catch {
    return fail("not-utf8", "The file is not valid UTF-8 text.", "Save the plan as UTF-8.");
  }
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);

  const lineCounter = new LineCounter();
  const docs = withPlainEnv(() =>
    parseAllDocuments(text, { lineCounter, uniqueKeys: true, prettyErrors: false }),
  );
  if (docs.length === 0 || docs[0] === undefined) {
    return fail("empty-file", "The file is empty.", "A plan starts with `apiVersion: activation-plans/v1`.");
  }
  const problems: Problem[] = [];
  for (const doc of docs) {
    for (const error of doc.errors) {
      const flow = unclosedFlow(text, error);
      if (flow !== undefined) {
        const own = `Add \`${flow.close}\` after its last ${flow.close === "]" ? "item" : "entry"}.`;
        const message = `This \`${flow.open}\` is never closed: the closing \`${flow.close}\` is missing.`;
        problems.push(problemAt(file, positionAt(lineCounter, flow.at), "yaml-syntax", message, own));
        break; // what the parser says after it follows from the missing bracket
      }
      const pos = positionAt(lineCounter, errorOffset(text, error));
      const friendly = unclosedQuote(error) !== undefined ? UNCLOSED_QUOTE : YAML_MESSAGES[error.code];
      const own = error.message.split("\n")[0] ?? error.message;
      problems.push(
        friendly === undefined
          ? problemAt(file, pos, "yaml-syntax", `The YAML cannot be read: ${own}`)
          : problemAt(file, pos, "yaml-syntax", friendly, own),
      );
    }
  }
  const second = docs[1];
  if (second !== undefined) {
    problems.push(
      problemAt(
        file,
        positionAt(lineCounter, second.range[0]),
        "multiple-documents",
        `The file holds ${docs.length} YAML documents; a plan file holds exactly one plan.`,
        "Put each plan in a file of its own, or remove the `---` separator.",
      ),
    );
  }
  if (problems.length > 0) return { ok: false, problems };
  const doc = docs[0];
  if (doc.contents === null) {
    return fail(
      "empty-file",
      "The file holds no plan (only comments or blank lines).",
      "A plan starts with `apiVersion: activation-plans/v1`.",
    );
  }
  let value: unknown;
  try {
    value = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch (error) {
    return fail(
      "alias-limit",
      `The file uses YAML aliases (*name) too heavily: expanding them would exceed the limit of ${MAX_ALIAS_COUNT}.`,
      error instanceof Error ? error.message : undefined,
    );
  }
  return { ok: true, parsed: { file, doc, value, lineCounter } };
}
