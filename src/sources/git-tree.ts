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

/**
 * Every file and submodule below a tree, in git's order (`ls-tree -r`): subtrees are read with `read`
 * (all at once: the cat-file process answers in order). A submodule's mode is 160000.
 */
export async function walkTree(
  tree: Buffer,
  read: (oid: string) => Promise<Buffer>,
  prefix = "",
): Promise<{ path: string; oid: string; mode: string }[]> {
  const parts = treeEntries(tree).map(({ mode, name, oid }) => {
    const path = prefix + name;
    return mode === "40000"
      ? read(oid).then((sub) => walkTree(sub, read, `${path}/`))
      : Promise.resolve([{ path, oid, mode }]);
  });
  return (await Promise.all(parts)).flat();
}
