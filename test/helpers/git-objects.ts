// An in-memory git object store behind the stand-in's Git data API: blobs (with git's own SHA, so a
// client can tell an unchanged file by hashing it), trees, commits and refs with GitHub's answers.
import { createHash } from "node:crypto";

export interface TreeEntry {
  path: string;
  mode: string;
  type: "blob" | "tree";
  sha: string;
}
export interface Commit {
  tree: string;
  parents: string[];
  message: string;
}
/** What a route answers: a status and a JSON payload. */
export type Answer = [number, unknown];

const sha1 = (s: string | Buffer) => createHash("sha1").update(s).digest("hex");
const notFound: Answer = [404, { message: "Not Found" }];
const unprocessable = (message: string): Answer => [422, { message }];

export class GitObjects {
  readonly blobs = new Map<string, Buffer>();
  readonly trees = new Map<string, TreeEntry[]>();
  readonly commits = new Map<string, Commit>();
  /** "refs/heads/x" → commit SHA */
  readonly refs = new Map<string, string>();
  private clock = 0;

  putBlob(content: Buffer): string {
    const sha = sha1(Buffer.concat([Buffer.from(`blob ${content.length}\0`), content]));
    this.blobs.set(sha, content);
    return sha;
  }

  private putTree(entries: TreeEntry[]): string {
    const sorted = [...entries].sort((a, b) => (a.path < b.path ? -1 : 1));
    const sha = sha1(`tree ${JSON.stringify(sorted)}`);
    this.trees.set(sha, sorted);
    return sha;
  }

  /** Every entry below a tree, with full paths (GET …/git/trees/{sha}?recursive=1). */
  walk(sha: string, prefix = ""): TreeEntry[] {
    return (this.trees.get(sha) ?? []).flatMap((e) => {
      const full = { ...e, path: prefix + e.path };
      return e.type === "tree" ? [full, ...this.walk(e.sha, `${full.path}/`)] : [full];
    });
  }

  /** A path set to a blob SHA, or removed (null), creating and dropping subtrees as git does. */
  private apply(tree: string | undefined, parts: string[], sha: string | null): string | undefined | Answer {
    const entries = [...(tree === undefined ? [] : (this.trees.get(tree) ?? []))];
    const [name, ...rest] = parts;
    const i = entries.findIndex((e) => e.path === name);
    if (rest.length === 0) {
      if (i >= 0) entries.splice(i, 1);
      else if (sha === null) return unprocessable(`GitRPC::BadObjectState: ${name} does not exist`);
      if (sha !== null) entries.push({ path: name!, mode: "100644", type: "blob", sha });
    } else {
      const sub = i >= 0 && entries[i]!.type === "tree" ? entries[i]!.sha : undefined;
      if (sub === undefined && sha === null)
        return unprocessable(`GitRPC::BadObjectState: ${name} does not exist`);
      const next = this.apply(sub, rest, sha);
      if (Array.isArray(next)) return next;
      if (i >= 0) entries.splice(i, 1);
      if (next !== undefined) entries.push({ path: name!, mode: "040000", type: "tree", sha: next });
    }
    return entries.length === 0 ? undefined : this.putTree(entries);
  }

  createTree(body: {
    base_tree?: string;
    tree: { path: string; sha?: string | null; content?: string; mode?: string; type?: string }[];
  }): Answer {
    if (body.base_tree !== undefined && !this.trees.has(body.base_tree))
      return unprocessable("tree.base_tree is not a valid tree oid");
    let root: string | undefined = body.base_tree;
    for (const e of body.tree) {
      if (e.content !== undefined && e.sha !== undefined) return unprocessable("tree.sha and tree.content");
      const sha = e.content !== undefined ? this.putBlob(Buffer.from(e.content, "utf8")) : e.sha;
      if (sha === undefined) return unprocessable("tree entry has neither sha nor content");
      if (sha !== null && !this.blobs.has(sha)) return unprocessable(`tree.sha ${sha} is not a valid blob`);
      const next = this.apply(root, e.path.split("/"), sha);
      if (Array.isArray(next)) return next;
      root = next;
    }
    const sha = root ?? this.putTree([]);
    return [201, { sha, tree: this.trees.get(sha), truncated: false }];
  }

  createCommit(body: { message: string; tree: string; parents?: string[] }): Answer {
    if (!this.trees.has(body.tree)) return unprocessable("Tree SHA does not exist");
    const parents = body.parents ?? [];
    if (parents.some((p) => !this.commits.has(p))) return unprocessable("Parent SHA does not exist");
    // A distinct time per commit, as git's author date would usually give.
    const sha = sha1(`commit ${JSON.stringify(body)} ${this.clock++}`);
    this.commits.set(sha, { tree: body.tree, parents, message: body.message });
    return [
      201,
      { sha, tree: { sha: body.tree }, parents: parents.map((p) => ({ sha: p })), message: body.message },
    ];
  }

  getCommit(sha: string): Answer {
    const c = this.commits.get(sha);
    if (c === undefined) return notFound;
    return [
      200,
      { sha, tree: { sha: c.tree }, parents: c.parents.map((p) => ({ sha: p })), message: c.message },
    ];
  }

  /** `sha`: a tree, or (as GitHub resolves tree-ish names) a commit, whose tree is answered. */
  getTree(name: string, recursive: boolean, truncateOver = Infinity): Answer {
    const sha = this.commits.get(name)?.tree ?? name;
    const entries = this.trees.get(sha);
    if (entries === undefined) return notFound;
    // GitHub gives each blob's size in bytes (trees have none).
    const all = (recursive ? this.walk(sha) : entries).map((e) =>
      e.type === "blob" ? { ...e, size: this.blobs.get(e.sha)?.length ?? 0 } : e,
    );
    const truncated = recursive && all.length > truncateOver;
    return [200, { sha, tree: truncated ? all.slice(0, truncateOver) : all, truncated }];
  }

  getBlob(sha: string): Answer {
    const b = this.blobs.get(sha);
    if (b === undefined) return notFound;
    return [200, { sha, size: b.length, encoding: "base64", content: b.toString("base64") }];
  }

  private descends(from: string, ancestor: string): boolean {
    const seen = new Set<string>();
    const queue = [from];
    while (queue.length > 0) {
      const c = queue.pop()!;
      if (c === ancestor) return true;
      if (seen.has(c)) continue;
      seen.add(c);
      queue.push(...(this.commits.get(c)?.parents ?? []));
    }
    return false;
  }

  getRef(ref: string): Answer {
    const sha = this.refs.get(ref);
    if (sha === undefined) return notFound;
    return [200, { ref, object: { sha, type: "commit" } }];
  }

  createRef(ref: string, sha: string): Answer {
    if (this.refs.has(ref)) return unprocessable("Reference already exists");
    if (!this.commits.has(sha)) return unprocessable("Object does not exist");
    this.refs.set(ref, sha);
    return [201, { ref, object: { sha, type: "commit" } }];
  }

  updateRef(ref: string, sha: string, force: boolean): Answer {
    const old = this.refs.get(ref);
    if (old === undefined) return unprocessable("Reference does not exist");
    if (!this.commits.has(sha)) return unprocessable("Object does not exist");
    if (!force && !this.descends(sha, old)) return unprocessable("Update is not a fast forward");
    this.refs.set(ref, sha);
    return [200, { ref, object: { sha, type: "commit" } }];
  }
}
