// The git adapter: resolve revisions, list and read files at a revision, fetch a missing commit.
// Plans are always read from commits, never from the working tree, so what is planned is what was committed.
import { treeEntries, walkTree } from "./git-tree.js";
import { spawn } from "node:child_process";
import { CatFileBatch } from "./git-batch.js";

/** A tree entry that is a submodule (a gitlink: a commit of another repository, not a file here). */
export const SUBMODULE_MODE = "160000";

export interface TreeEntry {
  path: string;
  oid: string;
  mode: string;
}

/** A blob's size, and its bytes when they are within the limit it was read with. */
export interface Blob {
  size: number;
  bytes: Uint8Array | undefined;
}

export class GitError extends Error {}

export const ZERO_SHA = /^0{40}$/;
/** The longest first-parent line walked (and fetched, in a shallow clone) between a push's base and head. */
export const FIRST_PARENT_LIMIT = 100;
const FULL_SHA = /^[0-9a-f]{40}$/i;

interface GitResult {
  code: number;
  stdout: Buffer;
  stderr: string;
}

const ENV = (): NodeJS.ProcessEnv => ({ ...process.env, GIT_TERMINAL_PROMPT: "0", LC_ALL: "C" });

export class GitRepo {
  private readonly objects: CatFileBatch;
  /** git's environment, copied from process.env once per repository, not once per git call. */
  private readonly env = ENV();

  constructor(
    readonly root: string,
    private readonly log: (message: string) => void = () => {},
  ) {
    this.objects = new CatFileBatch(root, this.env);
  }

  /** Ends the long-lived `git cat-file` (optional: it never keeps Node alive on its own). */
  close(): void {
    this.objects.close();
  }

  private async object(name: string, maxBytes?: number) {
    try {
      return await this.objects.read(name, maxBytes);
    } catch (e) {
      throw new GitError(`could not read from git: ${e instanceof Error ? e.message : String(e)}`);
    }
  }

  run(args: readonly string[], input?: string): Promise<GitResult> {
    return new Promise((resolve, reject) => {
      const child = spawn("git", ["-c", "core.quotePath=false", ...args], {
        cwd: this.root,
        stdio: [input === undefined ? "ignore" : "pipe", "pipe", "pipe"],
        env: this.env,
      });
      const out: Buffer[] = [];
      const err: Buffer[] = [];
      child.stdout?.on("data", (d: Buffer) => out.push(d));
      child.stderr?.on("data", (d: Buffer) => err.push(d));
      child.on("error", (e) => reject(new GitError(`could not run git: ${e.message}`)));
      child.on("close", (code) =>
        resolve({ code: code ?? 1, stdout: Buffer.concat(out), stderr: Buffer.concat(err).toString("utf8") }),
      );
      if (child.stdin !== null) {
        child.stdin.on("error", () => {}); // git may exit before reading all input; its exit code tells
        child.stdin.end(input);
      }
    });
  }

  /** The commit SHA a revision names, or undefined when it does not resolve here. */
  async tryResolve(rev: string): Promise<string | undefined> {
    return (await this.object(`${rev}^{commit}`))?.oid;
  }

  /** A commit's header lines (tree, parents, author, committer). */
  private async header(sha: string): Promise<string[]> {
    const commit = await this.object(sha);
    if (commit?.type !== "commit")
      throw new GitError(`git cat-file failed: ${sha.slice(0, 12)} is not a commit here`);
    return (commit.content?.toString("utf8").split("\n\n")[0] ?? "").split("\n");
  }

  /** Parent SHAs recorded in a commit (readable even when the parents are not in a shallow clone). */
  async parents(sha: string): Promise<string[]> {
    return (await this.header(sha)).filter((l) => l.startsWith("parent ")).map((l) => l.slice(7).trim());
  }

  /** A commit's parents, or none when it is not a commit here (git answers for it then). */
  private async parentsIfHere(sha: string): Promise<string[]> {
    return (await this.object(sha))?.type === "commit" ? this.parents(sha) : [];
  }

  /** True in a shallow clone (as actions/checkout makes by default), where ancestry may be missing. */
  async isShallow(): Promise<boolean> {
    const r = await this.run(["rev-parse", "--is-shallow-repository"]);
    return r.code === 0 && r.stdout.toString("utf8").trim() === "true";
  }

  /** Fetches a commit missing from a shallow clone, with `depth` - 1 of its first ancestors too. */
  async fetchCommit(sha: string, depth = 1): Promise<boolean> {
    this.log(
      `Commit ${sha.slice(0, 12)} is not in this clone (a shallow checkout?); fetching it: git fetch --depth=${depth} origin ${sha}`,
    );
    const r = await this.run(["fetch", "--quiet", "--no-tags", `--depth=${depth}`, "origin", sha]);
    if (r.code !== 0)
      this.log(`Fetching ${sha.slice(0, 12)} failed: ${r.stderr.trim().split("\n")[0] ?? ""}`);
    return r.code === 0 && (await this.tryResolve(sha)) !== undefined;
  }

  /**
   * Resolve a revision to a commit that is present locally, fetching it when the clone is shallow:
   * a full SHA that is missing is fetched; `REV~N` walks parents from the commit headers, fetching each.
   */
  async resolve(rev: string): Promise<string> {
    const direct = await this.tryResolve(rev);
    if (direct !== undefined) return direct;
    if (FULL_SHA.test(rev)) {
      if (await this.fetchCommit(rev.toLowerCase())) return rev.toLowerCase();
      throw new GitError(
        `unknown revision '${rev}': it is not in this repository and could not be fetched from origin`,
      );
    }
    const [, start, suffix, count] = /^(.+?)(~(\d*)|\^+)$/.exec(rev) ?? [];
    if (start !== undefined && suffix !== undefined) {
      const steps = suffix.startsWith("~")
        ? Number(count === "" || count === undefined ? 1 : count)
        : suffix.length;
      let sha = await this.resolve(start);
      for (let i = 0; i < steps; i++) {
        const [parent] = await this.parents(sha);
        if (parent === undefined)
          throw new GitError(`unknown revision '${rev}': ${sha.slice(0, 12)} has no parent`);
        if ((await this.tryResolve(parent)) === undefined && !(await this.fetchCommit(parent))) {
          throw new GitError(`unknown revision '${rev}': parent ${parent.slice(0, 12)} could not be fetched`);
        }
        sha = parent;
      }
      return sha;
    }
    throw new GitError(`unknown revision '${rev}'`);
  }

  /**
   * The commits on the head's first-parent line after `base`, oldest first (`git rev-list
   * --first-parent base..head`), fetching each one a shallow clone lacks. Undefined when `base` is
   * not on that line within `limit` commits (a force push, or a range too long to walk).
   */
  async firstParentChain(base: string, head: string, limit: number): Promise<string[] | undefined> {
    const chain: string[] = [];
    for (let sha = head; sha !== base;) {
      if (chain.length === limit) return undefined;
      if ((await this.tryResolve(sha)) === undefined && !(await this.fetchCommit(sha))) return undefined;
      chain.push(sha);
      const [parent] = await this.parents(sha);
      if (parent === undefined) return undefined;
      sha = parent;
    }
    return chain.reverse();
  }

  /** When a commit was committed (epoch ms): for a merge, when it landed on its branch. */
  async commitTime(sha: string): Promise<number> {
    const committer = (await this.header(sha)).find((l) => l.startsWith("committer "));
    const seconds = / (\d+) [+-]\d{4}$/.exec(committer ?? "")?.[1];
    if (seconds === undefined) throw new GitError(`${sha.slice(0, 12)} names no commit time`);
    return Number(seconds) * 1000;
  }

  /** The best common ancestor of two commits, or undefined when their history is not in this clone. */
  async mergeBase(a: string, b: string): Promise<string | undefined> {
    // The usual PR: one is the other or its parent, read from the commits (no process). An ancestor of
    // the other is their best common ancestor.
    if (a === b || (await this.parentsIfHere(b)).includes(a)) return a;
    if ((await this.parentsIfHere(a)).includes(b)) return b;
    const r = await this.run(["merge-base", a, b]);
    return r.code === 0 ? r.stdout.toString("utf8").trim() : undefined;
  }

  async isAncestor(ancestor: string, descendant: string): Promise<boolean> {
    // The usual push: the base is the head or one of its parents, read from the commit (no process).
    if (ancestor === descendant || (await this.parents(descendant)).includes(ancestor)) return true;
    const r = await this.run(["merge-base", "--is-ancestor", ancestor, descendant]);
    if (r.code === 0) return true;
    // A shallow clone lacks the history between them: walk the first-parent line, fetching it.
    return (
      (await this.isShallow()) &&
      (await this.firstParentChain(ancestor, descendant, FIRST_PARENT_LIMIT)) !== undefined
    );
  }

  /** Every file and submodule below a commit's tree (`ls-tree -r`), in git's order, read through the cat-file process. */
  async listTree(rev: string): Promise<TreeEntry[]> {
    const root = await this.object(`${rev}^{tree}`);
    if (root?.type !== "tree" || root.content === undefined)
      throw new GitError(`git ls-tree failed: ${rev.slice(0, 40)} is not a commit here`);
    return walkTree(root.content, async (oid) => {
      const sub = await this.object(oid);
      if (sub?.content === undefined) throw new GitError(`git ls-tree failed: tree ${oid} is missing`);
      return sub.content;
    });
  }

  /** A file's bytes and mode at a revision (a symbolic link's are its target), or undefined when absent. */
  async readFileAt(
    rev: string,
    path: string,
    maxBytes?: number,
  ): Promise<(Blob & { mode: string }) | undefined> {
    const cut = path.lastIndexOf("/");
    const tree = await this.object(cut < 0 ? `${rev}^{tree}` : `${rev}:${path.slice(0, cut)}`);
    if (tree?.type !== "tree" || tree.content === undefined) return undefined;
    const entry = treeEntries(tree.content).find((e) => e.name === path.slice(cut + 1));
    if (entry === undefined || entry.mode === "40000" || entry.mode === SUBMODULE_MODE) return undefined;
    const blob = await this.object(entry.oid, maxBytes);
    return blob?.type === "blob" ? { size: blob.size, bytes: blob.content, mode: entry.mode } : undefined;
  }

  /** Many blobs through the one `git cat-file --batch` process; the bytes of those over `maxBytes` are skipped. */
  async readBlobs(oids: readonly string[], maxBytes = Infinity): Promise<Map<string, Blob>> {
    const unique = [...new Set(oids)];
    const blobs = new Map<string, Blob>();
    const read = await Promise.all(unique.map((oid) => this.object(oid, maxBytes)));
    read.forEach((object, i) => {
      if (object?.type === "blob") blobs.set(unique[i] ?? "", { size: object.size, bytes: object.content });
    });
    return blobs;
  }
}
