// Finds the YAML node behind a path such as ["spec", "activations", 0, "audiences"], for located errors.
import { isMap, isScalar, isSeq, type Node } from "yaml";
import type { ParsedDocument } from "./parse.js";
import { positionAt } from "./parse.js";
import type { Position } from "./types.js";

export type PathSegment = string | number;

interface Found {
  /** The deepest node reached along the path. */
  node: Node | null;
  /** The key node of the last map entry reached, when the path ends at a map entry. */
  key: Node | null;
  /** How many segments of the path were resolved. */
  depth: number;
}

function walk(root: Node | null, path: readonly PathSegment[]): Found {
  let node: Node | null = root;
  let key: Node | null = null;
  let depth = 0;
  for (const segment of path) {
    if (isMap(node)) {
      const pair = node.items.find((p) => isScalar(p.key) && String(p.key.value) === String(segment));
      if (pair === undefined) break;
      key = isScalar(pair.key) ? pair.key : null;
      node = (pair.value as Node | null) ?? key;
    } else if (isSeq(node) && typeof segment === "number") {
      const item = node.items[segment] as Node | undefined;
      if (item === undefined) break;
      key = null;
      node = item;
    } else {
      break;
    }
    depth++;
  }
  return { node, key, depth };
}

/** Position of the value at `path` (or of its key with `at: "key"`), falling back to the nearest ancestor. */
export function locate(
  parsed: ParsedDocument,
  path: readonly PathSegment[],
  at: "value" | "key" = "value",
): Position {
  const found = walk(parsed.doc.contents as Node | null, path);
  const target = at === "key" && found.key !== null && found.depth === path.length ? found.key : found.node;
  const offset = target?.range?.[0] ?? 0;
  return positionAt(parsed.lineCounter, offset);
}

export function parseInstancePath(instancePath: string): PathSegment[] {
  if (instancePath === "") return [];
  return instancePath
    .slice(1)
    .split("/")
    .map((s) => s.replace(/~1/g, "/").replace(/~0/g, "~"))
    .map((s) => (/^\d+$/.test(s) ? Number(s) : s));
}

/** `spec.activations[0].audiences` for display. */
export function formatPath(path: readonly PathSegment[]): string {
  let out = "";
  for (const s of path) out += typeof s === "number" ? `[${s}]` : out === "" ? s : `.${s}`;
  return out === "" ? "the top level" : out;
}
