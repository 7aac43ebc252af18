// The activation state on a dedicated branch, through GitHub's Git data API: one directory per key
// (`keyPath`), holding `state.json` and CSV shards that pack the plans (src/state/packing.ts). The version is the commit SHA of the
// branch tip the state was read from; a write commits on top of it and moves the branch with
// `force: false`, which GitHub refuses unless it fast-forwards: that is the compare-and-swap.
//
// When the branch moved (another key, or another run, wrote), the write looks at the new tip: if the
// key's files are the ones it read, only other keys changed and it commits again on the new tip;
// otherwise it is a StateConflict. `write(state, undefined)` creates a key: it is refused when the
// key already exists at the tip, and two first runs race on the same ref update (or on creating the
// branch), so exactly one of them succeeds and the other sees the key and gets a StateConflict.
import { rowPieces } from "../state/csv.js";
import { encodePieces, decodeShards, ShardError, STATE_FILE } from "../state/shards.js";
import {
  keyPath,
  StateConflict,
  StateUnavailable,
  type ActivationState,
  type StateKey,
  type StateSnapshot,
  type StateStore,
} from "../state/types.js";
import type { GitHubClient } from "./client.js";
import type { Repo } from "./comment.js";
import { blobSha, blobText, createTree, reply, unavailable, type Reply } from "./git-data.js";
import { changes, joinsTo, keyFiles, README, same, type Listing } from "./state-layout.js";

export const STATE_BRANCH = "aep-activation-state";
/** Commits on a branch that other keys keep moving, before giving up with a StateConflict. */
const ATTEMPTS = 5;
/** Blob reads in flight at once: well under GitHub's 100 concurrent requests. */
const PARALLEL = 8;

export class GitHubStateStore implements StateStore {
  readonly where: string;
  /** Blob contents by SHA, as pieces that each end a row: what this run read or wrote is not fetched again. */
  private readonly blobs = new Map<string, readonly string[]>();
  /** Listings by `<commit> <key path>` (commits never change). */
  private readonly listings = new Map<string, Listing>();

  constructor(
    private readonly gh: GitHubClient,
    private readonly repo: Repo,
    readonly branch: string = STATE_BRANCH,
  ) {
    this.where = `branch ${branch} of ${repo.owner}/${repo.repo}`;
  }

  async read(key: StateKey): Promise<StateSnapshot> {
    const tip = await this.tip();
    if (tip === undefined) return { state: undefined, version: undefined };
    const path = keyPath(key);
    const { files } = await this.listing(tip, path);
    if (files === undefined) return { state: undefined, version: tip };
    const contents = await this.contents(files);
    let state: ActivationState;
    try {
      state = decodeShards(contents);
    } catch (e) {
      if (!(e instanceof ShardError)) throw e;
      throw new StateUnavailable(
        `The state in ${path}/ on ${this.where} cannot be read: ${e.message}`,
        `Restore that directory from the branch's history (it is not meant to be edited by hand).`,
      );
    }
    if (keyPath(state.key) !== path || JSON.stringify(state.key) !== JSON.stringify(key))
      throw new StateUnavailable(`${path}/${STATE_FILE} on ${this.where} holds another key`);
    return { state, version: tip };
  }

  async write(state: ActivationState, version: string | undefined): Promise<string> {
    const path = keyPath(state.key);
    const pieces = encodePieces(state);
    let base: Listing | undefined;
    if (version === undefined) {
      const tip = await this.tip();
      base = tip === undefined ? undefined : await this.listing(tip, path);
      if (base?.files !== undefined)
        throw new StateConflict(`The state of ${path} already exists on ${this.where}`);
    } else {
      base = await this.listing(version, path);
    }
    // Each file hashed once (40 MB at 100,000 pairs): to remember it, to compare, to list it after. A
    // file whose text is the one read from the version (most shards: a run changes a few plans) is
    // that text, with that blob's SHA: it is neither joined nor hashed again.
    const files = new Map<string, readonly string[]>();
    const shas = new Map<string, string>();
    for (const [name, parts] of pieces) {
      let sha = base?.files?.get(name);
      let content = sha === undefined ? undefined : this.blobs.get(sha);
      if (sha === undefined || content === undefined || !joinsTo(parts, content)) {
        const text = parts.join("");
        sha = blobSha(text);
        content = [text];
      }
      files.set(name, content);
      shas.set(name, sha);
      this.blobs.set(sha, content);
    }
    /** The key's files as read: the write goes on only while the tip still has exactly these. */
    const expected = base?.files;
    const message = `${path}: ${state.records.size} pairs${state.lock ? ` (held by ${state.lock.holder})` : ""}`;
    for (let attempt = 1; attempt <= ATTEMPTS; attempt++) {
      const moved =
        base === undefined
          ? await this.createBranch(path, files, message)
          : await this.commitOn(base, path, files, shas, message);
      if (typeof moved === "string") return moved;
      // The branch moved since `base`: go on only if this key did not.
      const tip = await this.tip();
      base = tip === undefined ? undefined : await this.listing(tip, path);
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
            await this.must(
              createTree(this.gh, this.repo, { base_tree: base.tree, tree: entries }),
              "writing the state's files",
              true,
            )
          ).sha;
    const commit = await this.must(
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
    this.check(r, `moving branch ${this.branch}`, true);
    this.remember({ commit: commit.sha, tree, files: shas }, path);
    return commit.sha;
  }

  /** The first state on this repository: an orphan commit (README and the key), then the branch. */
  private async createBranch(path: string, files: Map<string, readonly string[]>, message: string) {
    const tree = await this.must(
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
    const commit = await this.must(
      this.gh.rest.git.createCommit({ ...this.repo, message, tree: tree.sha, parents: [] }),
      "committing the state",
      true,
    );
    const r = await reply(
      this.gh.rest.git.createRef({ ...this.repo, ref: `refs/heads/${this.branch}`, sha: commit.sha }),
    );
    if (!r.ok && r.status === 422 && /already exists/i.test(r.message)) return false;
    this.check(r, `creating branch ${this.branch}`, true);
    return commit.sha;
  }

  private async tip(): Promise<string | undefined> {
    const r = await reply(this.gh.rest.git.getRef({ ...this.repo, ref: `heads/${this.branch}` }));
    if (!r.ok && r.status === 404) return undefined;
    return this.check(r, `reading branch ${this.branch}`, false).object.sha;
  }

  /** The key's files at a commit: one recursive tree read, or a walk down when GitHub truncates it. */
  private async listing(commit: string, path: string): Promise<Listing> {
    const cached = this.listings.get(`${commit} ${path}`);
    if (cached !== undefined) return cached;
    const r = await reply(this.gh.rest.git.getCommit({ ...this.repo, commit_sha: commit }));
    if (!r.ok && r.status === 404)
      throw new StateConflict(`Version ${commit} is not a commit of ${this.where} (it was rewritten)`);
    const tree = this.check(r, "reading the state's commit", false).tree.sha;
    const whole = await this.entries(tree, true);
    let files = keyFiles(whole.entries, path);
    if (whole.truncated) {
      let dir: string | undefined = tree;
      for (const part of path.split("/")) {
        if (dir !== undefined)
          dir = (await this.entries(dir, false)).entries.find((e) => e.path === part)?.sha;
      }
      const own = dir === undefined ? undefined : await this.entries(dir, false);
      if (own?.truncated)
        throw new StateUnavailable(`${path}/ on ${this.where} has more files than GitHub lists`);
      files = own === undefined ? undefined : keyFiles(own.entries, "");
    }
    return this.remember({ commit, tree, files }, path);
  }

  private async entries(sha: string, recursive: boolean) {
    const { tree, truncated } = await this.must(
      this.gh.rest.git.getTree({ ...this.repo, tree_sha: sha, ...(recursive ? { recursive: "1" } : {}) }),
      "listing the state",
      false,
    );
    return {
      entries: tree.map((e) => ({ path: e.path ?? "", type: e.type ?? "", sha: e.sha ?? "" })),
      truncated,
    };
  }

  private remember(listing: Listing, path: string): Listing {
    if (this.listings.size >= 32) this.listings.clear();
    this.listings.set(`${listing.commit} ${path}`, listing);
    return listing;
  }

  /** The files' contents by name (pieces that each end a row); blobs not known are fetched, a few at a time. */
  private async contents(files: Map<string, string>): Promise<Map<string, readonly string[]>> {
    const missing = [...new Set(files.values())].filter((sha) => !this.blobs.has(sha));
    const next = async (): Promise<void> => {
      const sha = missing.pop();
      if (sha === undefined) return;
      // The raw media type: the blob's bytes, without base64 and a JSON string around them; the body
      // as a stream, decoded as it arrives (Octokit would gather it into one buffer first). A body cut
      // off midway fails like a request that got no answer.
      const text = await this.must(
        this.gh.rest.git
          .getBlob({
            ...this.repo,
            file_sha: sha,
            headers: { accept: "application/vnd.github.raw+json" },
            request: { parseSuccessResponseBody: false },
          })
          .then(async ({ data, headers }) => ({
            data: rowPieces(
              await blobText(data as unknown as ReadableStream<Uint8Array> | null, headers["content-type"]),
            ),
          })),
        "reading the state",
        false,
      );
      this.blobs.set(sha, text);
      return next();
    };
    await Promise.all(Array.from({ length: PARALLEL }, next));
    return new Map([...files].map(([name, sha]) => [name, this.blobs.get(sha) ?? []]));
  }

  private async must<T>(call: Promise<{ data: T }>, doing: string, write: boolean): Promise<T> {
    return this.check(await reply(call), doing, write);
  }

  private check<T>(r: Reply<T>, doing: string, write: boolean): T {
    if (r.ok) return r.data;
    throw unavailable(r, doing, { branch: this.branch, repo: `${this.repo.owner}/${this.repo.repo}`, write });
  }
}
