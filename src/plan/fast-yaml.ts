// A fast path for the YAML that plan files are made of: block maps and sequences, one-line flow
// collections of scalars, plain and simple quoted scalars, comments. It builds the same `yaml`
// Document nodes (same values, same source offsets) that the full parser would, about ten times
// faster. Anything outside that subset — anchors, tags, block scalars, escapes, multi-line scalars,
// duplicate keys, numbers other than plain decimals, unusual indentation — returns undefined, and the
// caller uses the full parser, which also produces the located error messages. A differential test
// (test/unit/fast-yaml.test.ts) checks that both agree wherever the fast path answers.
import { Document, LineCounter, Pair, Scalar, YAMLMap, YAMLSeq, type Node } from "yaml";

interface Line {
  /** Offset of the first character of `text` in the source. */
  start: number;
  indent: number;
  /** The line from its first non-space character (for compact sequence maps, from the key). */
  text: string;
}

class Bail extends Error {}
const bail = (): never => {
  throw new Bail();
};

const KEY = /^[A-Za-z_][A-Za-z0-9_-]*/;
const SAFE_INT = /^(?:0|[1-9][0-9]{0,14})$/;
/** The YAML 1.2 core schema's number patterns (as the yaml package has them), in one expression. */
const NUMBER =
  /^(?:[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN|[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)[eE][-+]?[0-9]+|[-+]?(?:\.[0-9]+|[0-9]+\.[0-9]*)|0o[0-7]+|[-+]?[0-9]+|0x[0-9a-fA-F]+)$/;
const NULLS = new Set(["null", "Null", "NULL", "~"]);
const BOOLS = new Map<string, boolean>([
  ["true", true],
  ["True", true],
  ["TRUE", true],
  ["false", false],
  ["False", false],
  ["FALSE", false],
]);

/** Cheap pre-check before the number expression: a sign after the start only follows an exponent. */
function mayBeNumber(text: string): boolean {
  const c = text.charCodeAt(0);
  if (!((c >= 0x30 && c <= 0x39) || c === 0x2d || c === 0x2b || c === 0x2e)) return false;
  for (let i = 1; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    if ((ch === 0x2d || ch === 0x2b) && (text.charCodeAt(i - 1) | 0x20) !== 0x65) return false;
  }
  return true;
}

function scalar(value: unknown, start: number, end: number): Scalar {
  const s = new Scalar(value);
  s.range = [start, end, end];
  return s;
}

/** Resolve a plain scalar the way the YAML 1.2 core schema does, or bail where it would be a number. */
function plain(text: string, start: number): Scalar {
  const end = start + text.length;
  if (NULLS.has(text)) return scalar(null, start, end);
  const bool = BOOLS.get(text);
  if (bool !== undefined) return scalar(bool, start, end);
  if (SAFE_INT.test(text)) return scalar(Number(text), start, end);
  if (mayBeNumber(text) && NUMBER.test(text)) bail();
  return scalar(text, start, end);
}

/** Parses one line's inline value: a scalar or a one-line flow collection. */
class Inline {
  pos = 0;
  constructor(
    private readonly text: string,
    private readonly base: number,
  ) {}

  value(flow: boolean): Node {
    const ch = this.text[this.pos];
    if (ch === "[") return this.flowSeq();
    if (ch === "{") return this.flowMap();
    if (ch === '"' || ch === "'") return this.quoted(ch);
    return this.plainScalar(flow);
  }

  private quoted(q: string): Scalar {
    const open = this.pos;
    const close = this.text.indexOf(q, open + 1);
    if (close === -1) bail();
    const body = this.text.slice(open + 1, close);
    if (q === '"' && body.includes("\\")) bail();
    if (q === "'" && this.text[close + 1] === "'") bail();
    this.pos = close + 1;
    return scalar(body, this.base + open, this.base + this.pos);
  }

  private plainScalar(flow: boolean): Scalar {
    const start = this.pos;
    const first = this.text[start];
    if (first === undefined || "-?:,[]{}#&*!|>'\"%@`".includes(first)) bail();
    let end = start;
    const text = this.text;
    for (; end < text.length; end++) {
      const c = text.charCodeAt(end);
      if (c > 0x3a && c !== 0x5b && c !== 0x5d && c !== 0x7b && c !== 0x7d) continue; // fast: letters, digits…
      if (c === 0x23 /* # */ && text.charCodeAt(end - 1) === 0x20) break;
      if (c === 0x3a /* : */ && (end + 1 === text.length || " ,[]{}".includes(text[end + 1]!))) {
        if (!flow) bail(); // `a: b: c` or a key where a value was expected
        break;
      }
      if (flow && (c === 0x2c || c === 0x5b || c === 0x5d || c === 0x7b || c === 0x7d)) break;
    }
    const raw = this.text.slice(start, end);
    const trimmed = raw.replace(/[ \t]+$/, "");
    if (trimmed === "") bail();
    this.pos = start + trimmed.length;
    return plain(trimmed, this.base + start);
  }

  private skipSpaces(): void {
    while (this.text[this.pos] === " ") this.pos++;
  }

  private expect(ch: string): void {
    if (this.text[this.pos] !== ch) bail();
    this.pos++;
  }

  private flowItem(): Node {
    const ch = this.text[this.pos];
    if (ch === "[" || ch === "{") bail(); // nested flow collections: full parser
    if (ch === '"' || ch === "'") return this.quoted(ch);
    return this.plainScalar(true);
  }

  private flowSeq(): YAMLSeq {
    const seq = new YAMLSeq();
    seq.flow = true;
    const open = this.pos;
    this.pos++;
    this.skipSpaces();
    while (this.text[this.pos] !== "]") {
      if (this.text[this.pos] === "{") seq.items.push(this.flowMap());
      else seq.items.push(this.flowItem());
      this.skipSpaces();
      if (this.text[this.pos] === ",") {
        this.pos++;
        this.skipSpaces();
        if (this.text[this.pos] === "]") break;
      } else if (this.text[this.pos] !== "]") bail();
    }
    this.pos++;
    seq.range = [this.base + open, this.base + this.pos, this.base + this.pos];
    return seq;
  }

  private flowMap(): YAMLMap {
    const map = new YAMLMap();
    map.flow = true;
    const open = this.pos;
    this.pos++;
    this.skipSpaces();
    const keys = new Set<string>();
    while (this.text[this.pos] !== "}") {
      const key = KEY.exec(this.text.slice(this.pos))?.[0] ?? bail();
      if (keys.has(key) || NULLS.has(key) || BOOLS.has(key)) bail();
      keys.add(key);
      const keyNode = scalar(key, this.base + this.pos, this.base + this.pos + key.length);
      this.pos += key.length;
      this.expect(":");
      if (this.text[this.pos] !== " ") bail();
      this.skipSpaces();
      map.items.push(new Pair(keyNode, this.flowItem()));
      this.skipSpaces();
      if (this.text[this.pos] === ",") {
        this.pos++;
        this.skipSpaces();
        if (this.text[this.pos] === "}") break;
      } else if (this.text[this.pos] !== "}") bail();
    }
    this.pos++;
    map.range = [this.base + open, this.base + this.pos, this.base + this.pos];
    return map;
  }

  /** Only spaces and an optional comment may follow the value. */
  end(): void {
    const rest = this.text.slice(this.pos);
    if (rest.trim() !== "" && !/^[ ]+#/.test(rest)) bail();
  }
}

class BlockParser {
  i = 0;
  constructor(private readonly lines: Line[]) {}

  private peek(): Line | undefined {
    return this.lines[this.i];
  }

  private static isSeqItem(text: string): boolean {
    return text === "-" || text.startsWith("- ") || text.startsWith("-\t");
  }

  block(indent: number): Node {
    const line = this.peek() ?? bail();
    if (line.indent !== indent) bail();
    return BlockParser.isSeqItem(line.text) ? this.seq(indent) : this.map(indent);
  }

  private inline(line: Line, offsetInText: number): Node {
    const parser = new Inline(line.text.slice(offsetInText), line.start + offsetInText);
    const node = parser.value(false);
    parser.end();
    return node;
  }

  /** The block under `key:` or `-` with nothing after it on the line. */
  private nested(parentIndent: number, allowSameIndentSeq: boolean): Node {
    const next = this.peek() ?? bail();
    if (next.indent > parentIndent) return this.block(next.indent);
    if (allowSameIndentSeq && next.indent === parentIndent && BlockParser.isSeqItem(next.text))
      return this.seq(parentIndent);
    return bail();
  }

  private map(indent: number): YAMLMap {
    const map = new YAMLMap();
    const keys = new Set<string>();
    let first = true;
    for (;;) {
      const line = this.peek();
      if (line === undefined || line.indent < indent) break;
      if (line.indent > indent || BlockParser.isSeqItem(line.text)) bail();
      const key = KEY.exec(line.text)?.[0] ?? bail();
      if (line.text[key.length] !== ":") bail();
      if (keys.has(key) || NULLS.has(key) || BOOLS.has(key)) bail();
      keys.add(key);
      if (first) {
        map.range = [line.start, line.start, line.start];
        first = false;
      }
      const keyNode = scalar(key, line.start, line.start + key.length);
      const after = line.text.slice(key.length + 1);
      this.i++;
      if (after.trim() === "" || /^[ ]+#/.test(after)) {
        if (after !== "" && !after.startsWith(" ")) bail();
        map.items.push(new Pair(keyNode, this.nested(indent, true)));
      } else {
        if (!after.startsWith(" ")) bail();
        const skip = after.length - after.trimStart().length;
        map.items.push(new Pair(keyNode, this.inline(line, key.length + 1 + skip)));
      }
    }
    return map;
  }

  private seq(indent: number): YAMLSeq {
    const seq = new YAMLSeq();
    seq.range = [this.peek()!.start, 0, 0];
    for (;;) {
      const line = this.peek();
      if (line === undefined || line.indent < indent) break;
      if (line.indent > indent || !BlockParser.isSeqItem(line.text)) {
        if (line.indent === indent) break; // a sibling key of the parent map (same-indent sequence)
        bail();
      }
      const rest = line.text.slice(1);
      const skip = rest.length - rest.trimStart().length;
      const content = rest.slice(skip);
      if (rest.includes("\t")) bail();
      if (content === "" || content.startsWith("#")) {
        this.i++;
        seq.items.push(this.nested(indent, false));
      } else if (/^[A-Za-z_][A-Za-z0-9_-]*:(?: |$)/.test(content)) {
        // A compact map in a sequence item: `- key: value`, continued on lines indented to `key`.
        const keyCol = indent + 1 + skip;
        this.lines[this.i] = { start: line.start + 1 + skip, indent: keyCol, text: content };
        seq.items.push(this.map(keyCol));
      } else {
        this.i++;
        seq.items.push(this.inline(line, 1 + skip));
      }
    }
    return seq;
  }
}

/** Splits the source into content lines; bails on anything the fast path does not handle. */
function contentLines(text: string, lineCounter: LineCounter): Line[] {
  const lines: Line[] = [];
  let start = 0;
  lineCounter.addNewLine(0);
  while (start <= text.length) {
    let end = text.indexOf("\n", start);
    if (end === -1) end = text.length;
    else lineCounter.addNewLine(end + 1);
    let raw = text.slice(start, end);
    if (raw.endsWith("\r")) raw = raw.slice(0, -1);
    if (raw.includes("\r") || raw.includes("\t")) bail();
    const body = raw.trimStart();
    if (body !== "" && !body.startsWith("#")) {
      if (body.startsWith("---") || body.startsWith("...") || body.startsWith("%")) bail();
      const indent = raw.length - body.length;
      lines.push({ start: start + indent, indent, text: body.replace(/[ ]+$/, "") });
    }
    start = end + 1;
  }
  return lines;
}

/**
 * Parse `text` if it is in the fast subset. Returns the document and its line counter, or undefined
 * when the full parser must decide (including every file that has an error).
 */
export function fastParse(text: string): { doc: Document.Parsed; lineCounter: LineCounter } | undefined {
  if (/[&*!|>]/.test(text) && /(?:^|[\s[{,:-])[&*!|>]/m.test(text)) return undefined;
  try {
    const lineCounter = new LineCounter();
    const lines = contentLines(text, lineCounter);
    if (lines.length === 0 || lines[0]!.indent !== 0) return undefined;
    const parser = new BlockParser(lines);
    const root = parser.block(0);
    if (parser.i !== lines.length || !(root instanceof YAMLMap)) return undefined;
    const doc = new Document() as unknown as Document.Parsed;
    doc.contents = root as unknown as Document.Parsed["contents"];
    return { doc, lineCounter };
  } catch (error) {
    if (error instanceof Bail) return undefined;
    throw error;
  }
}
