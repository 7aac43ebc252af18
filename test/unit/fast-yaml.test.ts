// Differential test: wherever the fast path answers, the full yaml parser must give the same values,
// the same node kinds and the same source offsets, and no errors.
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { isMap, isScalar, isSeq, parseAllDocuments, type Node } from "yaml";
import { fastParse } from "../../src/plan/fast-yaml.js";

function sameTree(fast: Node | null, full: Node | null, where = "$"): void {
  if (isMap(full)) {
    expect(isMap(fast), `${where} map`).toBe(true);
    if (!isMap(fast)) return;
    expect(fast.range?.[0], `${where} offset`).toBe(full.range?.[0]);
    expect(fast.items.length, `${where} size`).toBe(full.items.length);
    full.items.forEach((pair, i) => {
      sameTree(fast.items[i]!.key as Node, pair.key as Node, `${where}.key${i}`);
      sameTree(
        fast.items[i]!.value as Node,
        pair.value as Node,
        `${where}.${String((pair.key as { value?: unknown }).value)}`,
      );
    });
  } else if (isSeq(full)) {
    expect(isSeq(fast), `${where} seq`).toBe(true);
    if (!isSeq(fast)) return;
    expect(fast.range?.[0], `${where} offset`).toBe(full.range?.[0]);
    expect(fast.items.length, `${where} length`).toBe(full.items.length);
    full.items.forEach((item, i) => sameTree(fast.items[i] as Node, item as Node, `${where}[${i}]`));
  } else if (isScalar(full)) {
    expect(isScalar(fast), `${where} scalar`).toBe(true);
    if (!isScalar(fast)) return;
    expect(fast.value, `${where} value`).toStrictEqual(full.value);
    expect(fast.range?.[0], `${where} offset`).toBe(full.range?.[0]);
  } else {
    expect(fast, where).toBe(full);
  }
}

/** Returns whether the fast path answered; fails the test if it answered differently from the full parser. */
function agree(text: string): boolean {
  const fast = fastParse(text);
  if (fast === undefined) return false;
  const docs = parseAllDocuments(text, { uniqueKeys: true });
  expect(Array.isArray(docs) ? docs.length : 0, "one document").toBe(1);
  const full = (docs as ReturnType<typeof parseAllDocuments> & unknown[])[0]!;
  expect(
    full.errors.map((e) => e.message),
    "full parser errors",
  ).toEqual([]);
  expect(JSON.stringify(fast.doc.toJS())).toBe(JSON.stringify(full.toJS()));
  sameTree(fast.doc.contents as Node, full.contents as Node);
  // Line numbers come from the fast path's own line counter.
  const lines = text.split("\n");
  for (let i = 0; i < lines.length; i++) {
    const offset = lines.slice(0, i).reduce((n, l) => n + l.length + 1, 0);
    expect(fast.lineCounter.linePos(offset)).toEqual({ line: i + 1, col: 1 });
  }
  return true;
}

const TRICKY = [
  "",
  "~",
  "null",
  "NULL",
  "true",
  "False",
  "yes",
  "on",
  "0",
  "7",
  "007",
  "-1",
  "+5",
  "0x1F",
  "0o17",
  "1e5",
  "1.5",
  ".5",
  ".inf",
  "-.Inf",
  ".nan",
  "12345678901234567890",
  "9f2c1a44-0d2b-4a8e-9b1f-2f6c3d4e5a6b",
  "1234567e-0d2b-4a8e-9b1f-2f6c3d4e5a6b",
  "constructor",
  "__proto__",
  "a: b",
  "a:b",
  "a #b",
  "a#b",
  "it's",
  'say "hi"',
  "x, y",
  "[x]",
  "{y}",
  "- x",
  "-x",
  "?x",
  "SFTP – ESP export",
  "trailing ",
  " leading",
  "back\\slash",
  "tab\there",
  "&anchor",
  "*alias",
  "!tag",
  "|",
  ">",
  "%",
  "@at",
  "`tick",
  "a - b",
  "a > b",
  "Cart abandoners 7d",
  "prod",
];
const KEYS = [
  "name",
  "sandbox",
  "id",
  "audiences",
  "on",
  "null",
  "true",
  "constructor",
  "a-b",
  "x_y",
  "K9",
  "with space",
  "é",
];

type Tree = string | Tree[] | { [k: string]: Tree };
const tree: fc.Arbitrary<Tree> = fc.letrec<{ t: Tree }>((tie) => ({
  t: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    fc.constantFrom(...TRICKY),
    fc.array(tie("t"), { minLength: 1, maxLength: 4 }),
    fc.dictionary(fc.constantFrom(...KEYS), tie("t"), { minKeys: 1, maxKeys: 4 }),
  ),
})).t;

interface Style {
  quote: "plain" | "single" | "double";
  flow: boolean;
  comments: boolean;
  crlf: boolean;
  indent: number;
  spaceAfterDash: number;
}

function scalarText(s: string, style: Style): string {
  if (style.quote === "single") return `'${s.replace(/'/g, "''")}'`;
  if (style.quote === "double") return JSON.stringify(s);
  return s;
}

function flowText(t: Tree, style: Style): string {
  if (typeof t === "string") return scalarText(t, style);
  if (Array.isArray(t)) return `[${t.map((x) => flowText(x, style)).join(", ")}]`;
  return `{ ${Object.entries(t)
    .map(([k, v]) => `${k}: ${flowText(v, style)}`)
    .join(", ")} }`;
}

function render(t: Tree, style: Style, depth = 0): string[] {
  const pad = " ".repeat(depth * style.indent);
  const comment = style.comments ? " # note" : "";
  if (typeof t === "string") return [`${pad}${scalarText(t, style)}${comment}`];
  if (Array.isArray(t)) {
    return t.flatMap((item) => {
      const dash = `${pad}-${" ".repeat(style.spaceAfterDash)}`;
      if (typeof item === "string" || (style.flow && depth > 0))
        return [`${dash}${flowText(item, style)}${comment}`];
      return [`${pad}-${comment}`, ...render(item, style, depth + 1)];
    });
  }
  return Object.entries(t).flatMap(([k, v]) => {
    if (typeof v === "string" || (style.flow && depth > 0))
      return [`${pad}${k}: ${flowText(v, style)}${comment}`];
    return [`${pad}${k}:${comment}`, ...render(v, style, depth + 1)];
  });
}

const styleArb: fc.Arbitrary<Style> = fc.record({
  quote: fc.constantFrom("plain", "single", "double"),
  flow: fc.boolean(),
  comments: fc.boolean(),
  crlf: fc.boolean(),
  indent: fc.constantFrom(2, 4),
  spaceAfterDash: fc.constantFrom(1, 3),
});

describe("fast YAML path", () => {
  it("agrees with the full parser on the examples and fixtures, and answers for the examples", () => {
    const root = path.resolve(import.meta.dirname, "../..");
    for (const dir of ["examples/plans", "test/fixtures/broken", "test/fixtures/valid"]) {
      for (const f of readdirSync(path.join(root, dir)).filter((n) => n.endsWith(".yaml"))) {
        const text = readFileSync(path.join(root, dir, f), "utf8").replace(/^\uFEFF/, "");
        const answered = agree(text);
        if (dir === "examples/plans") expect(answered, f).toBe(true);
      }
    }
  });

  it("agrees with the full parser on generated documents in many styles", () => {
    let answered = 0;
    fc.assert(
      fc.property(
        fc.dictionary(fc.constantFrom(...KEYS), tree, { minKeys: 1, maxKeys: 5 }),
        styleArb,
        (doc, style) => {
          const text = render(doc, style).join(style.crlf ? "\r\n" : "\n") + "\n";
          if (agree(text)) answered++;
        },
      ),
      { numRuns: 3000, seed: 20261122 },
    );
    // The fast path must actually be exercised, not bail on everything.
    expect(answered).toBeGreaterThan(200);
  });

  it("bails on anchors, tags, block scalars, escapes and multiple documents", () => {
    for (const text of [
      "a: &x 1\nb: *x\n",
      "a: !!str 1\n",
      "a: |\n  text\n",
      'a: "line\\n"\n',
      "a: 1\n---\nb: 2\n",
      "a: 1\na: 2\n",
      "a: 0x1F\n",
      "a:\n\tb: 1\n",
      "a: b\n  c\n",
    ]) {
      expect(fastParse(text), JSON.stringify(text)).toBeUndefined();
    }
  });
});
