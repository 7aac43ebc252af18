// Real temporary git repositories for tests.
import { execFileSync } from "node:child_process";
import { appendFileSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { tempDir } from "./tmp.js";

export class TestRepo {
  constructor(readonly dir: string) {}

  static create(): TestRepo {
    const repo = new TestRepo(tempDir("aep-repo-"));
    repo.git("init", "-q", "-b", "main");
    // What `git config` would write, without three more git processes (tests spawn git a lot).
    appendFileSync(
      path.join(repo.dir, ".git/config"),
      "[user]\n\temail = test@example.com\n\tname = Test\n[commit]\n\tgpgsign = false\n",
    );
    return repo;
  }

  git(...args: string[]): string {
    return execFileSync("git", args, {
      cwd: this.dir,
      encoding: "utf8",
      stdio: ["ignore", "pipe", "pipe"],
    }).trim();
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

  commit(message: string): string {
    // One process instead of two: each spawn from a test worker costs more than the git it runs.
    execFileSync("sh", ["-c", 'git add -A && git commit -q --allow-empty -m "$1"', "sh", message], {
      cwd: this.dir,
      stdio: ["ignore", "pipe", "pipe"],
    });
    return this.head();
  }

  /** HEAD's commit, read from .git (the branch's loose ref a commit just wrote); git rev-parse otherwise. */
  head(): string {
    const head = readFileSync(path.join(this.dir, ".git/HEAD"), "utf8").trim();
    const ref = /^ref: (refs\/heads\/.+)$/.exec(head)?.[1];
    if (ref === undefined) return /^[0-9a-f]{40}$/.test(head) ? head : this.git("rev-parse", "HEAD");
    const file = path.join(this.dir, ".git", ref);
    return existsSync(file) ? readFileSync(file, "utf8").trim() : this.git("rev-parse", "HEAD");
  }
}
