// Reading git objects by hand: a tree object's entries, as `git cat-file --batch` gives its bytes.

/** A tree object's entries: "<mode> <name>\0" and a 20-byte object ID each. */
export function treeEntries(tree: Buffer): { mode: string; name: string; oid: string }[] {
  const out: { mode: string; name: string; oid: string }[] = [];
  for (let i = 0; i < tree.length;) {
    const space = tree.indexOf(0x20, i);
    const nul = tree.indexOf(0, space);
    out.push({
      mode: tree.toString("latin1", i, space),
      name: tree.toString("utf8", space + 1, nul),
      oid: tree.toString("hex", nul + 1, nul + 21),
    });
    i = nul + 21;
  }
  return out;
}
