// The long-lived `git cat-file --batch` behind GitRepo: revisions, commits and blobs of any size,
// names git cannot answer, and a request stream that keeps its order.
import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { GitRepo } from "../../src/sources/git.js";
import { TestRepo } from "../helpers/git-repo.js";

describe("GitRepo through one cat-file process", () => {
  it("answers revisions, parents and blobs in order, including a blob far larger than a pipe chunk", async () => {
    const fixture = TestRepo.create();
    const big = randomBytes(3 * 1024 * 1024).toString("base64"); // ~4 MiB: many chunks
    const first = fixture.write("a.yaml", "a: 1\n").commit("one");
    const second = fixture.write("big.txt", big).write("with space.yaml", "b: 2\n").commit("two");
    const git = new GitRepo(fixture.dir);
    try {
      const tree = await git.listTree(second);
      const oid = (p: string): string => tree.find((e) => e.path === p)?.oid ?? "";
      // Issued together: answers must not cross.
      const [head, parent, missing, newline, spaced, blobs, limited, parents] = await Promise.all([
        git.tryResolve("HEAD"),
        git.tryResolve("HEAD~1"),
        git.tryResolve("no-such-branch"),
        git.tryResolve("HEAD\nHEAD"),
        git.tryResolve("no such ref"),
        git.readBlobs([oid("a.yaml"), oid("big.txt"), oid("with space.yaml"), "0".repeat(40)]),
        git.readBlobs([oid("big.txt"), oid("a.yaml")], 1024),
        git.parents(second),
      ]);
      expect({ head, parent, missing, newline, spaced, parents }).toEqual({
        head: second,
        parent: first,
        missing: undefined,
        newline: undefined,
        spaced: undefined,
        parents: [first],
      });
      expect(blobs.size).toBe(3);
      expect(Buffer.from(blobs.get(oid("big.txt"))?.bytes ?? []).toString("utf8")).toBe(big);
      expect(Buffer.from(blobs.get(oid("with space.yaml"))?.bytes ?? []).toString("utf8")).toBe("b: 2\n");
      // Over the limit: its size, never its bytes, and the answer after it is still its own.
      expect(limited.get(oid("big.txt"))).toEqual({ size: big.length, bytes: undefined });
      expect(Buffer.from(limited.get(oid("a.yaml"))?.bytes ?? []).toString("utf8")).toBe("a: 1\n");
      expect(tree.map((e) => e.path)).toEqual(["a.yaml", "big.txt", "with space.yaml"]);
      // After a close, the next request starts a new process.
      git.close();
      expect(await git.tryResolve("HEAD~1")).toBe(first);
    } finally {
      git.close();
    }
  });

  it("answers merge bases as git merge-base does, reading a parent from the commit and asking git otherwise", async () => {
    const fixture = TestRepo.create();
    const root = fixture.write("a.yaml", "a: 1\n").commit("root");
    const tip = fixture.write("a.yaml", "a: 2\n").commit("tip");
    const side = fixture.write("b.yaml", "b: 1\n").moveHead(fixture.commitWith([root], "side"));
    const merge = fixture.commitWith([tip, side], "merge");
    const git = new GitRepo(fixture.dir);
    try {
      const pairs: [string, string][] = [
        [tip, tip],
        [root, tip],
        [tip, root],
        [tip, side],
        [merge, side],
        [side, merge],
        [root, merge],
      ];
      for (const [a, b] of pairs) expect(await git.mergeBase(a, b)).toBe(fixture.git("merge-base", a, b));
      // Not in this repository: git's answer (none), not a parent read.
      expect(await git.mergeBase("1".repeat(40), tip)).toBeUndefined();
      expect(await git.mergeBase(tip, "1".repeat(40))).toBeUndefined();
    } finally {
      git.close();
    }
  });

  it("a commit that is not there is a GitError, not a hang", async () => {
    const fixture = TestRepo.create();
    fixture.write("a.yaml", "a: 1\n").commit("one");
    const git = new GitRepo(fixture.dir);
    await expect(git.parents("1".repeat(40))).rejects.toThrow(/not a commit/);
    git.close();
  });
});
