// Real temporary git repositories for tests. Repositories are made and committed to by writing git's
// own files (loose objects, refs) from Node: a process spawn costs 10-20 ms on these machines and a
// commit used three of them; so is the depth-1 clone a workflow run starts from. Everything else (merge,
// checkout, fetch, and the product's reads) is git.
import { createHash } from "node:crypto";
import { execFileSync } from "node:child_process";
import {
  existsSync,
  lstatSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import path from "node:path";
import { deflateSync, inflateSync } from "node:zlib";
import { tempDir } from "./tmp.js";

const IDENTITY = "Test <test@example.com>";
const EMPTY_TREE = "4b825dc642cb6eb9a060e54bf8d69288fbee4904";
// Commands that read or write git's index: after commits written from Node it is brought up to date first.
const USES_INDEX = new Set([
  "add",
  "checkout",
  "commit",
  "merge",
  "reset",
  "status",
  "diff",
  "stash",
  "rebase",
]);

/** An object that is packed, not loose: read through git instead. */
class NotLoose extends Error {}

export class TestRepo {
  /** Commits were written from Node since git last wrote the index. */
  private indexStale = false;
  private seconds = 1_760_000_000;

  constructor(readonly dir: string) {}

  /**
   * A new repository; `origin`: a remote, as `git init && git remote add origin URL` would make it
   * (actions/checkout's first two steps), written from Node.
   */
  static create(dir = tempDir("aep-repo-"), origin?: string): TestRepo {
    const repo = new TestRepo(dir);
    // What `git init -b main` and `git config` would write that git needs.
    for (const d of ["objects", "refs/heads", "refs/tags"])
      mkdirSync(path.join(repo.dir, ".git", d), { recursive: true });
    writeFileSync(path.join(repo.dir, ".git/HEAD"), "ref: refs/heads/main\n");
    writeFileSync(
      path.join(repo.dir, ".git/config"),
      "[core]\n\trepositoryformatversion = 0\n\tfilemode = true\n\tbare = false\n\tlogallrefupdates = true\n" +
        "[user]\n\temail = test@example.com\n\tname = Test\n[commit]\n\tgpgsign = false\n" +
        (origin === undefined
          ? ""
          : `[remote "origin"]\n\turl = ${origin}\n\tfetch = +refs/heads/*:refs/remotes/origin/*\n`),
    );
    return repo;
  }

  /**
   * actions/checkout's default, a depth-1 clone of `sha` from `origin` with a detached HEAD, written from
   * Node: what `git init`, `git remote add origin`, `git fetch --depth=1 origin SHA` and
   * `git checkout SHA` leave (the commit and its whole tree, `.git/shallow` naming the commit when it has
   * parents, the files), without git's index. Those took six processes; anything the product fetches
   * later comes from `origin` through git. Falls back to git when an object is not loose in `origin`.
   */
  static shallowClone(origin: TestRepo, sha: string, dir = tempDir("aep-clone-")): TestRepo {
    const clone = TestRepo.create(dir, `file://${origin.dir}`);
    try {
      const commit = origin.read(sha, "commit").toString("utf8");
      clone.copyObject(origin, sha);
      const tree = /^tree ([0-9a-f]{40})$/m.exec(commit)?.[1];
      if (tree === undefined) throw new Error(`${sha} names no tree`);
      clone.checkoutTree(origin, tree, clone.dir);
      if (/^parent /m.test(commit)) writeFileSync(path.join(clone.dir, ".git/shallow"), `${sha}\n`);
    } catch (e) {
      if (!(e instanceof NotLoose)) throw e;
      rmSync(dir, { recursive: true, force: true });
      const viaGit = TestRepo.create(dir, `file://${origin.dir}`);
      viaGit.git("fetch", "-q", "--depth=1", "origin", sha);
      viaGit.git("checkout", "-q", sha);
      return viaGit;
    }
    writeFileSync(path.join(clone.dir, ".git/HEAD"), `${sha}\n`);
    clone.indexStale = true;
    return clone;
  }

  /** A loose object's path in this repository. */
  private objectPath(sha: string): string {
    return path.join(this.dir, ".git/objects", sha.slice(0, 2), sha.slice(2));
  }

  /** A loose object's content, checked to be of `type`. */
  private read(sha: string, type: string): Buffer {
    const file = this.objectPath(sha);
    if (!existsSync(file)) throw new NotLoose(sha);
    const object = inflateSync(readFileSync(file));
    const nul = object.indexOf(0);
    const header = object.subarray(0, nul).toString("latin1");
    if (!header.startsWith(`${type} `)) throw new Error(`${sha} is a ${header.split(" ")[0]}, not a ${type}`);
    return object.subarray(nul + 1);
  }

  private copyObject(from: TestRepo, sha: string): void {
    const target = this.objectPath(sha);
    if (existsSync(target)) return;
    mkdirSync(path.dirname(target), { recursive: true });
    writeFileSync(target, readFileSync(from.objectPath(sha)));
  }

  /** Copies a tree and everything below it from `from`, writing its files into `dir` as checkout does. */
  private checkoutTree(from: TestRepo, tree: string, dir: string): void {
    const body = from.read(tree, "tree");
    this.copyObject(from, tree);
    for (let i = 0; i < body.length;) {
      const space = body.indexOf(0x20, i);
      const nul = body.indexOf(0, space);
      const mode = body.subarray(i, space).toString("latin1");
      const name = body.subarray(space + 1, nul).toString("utf8");
      const sha = body.subarray(nul + 1, nul + 21).toString("hex");
      i = nul + 21;
      const full = path.join(dir, name);
      if (mode === "40000") {
        mkdirSync(full, { recursive: true });
        this.checkoutTree(from, sha, full);
      } else if (mode === "160000")
        mkdirSync(full, { recursive: true }); // a submodule: an empty directory
      else {
        const content = from.read(sha, "blob");
        this.copyObject(from, sha);
        if (mode === "120000") symlinkSync(content.toString("utf8"), full);
        else writeFileSync(full, content, { mode: mode === "100755" ? 0o755 : 0o644 });
      }
    }
  }

  git(...args: string[]): string {
    const run = (a: string[]) =>
      execFileSync("git", a, { cwd: this.dir, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] }).trim();
    if (this.indexStale && USES_INDEX.has(args[0] ?? "")) {
      run(["read-tree", "HEAD"]);
      this.indexStale = false;
    }
    return run(args);
  }

  write(file: string, text: string): this {
    mkdirSync(path.dirname(path.join(this.dir, file)), { recursive: true });
    writeFileSync(path.join(this.dir, file), text);
    return this;
  }

  remove(file: string): this {
    rmSync(path.join(this.dir, file));
    return this;
  }

  /** `git add -A && git commit --allow-empty -m message`, on the branch HEAD names (or a detached HEAD). */
  commit(message: string): string {
    const parent = this.ref();
    return this.moveHead(this.commitWith(parent === undefined ? [] : [parent], message));
  }

  /**
   * The working tree committed with these parents (a PR branch's commit, or a merge), moving no ref.
   * `at`: its date (epoch seconds); by default each commit is a second after the last.
   */
  commitWith(parents: readonly string[], message: string, at?: number): string {
    const tree = this.tree(this.dir);
    const when = `${at ?? (this.seconds += 1)} +0000`;
    return this.put(
      "commit",
      `tree ${tree}\n${parents.map((p) => `parent ${p}\n`).join("")}author ${IDENTITY} ${when}\ncommitter ${IDENTITY} ${when}\n\n${message}\n`,
    );
  }

  /** Points the branch HEAD names (or a detached HEAD) at `commit`. */
  moveHead(commit: string): string {
    const head = readFileSync(path.join(this.dir, ".git/HEAD"), "utf8").trim();
    const ref = /^ref: (refs\/.+)$/.exec(head)?.[1];
    const target = path.join(this.dir, ".git", ref ?? "HEAD");
    mkdirSync(path.dirname(target), { recursive: true });
    writeFileSync(target, `${commit}\n`);
    this.indexStale = true;
    return commit;
  }

  /** HEAD's commit. */
  head(): string {
    const sha = this.ref();
    if (sha === undefined) throw new Error(`${this.dir} has no commit yet`);
    return sha;
  }

  /** HEAD's commit from .git (a loose or packed ref, or a detached HEAD); undefined before the first commit. */
  private ref(): string | undefined {
    const head = readFileSync(path.join(this.dir, ".git/HEAD"), "utf8").trim();
    const ref = /^ref: (refs\/.+)$/.exec(head)?.[1];
    if (ref === undefined) return head;
    const loose = path.join(this.dir, ".git", ref);
    if (existsSync(loose)) return readFileSync(loose, "utf8").trim();
    const packed = path.join(this.dir, ".git/packed-refs");
    if (!existsSync(packed)) return undefined;
    const line = readFileSync(packed, "utf8")
      .split("\n")
      .find((l) => l.endsWith(` ${ref}`));
    return line?.slice(0, 40);
  }

  /** The tree of a directory of the working tree, as `git add -A` would stage it (no ignores: tests write none). */
  private tree(dir: string): string {
    const entries: { name: string; mode: string; sha: string }[] = [];
    for (const name of readdirSync(dir)) {
      if (name === ".git") continue;
      const full = path.join(dir, name);
      const st = lstatSync(full);
      if (st.isSymbolicLink())
        entries.push({ name, mode: "120000", sha: this.put("blob", readlinkSync(full)) });
      else if (st.isDirectory() && existsSync(path.join(full, ".git")))
        // A repository inside the working tree: `git add` records its HEAD commit (a gitlink, as a submodule).
        entries.push({ name, mode: "160000", sha: new TestRepo(full).head() });
      else if (st.isDirectory()) {
        const sha = this.tree(full);
        if (sha !== EMPTY_TREE) entries.push({ name, mode: "40000", sha }); // git tracks no empty directory
      } else {
        const mode = st.mode & 0o111 ? "100755" : "100644";
        entries.push({ name, mode, sha: this.put("blob", readFileSync(full)) });
      }
    }
    // git orders a directory as if its name ended in "/".
    const key = (e: { name: string; mode: string }) =>
      Buffer.from(e.mode === "40000" ? `${e.name}/` : e.name);
    entries.sort((a, b) => Buffer.compare(key(a), key(b)));
    return this.put(
      "tree",
      Buffer.concat(
        entries.flatMap((e) => [Buffer.from(`${e.mode} ${e.name}\0`), Buffer.from(e.sha, "hex")]),
      ),
    );
  }

  /** Writes a loose object; returns its SHA-1. */
  private put(type: string, content: string | Buffer): string {
    const body = typeof content === "string" ? Buffer.from(content) : content;
    const object = Buffer.concat([Buffer.from(`${type} ${body.length}\0`), body]);
    const sha = createHash("sha1").update(object).digest("hex");
    const file = path.join(this.dir, ".git/objects", sha.slice(0, 2), sha.slice(2));
    if (!existsSync(file)) {
      mkdirSync(path.dirname(file), { recursive: true });
      writeFileSync(file, deflateSync(object));
    }
    return sha;
  }
}
