// Real temporary git repositories for tests.
import { execFileSync } from "node:child_process";
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { tempDir } from "./tmp.js";

export class TestRepo {
  constructor(readonly dir: string) {}

  static create(): TestRepo {
    const repo = new TestRepo(tempDir("aep-repo-"));
    repo.git("init", "-q", "-b", "main");
    repo.git("config", "user.email", "test@example.com");
    repo.git("config", "user.name", "Test");
    repo.git("config", "commit.gpgsign", "false");
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
    this.git("add", "-A");
    this.git("commit", "-q", "--allow-empty", "-m", message);
    return this.git("rev-parse", "HEAD");
  }
}
