import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { createGitHubClient } from "../../src/github/client.js";
import { jsonString } from "../../src/github/git-data.js";
import { GitHubStateStore, STATE_BRANCH } from "../../src/github/state-store.js";
import { joinsTo } from "../../src/github/state-layout.js";
import { shardName } from "../../src/state/packing.js";
import { encodeShards, SHARD_BYTES } from "../../src/state/shards.js";
import {
  keyPath,
  requestId,
  StateConflict,
  StateUnavailable,
  type ActivationState,
  type PairRecord,
  type StateKey,
} from "../../src/state/types.js";
import { scopeOf } from "../../src/app/state-lock.js";
import { GitHubStandIn } from "../helpers/github-standin.js";
import { anyText } from "../helpers/hostile.js";
import { openScoped, rec, REPO, standIn, TOKEN } from "../helpers/state-store.js";
import { makePlan } from "../helpers/plans.js";

const ORG_A: StateKey = { org: "A1B2@AdobeOrg", sandbox: "prod", stepKey: "" };
const ORG_B: StateKey = { org: "C3D4@AdobeOrg", sandbox: "prod", stepKey: "" };

function stateOf(key: StateKey, records: PairRecord[], holder = "run-1"): ActivationState {
  return {
    key,
    lock: { holder, until: 1_760_000_600_000 },
    records: new Map(records.map((r) => [requestId(r.commit, r.destination, r.audience), r])),
  };
}

/** `count` plans `plans/p<i>.yaml` of 50 pairs each: several shards. */
const manyPlans = (count: number) =>
  stateOf(
    ORG_A,
    Array.from({ length: count }, (_, p) => `plans/p${p}.yaml`).flatMap((plan, p) =>
      Array.from({ length: 50 }, (_, k) => rec(plan, p * 100 + k, { job: "j".repeat(36) })),
    ),
  );

const tipFiles = (gh: GitHubStandIn) => {
  const tip = gh.git.refs.get(`refs/heads/${STATE_BRANCH}`)!;
  return gh.git.walk(gh.git.commits.get(tip)!.tree).map((e) => e.path);
};
const count = (gh: GitHubStandIn, method: string, path: RegExp) =>
  gh.requests.filter((r) => r.method === method && path.test(r.path)).length;

describe("GitHub state store (Git data API)", () => {
  it("keeps each key in its own directory: two orgs with a prod sandbox do not share state", async () => {
    const { gh, store } = await standIn();
    const a = stateOf(ORG_A, [
      rec("plans/a.yaml", 1),
      rec("plans/a.yaml", 2, { review: { pr: 7, hash: "sha256:ab" } }),
    ]);
    const b = stateOf(ORG_B, [rec('plans/b, "quoted"\n.yaml', 3, { code: "x,y", state: "failed" })]);
    expect(await store().read(ORG_A)).toEqual({ state: undefined, version: undefined });
    const v1 = await store().write(a, undefined);
    // The first state is an orphan commit: the branch shares no history with the code.
    expect(gh.git.commits.get(v1)!.parents).toEqual([]);
    expect(await store().read(ORG_B)).toEqual({ state: undefined, version: v1 });
    const v2 = await store().write(b, v1);
    expect(await store().read(ORG_A)).toEqual({ state: a, version: v2 });
    expect(await store().read(ORG_B)).toEqual({ state: b, version: v2 });
    expect(tipFiles(gh)).toEqual(
      expect.arrayContaining([
        "README.md",
        `${keyPath(ORG_A)}/state.json`,
        `${keyPath(ORG_A)}/${shardName(0, 1)}`,
        `${keyPath(ORG_B)}/state.json`,
      ]),
    );
    expect(gh.violations).toEqual([]);
  });

  it("reads a key with one recursive tree listing and only that key's blobs", async () => {
    const { gh, store } = await standIn();
    const plans = ["p1", "p2", "p3", "p4"];
    const v = await store().write(
      stateOf(
        ORG_A,
        plans.map((p, i) => rec(p, i)),
      ),
      undefined,
    );
    await store().write(stateOf(ORG_B, [rec("other", 9)]), v);
    gh.requests.length = 0;
    const s = store();
    await s.read(ORG_A);
    // ref, the tree of the tip's commit (GitHub resolves a commit SHA), then state.json and one shard
    // holding the 4 small plans.
    expect(count(gh, "GET", /git\/ref\/heads%2Faep-activation-state$/)).toBe(1);
    expect(count(gh, "GET", /git\/commits\//)).toBe(0);
    expect(count(gh, "GET", /git\/trees\/[0-9a-f]+\?recursive=1$/)).toBe(1);
    expect(gh.requests.length).toBe(2 + 1 + 1);
    // A second read in the same run fetches no blob again.
    gh.requests.length = 0;
    await s.read(ORG_A);
    expect(count(gh, "GET", /blobs/)).toBe(0);
    // GitHub truncates the recursive listing of a large branch: walk down to the key instead.
    gh.truncateTreesOver = 2;
    const { state } = await store().read(ORG_A);
    expect(state?.records.size).toBe(plans.length);
    expect(gh.violations).toEqual([]);
  });

  it("lets exactly one of two writers from the same version win", async () => {
    const { gh, store } = await standIn();
    const v = await store().write(stateOf(ORG_A, [rec("p", 1)]), undefined);
    const [one, two] = [store(), store()];
    const [r1, r2] = [await one.read(ORG_A), await two.read(ORG_A)];
    const results = await Promise.allSettled([
      one.write(stateOf(ORG_A, [...r1.state!.records.values(), rec("p", 2)], "run-2"), r1.version),
      two.write(stateOf(ORG_A, [...r2.state!.records.values(), rec("p", 3)], "run-3"), r2.version),
    ]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    const lost = results.find((r) => r.status === "rejected")!;
    expect(lost.reason).toBeInstanceOf(StateConflict);
    // A write naming a version that is no longer the key's is refused too.
    await expect(store().write(stateOf(ORG_A, []), v)).rejects.toBeInstanceOf(StateConflict);
    expect(gh.violations).toEqual([]);
  });

  it("commits again on the new tip when only another key was written meanwhile", async () => {
    const { gh, store } = await standIn();
    const v0 = await store().write(stateOf(ORG_A, [rec("p", 1)]), undefined);
    const a = store();
    const read = await a.read(ORG_A);
    await store().write(stateOf(ORG_B, [rec("q", 2)]), v0);
    gh.requests.length = 0;
    const next = stateOf(ORG_A, [rec("p", 1), rec("p", 4)]);
    const v2 = await a.write(next, read.version);
    expect(count(gh, "PATCH", /git\/refs/)).toBe(2);
    expect((await store().read(ORG_A)).state).toEqual(next);
    expect((await store().read(ORG_B)).state?.records.size).toBe(1);
    expect(gh.git.commits.get(v2)!.parents).toHaveLength(1);
    expect(gh.violations).toEqual([]);
  });

  it("creates a key once: of two first runs, one wins and the other sees a conflict", async () => {
    for (const existingBranch of [false, true]) {
      const { gh, store } = await standIn();
      if (existingBranch) await store().write(stateOf(ORG_B, [rec("q", 1)]), undefined);
      const results = await Promise.allSettled([
        store().write(stateOf(ORG_A, [rec("p", 1)], "run-1"), undefined),
        store().write(stateOf(ORG_A, [rec("p", 2)], "run-2"), undefined),
      ]);
      expect(results.map((r) => r.status).sort()).toEqual(["fulfilled", "rejected"]);
      expect((results.find((r) => r.status === "rejected") as PromiseRejectedResult).reason).toBeInstanceOf(
        StateConflict,
      );
      // And once it exists, creating it again is refused without a commit.
      await expect(store().write(stateOf(ORG_A, []), undefined)).rejects.toBeInstanceOf(StateConflict);
      if (existingBranch) expect((await store().read(ORG_B)).state?.records.size).toBe(1);
      expect(gh.violations).toEqual([]);
    }
  });

  it("deletes a shard left with no records and sends only the files that changed", async () => {
    const { gh, store } = await standIn();
    const v1 = await store().write(stateOf(ORG_A, [rec("gone.yaml", 2)]), undefined);
    const v2 = await store().write(stateOf(ORG_B, [rec("gone.yaml", 3)]), v1);
    const s = store();
    const { version } = await s.read(ORG_A);
    expect(version).toBe(v2);
    gh.requests.length = 0;
    await s.write(stateOf(ORG_A, []), version);
    const files = tipFiles(gh);
    expect(files).not.toContain(`${keyPath(ORG_A)}/${shardName(0, 1)}`);
    expect(files).toContain(`${keyPath(ORG_A)}/state.json`);
    expect(files).toContain(`${keyPath(ORG_B)}/${shardName(0, 1)}`);
    // Only what changed was sent: state.json is unchanged, commits.json loses the commit; one deletion.
    const sent = gh.requests.find((r) => r.method === "POST" && r.path.endsWith("/git/trees"))!.body as {
      tree: { path: string; sha?: null; content?: string }[];
    };
    expect(sent.tree).toEqual([
      {
        path: `${keyPath(ORG_A)}/commits.json`,
        mode: "100644",
        type: "blob",
        content: '{"format":1,"commits":{}}\n',
      },
      expect.objectContaining({ path: `${keyPath(ORG_A)}/${shardName(0, 1)}`, sha: null }),
    ]);
    // The write costs three requests: tree, commit, ref.
    expect(gh.requests).toHaveLength(3);
    expect((await store().read(ORG_A)).state?.records.size).toBe(0);
    expect(gh.violations).toEqual([]);
  });

  it("after a read, sends only the shard whose rows changed, and reads back what it wrote", async () => {
    const { gh, store } = await standIn();
    await store().write(manyPlans(100), undefined);
    const s = store();
    const { state, version } = await s.read(ORG_A);
    const shards = tipFiles(gh).filter((f) => f.endsWith(".csv"));
    expect(shards.length).toBeGreaterThan(2);
    const changed = [...state!.records.values()].find((r) => r.plan === "plans/p7.yaml")!;
    changed.state = "failed";
    changed.code = "DESTINATION_REJECTED";
    gh.requests.length = 0;
    await s.write(state!, version);
    const sent = gh.requests.find((r) => r.method === "POST" && r.path.endsWith("/git/trees"))!.body as {
      tree: { path: string; content?: string }[];
    };
    expect(sent.tree).toHaveLength(1);
    expect(sent.tree[0]!.content).toContain("DESTINATION_REJECTED");
    expect(tipFiles(gh).filter((f) => f.endsWith(".csv"))).toEqual(shards);
    expect((await store().read(ORG_A)).state).toEqual(state);
    expect(gh.violations).toEqual([]);
  });

  it("compares encoded rows with the pieces read without joining them", () => {
    const text = "h\na,1\nb,2\n";
    expect(joinsTo(["h\n", "a,1\n", "b,2\n"], ["h\na,1\n", "b,2\n"])).toBe(true);
    expect(joinsTo(["h\n", "a,1\n", "b,2\n"], [text])).toBe(true);
    expect(joinsTo(["h\n", "", "a,1\nb,2\n"], ["", "h\n", "a,1\nb,2\n", ""])).toBe(true);
    expect(joinsTo([], [])).toBe(true);
    expect(joinsTo([], [""])).toBe(true);
    expect(joinsTo(["h\n", "a,1\n", "b,3\n"], [text])).toBe(false);
    expect(joinsTo(["h\n", "a,1\n"], [text])).toBe(false);
    expect(joinsTo(["h\n", "a,1\n", "b,2\n", "c"], [text])).toBe(false);
    expect(joinsTo([text], [text, "x"])).toBe(false);
    // A part across two pieces: not recognized (the text is then joined and hashed), never a wrong yes.
    expect(joinsTo(["h\na,1\n", "b,2\n"], ["h\n", "a,1\nb,2\n"])).toBe(false);
  });

  it("packs many plans into a few shards, rewrites them all when their number grows, and reads an older layout", async () => {
    const { gh, store } = await standIn();
    const plans = (count: number, per: number) =>
      Array.from({ length: count * per }, (_, i) => {
        const p = Math.floor(i / per);
        return rec(`plans/team-${p % 7}/p${p}.yaml`, i, { job: "j".repeat(200) });
      });
    const dir = (tip = tipFiles(gh)) =>
      tip.filter((f) => f.startsWith(`${keyPath(ORG_A)}/`) && f.endsWith(".csv")).map((f) => f.split("/")[3]);
    // An older layout (one CSV file per plan) written by hand: it reads, and the next write replaces it.
    const small = stateOf(ORG_A, plans(3, 2));
    const v0 = await store().write(small, undefined);
    const old = gh.git.commits.get(v0)!;
    const byPlan = [...Map.groupBy(small.records.values(), (r) => r.plan)];
    const oldTree = gh.git.createTree({
      base_tree: old.tree,
      tree: [
        { path: `${keyPath(ORG_A)}/${shardName(0, 1)}`, sha: null },
        ...byPlan.map(([plan, records]) => ({
          path: `${keyPath(ORG_A)}/${encodeURIComponent(plan)}.csv`,
          content: encodeShards(stateOf(ORG_A, records)).get(shardName(0, 1))!,
        })),
      ],
    })[1] as { sha: string };
    const c = gh.git.createCommit({ message: "old layout", tree: oldTree.sha, parents: [v0] })[1] as {
      sha: string;
    };
    gh.git.updateRef(`refs/heads/${STATE_BRANCH}`, c.sha, false);
    const read = await store().read(ORG_A);
    expect(read.state).toEqual(small);
    // 600 plans of 5 pairs (≈ 1 MB): several shards, each plan in one, all under GitHub's limit.
    const big = stateOf(ORG_A, plans(600, 5));
    const v2 = await store().write(big, read.version);
    const names = dir();
    expect(names.length).toBeGreaterThan(2);
    expect(names.every((n) => /^pairs-\d+-of-\d+\.csv$/.test(n!))).toBe(true);
    expect(new Set(names.map((n) => /-of-(\d+)/.exec(n!)![1])).size).toBe(1);
    for (const [path, content] of gh.branchFiles())
      if (path.endsWith(".csv")) expect(Buffer.byteLength(content)).toBeLessThanOrEqual(SHARD_BYTES);
    // Growth past the next power of two: every old shard is deleted in the same commit.
    const bigger = stateOf(ORG_A, plans(1_500, 5));
    gh.requests.length = 0;
    await store().write(bigger, v2);
    const after = dir();
    expect(after.some((n) => names.includes(n))).toBe(false);
    expect(gh.requests.filter((r) => r.method === "POST")).toHaveLength(2);
    const back = await store().read(ORG_A);
    expect(back.state).toEqual(bigger);
    // A read costs the ref, the commit's tree and one blob per file.
    gh.requests.length = 0;
    await store().read(ORG_A);
    expect(gh.requests).toHaveLength(2 + 1 + after.length);
    expect(gh.violations).toEqual([]);
  });

  it("with a scope, reads only the shards of its plans and keeps the others as stored when it writes", async () => {
    const { gh, store } = await standIn();
    const all = manyPlans(200);
    await store().write(all, undefined);
    const shards = tipFiles(gh).filter((f) => f.endsWith(".csv"));
    expect(shards.length).toBeGreaterThanOrEqual(8);
    const scope = { commit: "d".repeat(40), plans: new Set(["plans/p7.yaml", "plans/p42.yaml"]) };
    gh.requests.length = 0;
    const s = store();
    const { state, version } = await s.read(ORG_A, scope);
    // The ref, the commit's tree, state.json and the (at most two) shards of the two plans.
    const blobs = count(gh, "GET", /\/git\/blobs\//);
    expect(blobs).toBeLessThanOrEqual(3);
    expect(gh.requests).toHaveLength(2 + blobs);
    expect(state!.partial?.plans).toEqual(scope.plans);
    expect(state!.records.size).toBeLessThan(all.records.size / 2);
    for (const plan of scope.plans)
      expect([...state!.records.values()].filter((r) => r.plan === plan)).toHaveLength(50);
    // A change and a new pair of a plan in scope: only its shard is sent; the others keep their blobs.
    const changed = [...state!.records.values()].find((r) => r.plan === "plans/p7.yaml")!;
    changed.state = "failed";
    const added = rec("plans/p42.yaml", 99_999, { state: "intent", intentAt: 1_760_000_000_000 });
    state!.records.set(requestId(added.commit, added.destination, added.audience), added);
    gh.requests.length = 0;
    const v2 = await s.write(state!, version);
    const sent = gh.requests.find((r) => r.method === "POST" && r.path.endsWith("/git/trees"))!.body as {
      tree: { path: string }[];
    };
    expect(sent.tree.length).toBeLessThanOrEqual(3);
    expect(tipFiles(gh).filter((f) => f.endsWith(".csv"))).toEqual(shards);
    const whole = (await store().read(ORG_A)).state!;
    expect(whole.records.size).toBe(all.records.size + 1);
    expect(whole.records.get(requestId(changed.commit, changed.destination, changed.audience))?.state).toBe(
      "failed",
    );
    for (const [id, r] of all.records)
      if (r.plan !== "plans/p7.yaml" && r.plan !== "plans/p42.yaml") expect(whole.records.get(id)).toEqual(r);
    // A record still to resolve (the intent just written): a scoped read reads everything.
    const again = await store().read(ORG_A, scope);
    expect(again.state!.partial).toBeUndefined();
    expect(again.state!.records.size).toBe(all.records.size + 1);
    // A record of a plan outside the scope added to a scoped state: the rest is read and the whole key written.
    delete whole.records.get(requestId(added.commit, added.destination, added.audience))!.intentAt;
    whole.records.get(requestId(added.commit, added.destination, added.audience))!.state = "failed";
    await store().write(whole, v2);
    const s3 = store();
    const scoped = await s3.read(ORG_A, scope);
    expect(scoped.state!.partial?.plans).toEqual(scope.plans);
    const stray = rec("plans/p99.yaml", 123_456);
    scoped.state!.records.set(requestId(stray.commit, stray.destination, stray.audience), stray);
    await s3.write(scoped.state!, scoped.version);
    expect(scoped.state!.partial).toBeUndefined();
    const final = (await store().read(ORG_A)).state!;
    expect(final.records.size).toBe(all.records.size + 2);
    expect(final.records.get(requestId(stray.commit, stray.destination, stray.audience))).toEqual(stray);
    expect(gh.violations).toEqual([]);
  });

  it("a run reads the plans holding its commit's records too: a pair recorded under a plan it did not select is found, not sent again", async () => {
    const { gh, store } = await standIn();
    const all = manyPlans(200);
    // An earlier run on commit E selected plans/p150.yaml and recorded a pair under it.
    const E = "e".repeat(40);
    const earlier = rec("plans/p150.yaml", 7, { commit: E, state: "succeeded" });
    all.records.set(requestId(E, earlier.destination, earlier.audience), earlier);
    delete all.lock;
    await store().write(all, undefined);
    // This run, on E, selected only plans/p7.yaml, which asks for the same pair.
    const p7 = makePlan("p7", "prod", { [earlier.destination]: [earlier.audience] });
    const scope = scopeOf(
      E,
      [{ sandbox: "prod", destination: earlier.destination, audience: earlier.audience }],
      [p7],
    );
    const session = await openScoped(store(), ORG_A, scope);
    const [state] = session.states();
    expect(state!.partial?.plans).toEqual(new Set(["", p7.file, "plans/p150.yaml"]));
    expect(state!.records.size).toBeLessThan(all.records.size / 2);
    const hooks = session.hooks(
      E,
      [{ sandbox: "prod", destination: earlier.destination, audience: earlier.audience }],
      false,
      { client: "me" },
    );
    expect([...hooks.previous!.values()]).toEqual([{ state: "succeeded" }]);
    await session.release(true);
    expect(gh.violations).toEqual([]);
  });

  it("reads everything with a scope when state.json does not count the records to resolve (an older state)", async () => {
    const { gh, store } = await standIn();
    const all = manyPlans(100);
    const v1 = await store().write(all, undefined);
    const meta = `${keyPath(ORG_A)}/state.json`;
    const text = JSON.parse(gh.branchFiles().get(meta)!) as Record<string, unknown>;
    expect(text.open).toBe(0);
    delete text.open;
    const tree = gh.git.createTree({
      base_tree: gh.git.commits.get(v1)!.tree,
      tree: [{ path: meta, content: JSON.stringify(text) }],
    })[1] as { sha: string };
    const c = gh.git.createCommit({ message: "older", tree: tree.sha, parents: [v1] })[1] as { sha: string };
    gh.git.updateRef(`refs/heads/${STATE_BRANCH}`, c.sha, false);
    const { state } = await store().read(ORG_A, {
      commit: "c".repeat(40),
      plans: new Set(["plans/p7.yaml"]),
    });
    expect(state!.partial).toBeUndefined();
    expect(state!.records).toEqual(all.records);
  });

  it("says what to do when the token cannot write, a ruleset refuses or GitHub fails, never showing the token", async () => {
    const { gh, store } = await standIn();
    const seen: unknown[] = [];
    const failure = async (p: Promise<unknown>) => {
      const e = (await p.then(
        () => undefined,
        (x: unknown) => x,
      )) as StateUnavailable;
      seen.push(e);
      expect(e).toBeInstanceOf(StateUnavailable);
      return e;
    };
    gh.readOnly = true;
    let e = await failure(store().write(stateOf(ORG_A, [rec("p", 1)]), undefined));
    expect(e.remedy).toContain("`permissions: contents: write`");
    gh.readOnly = false;
    const v = await store().write(stateOf(ORG_A, [rec("p", 1)]), undefined);
    gh.protectedBranch = STATE_BRANCH;
    e = await failure(store().write(stateOf(ORG_A, [rec("p", 2)]), v));
    expect(e.message).toContain("Repository rule violations found");
    expect(e.remedy).toContain(`Exempt that branch`);
    expect(e.remedy).toContain(`\`${STATE_BRANCH}\``);
    gh.protectedBranch = undefined;
    gh.gitReadStatus = 500;
    e = await failure(store().read(ORG_A));
    expect(e.remedy).toContain("GitHub could not be reached; nothing was submitted");
    gh.gitReadStatus = undefined;
    // A network failure: nothing listens there.
    const gone = new GitHubStateStore(
      createGitHubClient(TOKEN, "http://127.0.0.1:9", () => {}, { pace: false }),
      REPO,
    );
    e = await failure(gone.read(ORG_A));
    expect(e.remedy).toContain("GitHub could not be reached");
    for (const x of seen) {
      const all = `${String(x)} ${(x as Error).stack} ${JSON.stringify(x)} ${(x as StateUnavailable).remedy}`;
      expect(all).not.toContain(TOKEN);
      expect(all).not.toContain(TOKEN.slice(4));
    }
    expect(gh.violations).toEqual([]);
  });

  it("serializes shard text as JSON.stringify does (the tree it sends is built by hand)", () => {
    const unit = fc.constantFrom("\n", '"', "a", "\\", "\r", "é", "\u2028", "\t", "\ud83d", "😀", ",");
    fc.assert(
      fc.property(fc.oneof(anyText, fc.string({ unit })), (s) => {
        expect(jsonString(s)).toBe(JSON.stringify(s));
      }),
      { numRuns: Number(process.env.PROPERTY_DEPTH ?? 1) * 100 },
    );
  });
});
