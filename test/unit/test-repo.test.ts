// The test harness's own git: the depth-1 clone a workflow run starts from, written from Node, must be
// what git's `fetch --depth=1` and `checkout` make, or the scenarios built on it test something else.
import { chmodSync, lstatSync, readdirSync, readFileSync, readlinkSync, symlinkSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { GitRepo } from "../../src/sources/git.js";
import { TestRepo } from "../helpers/git-repo.js";

/** Every path below a directory (but .git) with its kind, mode bits and content. */
function files(dir: string, prefix = ""): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of readdirSync(path.join(dir, prefix)).sort()) {
    if (name === ".git") continue;
    const rel = path.join(prefix, name);
    const st = lstatSync(path.join(dir, rel));
    if (st.isSymbolicLink()) out[rel] = `link ${readlinkSync(path.join(dir, rel))}`;
    else if (st.isDirectory()) Object.assign(out, files(dir, rel), { [rel]: "dir" });
    else out[rel] = `${st.mode & 0o111 ? "exec" : "file"} ${readFileSync(path.join(dir, rel), "utf8")}`;
  }
  return out;
}

describe("TestRepo.shallowClone", () => {
  it("leaves what git's depth-1 fetch and checkout leave: the files, a detached HEAD, a shallow boundary", async () => {
    const origin = TestRepo.create();
    const first = origin.write("activation-plans/a.yaml", "a: 1\n").commit("one");
    origin.write("activation-plans/nested/b c.yaml", "b: 2\n").write("run.sh", "#!/bin/sh\n");
    chmodSync(path.join(origin.dir, "run.sh"), 0o755);
    symlinkSync("activation-plans/a.yaml", path.join(origin.dir, "link.yaml"));
    origin.remove("activation-plans/a.yaml").write("activation-plans/a2.yaml", "a: 2\n");
    const second = origin.commit("two");

    const ours = TestRepo.shallowClone(origin, second);
    const gits = TestRepo.create(undefined, `file://${origin.dir}`);
    gits.git("fetch", "-q", "--depth=1", "origin", second);
    gits.git("checkout", "-q", second);

    expect(files(ours.dir)).toEqual(files(gits.dir));
    expect(Object.keys(files(ours.dir))).toContain("activation-plans/nested/b c.yaml");
    for (const repo of [ours, gits]) {
      expect(repo.git("rev-parse", "HEAD")).toBe(second);
      expect(repo.git("rev-parse", "--is-shallow-repository")).toBe("true");
      expect(repo.git("rev-list", "--count", "HEAD")).toBe("1");
      expect(repo.git("status", "--porcelain")).toBe("");
      expect(() => repo.git("fsck", "--no-dangling")).not.toThrow();
      expect(repo.git("config", "remote.origin.url")).toBe(`file://${origin.dir}`);
    }
    // The product deepens it from origin through git, as it would git's own clone.
    const git = new GitRepo(ours.dir);
    try {
      expect(await git.isShallow()).toBe(true);
      expect(await git.tryResolve(first)).toBeUndefined();
      expect(await git.resolve(`${second}~1`)).toBe(first);
    } finally {
      git.close();
    }
  });

  it("marks no shallow boundary at a root commit, as git does not", () => {
    const origin = TestRepo.create();
    const root = origin.write("a.yaml", "a: 1\n").commit("root");
    const clone = TestRepo.shallowClone(origin, root);
    expect(clone.git("rev-parse", "--is-shallow-repository")).toBe("false");
    expect(readFileSync(path.join(clone.dir, "a.yaml"), "utf8")).toBe("a: 1\n");
  });

  it("falls back to git when origin's objects are packed", () => {
    const origin = TestRepo.create();
    const sha = origin.write("a.yaml", "a: 1\n").commit("one");
    origin.git("gc", "-q", "--prune=now");
    const clone = TestRepo.shallowClone(origin, sha);
    expect(clone.git("rev-parse", "HEAD")).toBe(sha);
    expect(readFileSync(path.join(clone.dir, "a.yaml"), "utf8")).toBe("a: 1\n");
  });
});
