// Found by a hostile review of scoped state reads and writes (state-scope.ts): each test failed on
// the first version and names the defect it guards against.
import { describe, expect, it } from "vitest";
import { GitHubStateStore, STATE_BRANCH } from "../../src/github/state-store.js";
import { bucketOf } from "../../src/state/packing.js";
import { decodeShards } from "../../src/state/shards.js";
import {
  keyPath,
  requestId,
  StateUnavailable,
  type ActivationState,
  type PairRecord,
  type ReadScope,
  type StateKey,
} from "../../src/state/types.js";
import type { PairResult } from "../../src/activation/types.js";
import { GitHubStandIn } from "../helpers/github-standin.js";
import { openScoped, rec as pairRecord, standIn } from "../helpers/state-store.js";

const KEY: StateKey = { org: "A1B2@AdobeOrg", sandbox: "prod", stepKey: "" };
const D = "d".repeat(40);
const rec = (plan: string, n: number) => pairRecord(plan, n, { state: "succeeded", job: "j".repeat(36) });
const idOf = (r: PairRecord) => requestId(r.commit, r.destination, r.audience);
/** 60 plans of 50 pairs: about 450 KB, two shards. */
const sixtyPlans = (): ActivationState => ({
  key: KEY,
  records: new Map(
    Array.from({ length: 60 }, (_, p) => `plans/p${p}.yaml`)
      .flatMap((plan, p) => Array.from({ length: 50 }, (_, k) => rec(plan, p * 100 + k)))
      .map((r) => [idOf(r), r]),
  ),
});
const open = (store: GitHubStateStore, scope: ReadScope) => openScoped(store, KEY, scope);
const blobGets = (gh: GitHubStandIn) =>
  gh.requests.filter((r) => r.method === "GET" && /\/git\/blobs\//.test(r.path)).length;
const keyFilesOf = (gh: GitHubStandIn) => {
  const prefix = `${keyPath(KEY)}/`;
  return new Map(
    [...gh.branchFiles()].filter(([n]) => n.startsWith(prefix)).map(([n, t]) => [n.slice(prefix.length), t]),
  );
};
/** An intent for a new pair of commit D asked by `plan`, as the engine hands it to beforeSubmit. */
const fresh = (plan: string, audience: string) =>
  ({
    sandbox: "prod",
    destination: "dest-1",
    audience,
    jobId: "job-1",
    status: "pending",
    requestedBy: [{ file: plan }],
  }) as unknown as PairResult;

describe("hostile: scoped state reads and writes", () => {
  it("a scoped session stays scoped after its first write: the intent write does not read the shards the scope left out", async () => {
    const { gh, store } = await standIn();
    const all = sixtyPlans();
    await store().write(all, undefined);
    expect([...keyFilesOf(gh).keys()].filter((n) => n.endsWith(".csv"))).toHaveLength(2);
    const plan = "plans/p7.yaml";
    const session = await open(store(), { commit: D, plans: new Set(["", plan]) });
    const [state] = session.states();
    expect(state!.partial).toBeDefined(); // the lock write kept the other shard by SHA
    const loaded = state!.records.size;
    expect(loaded).toBeLessThan(all.records.size);
    // The first submission of the run: its intent, for a pair of a plan in scope.
    const hooks = session.hooks(D, [{ sandbox: "prod", destination: "dest-1", audience: "aud-new" }], false, {
      client: "me",
    });
    gh.requests.length = 0;
    await hooks.beforeSubmit!([fresh(plan, "aud-new")]);
    // The defect: the listing the store remembered after its own write had no blob sizes, so the
    // next write could not size the unread shards and fell back to reading and rewriting the key.
    expect(blobGets(gh)).toBe(0);
    expect(state!.partial).toBeDefined();
    expect(state!.records.size).toBe(loaded + 1);
    await session.release(true);
    expect(decodeShards(keyFilesOf(gh)).records.size).toBe(all.records.size + 1);
  });

  it("a shard the scoped read skipped that cannot be read fails the write as state-unavailable, not as a raw ShardError", async () => {
    const { gh, store } = await standIn();
    const { plan, other } = await damagedUnreadShard(gh, store);
    // A scoped run does not see the damage, takes the lock, and its first write that needs the rest
    // of the key (a record outside the loaded buckets) reads it: the ShardError escaped unwrapped,
    // so openState and the Action saw no StateUnavailable (no state-unavailable reason, no remedy).
    const { failure } = await intentOutsideScope(store(), plan, other);
    expect(failure).toBeInstanceOf(StateUnavailable);
  });

  it("a scoped run whose write failed gives its lock back: unlock does not need the shards the scope left out", async () => {
    const { gh, store } = await standIn();
    const { plan, other } = await damagedUnreadShard(gh, store);
    const { session } = await intentOutsideScope(store(), plan, other);
    // release's write fails the same way; unlock read the whole key (no scope), which cannot be
    // decoded, so the lock this run took stayed until it expired (2 × timeout + 10 min), and every
    // next run waited for it and failed as locked. A whole read would never have locked it.
    await session.release();
    const meta = JSON.parse(gh.branchFiles().get(`${keyPath(KEY)}/state.json`)!) as { lock?: unknown };
    expect(meta.lock).toBeUndefined();
  });
});

/** A scoped session on `plan` records an intent for a pair of `other` (outside its shards): the write needs the rest of the key. */
async function intentOutsideScope(store: GitHubStateStore, plan: string, other: string) {
  const session = await open(store, { commit: D, plans: new Set(["", plan]) });
  const hooks = session.hooks(D, [{ sandbox: "prod", destination: "dest-1", audience: "aud-x" }], false, {
    client: "me",
  });
  const failure = await hooks.beforeSubmit!([fresh(other, "aud-x")]).then(
    () => undefined,
    (e: unknown) => e,
  );
  return { session, failure };
}

/** A key of 60 plans in two shards, the shard of the bucket not holding plans/p7.yaml damaged. */
async function damagedUnreadShard(gh: GitHubStandIn, store: () => GitHubStateStore) {
  const all = sixtyPlans();
  const v1 = await store().write(all, undefined);
  const plan = "plans/p7.yaml";
  const other = [...new Set([...all.records.values()].map((r) => r.plan))].find(
    (p) => bucketOf(p, 2) !== bucketOf(plan, 2),
  )!;
  // The shard of the other bucket is damaged (a hand edit, a bad merge): a whole read refuses it.
  const unreadShard = `pairs-${bucketOf(other, 2)}-of-2.csv`;
  const text = keyFilesOf(gh).get(unreadShard)!;
  const tree = gh.git.createTree({
    base_tree: gh.git.commits.get(v1)!.tree,
    tree: [{ path: `${keyPath(KEY)}/${unreadShard}`, content: text.replace(",succeeded,", ",bogus,") }],
  })[1] as { sha: string };
  const c = gh.git.createCommit({ message: "damaged", tree: tree.sha, parents: [v1] })[1] as { sha: string };
  gh.git.updateRef(`refs/heads/${STATE_BRANCH}`, c.sha, false);
  await expect(store().read(KEY)).rejects.toBeInstanceOf(StateUnavailable);
  return { plan, other };
}
