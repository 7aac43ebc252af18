// The activation state on a dedicated branch, through GitHub's Git data API: one directory per key
// (`keyPath`), holding `state.json`, `commits.json` and CSV shards that pack the plans
// (src/state/packing.ts); a run may read only some shards (state-scope.ts). The version is the
// commit SHA of the branch tip the state was read from; a write commits on top of it and moves the
// branch with `force: false`, which GitHub refuses unless it fast-forwards: the compare-and-swap.
//
// When the branch moved (another key, or another run, wrote), the write looks at the new tip: if the
// key's files are the ones it read, only other keys changed and it commits again on the new tip;
// otherwise it is a StateConflict. `write(state, undefined)` creates a key: it is refused when the
// key already exists at the tip, and two first runs race on the same ref update (or on creating the
// branch), so exactly one of them succeeds and the other sees the key and gets a StateConflict.
import { decodeShards, ShardError, STATE_FILE } from "../state/shards.js";
import {
  keyPath,
  StateConflict,
  StateUnavailable,
  type ActivationState,
  type ReadScope,
  type StateKey,
  type StateSnapshot,
  type StateStore,
} from "../state/types.js";
import type { GitHubClient } from "./client.js";
import type { Repo } from "./comment.js";
import { blobSha, createTree, reply } from "./git-data.js";
import { changes, joinsTo, README, same, type Listing } from "./state-layout.js";
import { BranchReader } from "./state-reader.js";
import { encodeKey, scopeRead, unreadable } from "./state-scope.js";

export const STATE_BRANCH = "aep-activation-state";
/** Commits on a branch that other keys keep moving, before giving up with a StateConflict. */
const ATTEMPTS = 5;

export class GitHubStateStore implements StateStore {
  readonly where: string;
  private readonly reader: BranchReader;
  private readonly gh: GitHubClient;
  private readonly repo: Repo;

  constructor(
    gh: GitHubClient,
    repo: Repo,
    readonly branch: string = STATE_BRANCH,
  ) {
    this.where = `branch ${branch} of ${repo.owner}/${repo.repo}`;
    this.reader = new BranchReader(gh, repo, branch, this.where);
    this.gh = gh;
    this.repo = repo;
  }

  /**
   * With a scope, only the shards of its plans and of those holding records of its commit are read
   * (a run touches a few plans of thousands), unless some record is still to resolve, or the key
   * has no commits.json (written before it existed) or a layout the scope cannot be mapped onto.
   */
  async read(key: StateKey, scope?: ReadScope, at?: string): Promise<StateSnapshot> {
    const tip = at ?? (await this.reader.tip());
    if (tip === undefined) return { state: undefined, version: undefined };
    const path = keyPath(key);
    const { files } = await this.reader.listing(tip, path);
    if (files === undefined) return { state: undefined, version: tip };
    let state: ActivationState;
    try {
      const { wanted, partial } = await scopeRead(this.reader, files, scope);
      state = decodeShards(await this.reader.contents(wanted));
      if (partial !== undefined) state.partial = partial;
    } catch (e) {
      if (!(e instanceof ShardError)) throw e;
      throw unreadable(path, this.where, e);
    }
    if (keyPath(state.key) !== path || JSON.stringify(state.key) !== JSON.stringify(key))
      throw new StateUnavailable(`${path}/${STATE_FILE} on ${this.where} holds another key`);
    return { state, version: tip };
  }

  async write(state: ActivationState, version: string | undefined): Promise<string> {
    const path = keyPath(state.key);
    let base: Listing | undefined;
    if (version === undefined) {
      const tip = await this.reader.tip();
      base = tip === undefined ? undefined : await this.reader.listing(tip, path);
      if (base?.files !== undefined)
        throw new StateConflict(`The state of ${path} already exists on ${this.where}`);
    } else {
      base = await this.reader.listing(version, path);
    }
    const { pieces, unread } = await encodeKey(this.reader, state, base);
    // Each file hashed once (40 MB at 100,000 pairs): to remember it, to compare, to list it after. A
    // file whose text is the one read from the version (most shards: a run changes a few plans) is
    // that text, with that blob's SHA: it is neither joined nor hashed again.
    const files = new Map<string, readonly string[]>();
    const shas = new Map<string, string>();
    for (const [name, parts] of pieces) {
      let sha = base?.files?.get(name);
      let content = sha === undefined ? undefined : this.reader.blobs.get(sha);
      if (sha === undefined || content === undefined || !joinsTo(parts, content)) {
        const text = parts.join("");
        sha = blobSha(text);
        content = [text];
      }
      files.set(name, content);
      shas.set(name, sha);
      this.reader.blobs.set(sha, content);
    }
    // The shards a scoped read left stored: kept as they are (never sent: their SHA is unchanged).
    for (const [name, sha] of unread) {
      files.set(name, []);
      shas.set(name, sha);
    }
    /** The key's files as read: the write goes on only while the tip still has exactly these. */
    const expected = base?.files;
    const pairs = `${state.records.size} pairs${state.partial === undefined ? "" : " of the plans this run read"}`;
    const message = `${path}: ${pairs}${state.lock ? ` (held by ${state.lock.holder})` : ""}`;
    for (let attempt = 1; attempt <= ATTEMPTS; attempt++) {
      const moved =
        base === undefined
          ? await this.createBranch(path, files, message)
          : await this.commitOn(base, path, files, shas, message);
      if (typeof moved === "string") return moved;
      // The branch moved since `base`: go on only if this key did not.
      const tip = await this.reader.tip();
      base = tip === undefined ? undefined : await this.reader.listing(tip, path);
      if (!same(base?.files, expected))
        throw new StateConflict(`Another run wrote the state of ${path} on ${this.where} since it was read`);
    }
    throw new StateConflict(`${this.where} kept moving: ${ATTEMPTS} commits in a row were overtaken`);
  }

  /** The new commit's SHA, or false when the branch is no longer at `base` (not a fast-forward). */
  private async commitOn(
    base: Listing,
    path: string,
    files: Map<string, readonly string[]>,
    shas: Map<string, string>,
    message: string,
  ) {
    const entries = changes(path, files, shas, base.files);
    const tree =
      entries.length === 0
        ? base.tree
        : (
            await this.reader.must(
              createTree(this.gh, this.repo, { base_tree: base.tree, tree: entries }),
              "writing the state's files",
              true,
            )
          ).sha;
    const commit = await this.reader.must(
      this.gh.rest.git.createCommit({ ...this.repo, message, tree, parents: [base.commit] }),
      "committing the state",
      true,
    );
    const r = await reply(
      this.gh.rest.git.updateRef({
        ...this.repo,
        ref: `heads/${this.branch}`,
        sha: commit.sha,
        force: false,
      }),
    );
    if (!r.ok && r.status === 422 && /fast.?forward|does not exist/i.test(r.message)) return false;
    this.reader.check(r, `moving branch ${this.branch}`, true);
    // The key's files after this commit, with their sizes (a scoped write sizes the shards it did
    // not read from them): files others added are kept, CSV files not written were deleted.
    const after = new Map(
      [...(base.files ?? [])].filter(([name]) => !name.endsWith(".csv") || files.has(name)),
    );
    for (const [name, sha] of shas) after.set(name, sha);
    const sizes = new Map(
      [...after].map(([name, sha]) => [
        name,
        base.files?.get(name) === sha
          ? (base.sizes?.get(name) ?? NaN)
          : (files.get(name) ?? []).reduce((n, piece) => n + Buffer.byteLength(piece), 0),
      ]),
    );
    this.reader.remember({ commit: commit.sha, tree, files: after, sizes }, path);
    return commit.sha;
  }

  /** The first state on this repository: an orphan commit (README and the key), then the branch. */
  private async createBranch(path: string, files: Map<string, readonly string[]>, message: string) {
    const tree = await this.reader.must(
      createTree(this.gh, this.repo, {
        tree: [
          { path: "README.md", mode: "100644", type: "blob", content: README },
          ...[...files].map(([name, content]) => ({
            path: `${path}/${name}`,
            mode: "100644" as const,
            type: "blob" as const,
            content: content.join(""),
          })),
        ],
      }),
      "writing the state's files",
      true,
    );
    const commit = await this.reader.must(
      this.gh.rest.git.createCommit({ ...this.repo, message, tree: tree.sha, parents: [] }),
      "committing the state",
      true,
    );
    const r = await reply(
      this.gh.rest.git.createRef({ ...this.repo, ref: `refs/heads/${this.branch}`, sha: commit.sha }),
    );
    if (!r.ok && r.status === 422 && /already exists/i.test(r.message)) return false;
    this.reader.check(r, `creating branch ${this.branch}`, true);
    return commit.sha;
  }
}
