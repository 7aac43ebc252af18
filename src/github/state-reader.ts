// Reading the state branch through GitHub's Git data API: its tip, a key's files at a commit (one
// recursive tree read, or a walk down when GitHub truncates it) and blob contents, each cached for
// the run (commits and blobs never change). GitHub's refusals become StateUnavailable.
import { rowPieces } from "../state/csv.js";
import { StateConflict, StateUnavailable } from "../state/types.js";
import type { GitHubClient } from "./client.js";
import type { Repo } from "./comment.js";
import { blobText, reply, unavailable, type Reply } from "./git-data.js";
import { keyFiles, type Listing } from "./state-layout.js";

/** Blob reads in flight at once: well under GitHub's 100 concurrent requests. */
const PARALLEL = 8;

export class BranchReader {
  /** Blob contents by SHA, as pieces that each end a row: what this run read or wrote is not fetched again. */
  readonly blobs = new Map<string, readonly string[]>();
  /** Listings by `<commit> <key path>` (commits never change). */
  private readonly listings = new Map<string, Listing>();
  /** A commit's tree and its recursive listing: another key read at the same tip costs no more reads. */
  private readonly trees = new Map<
    string,
    { tree: string; listed: Awaited<ReturnType<BranchReader["entries"]>> }
  >();

  constructor(
    readonly gh: GitHubClient,
    readonly repo: Repo,
    readonly branch: string,
    readonly where: string,
  ) {}

  async tip(): Promise<string | undefined> {
    const r = await reply(this.gh.rest.git.getRef({ ...this.repo, ref: `heads/${this.branch}` }));
    if (!r.ok && r.status === 404) return undefined;
    return this.check(r, `reading branch ${this.branch}`, false).object.sha;
  }

  /** The key's files at a commit: one recursive tree read, or a walk down when GitHub truncates it. */
  async listing(commit: string, path: string): Promise<Listing> {
    const cached = this.listings.get(`${commit} ${path}`);
    if (cached !== undefined) return cached;
    const { tree, listed: whole } = await this.tree(commit);
    let listed = whole;
    let prefix = path;
    if (listed.truncated) {
      let dir: string | undefined = tree;
      for (const part of path.split("/")) {
        if (dir !== undefined)
          dir = (await this.entries(dir, false)).entries.find((e) => e.path === part)?.sha;
      }
      const own = dir === undefined ? undefined : await this.entries(dir, false);
      if (own?.truncated)
        throw new StateUnavailable(`${path}/ on ${this.where} has more files than GitHub lists`);
      listed = own ?? { entries: [], truncated: false };
      prefix = "";
      if (own === undefined) return this.remember({ commit, tree, files: undefined }, path);
    }
    const files = keyFiles(listed.entries, prefix);
    const sizes = keyFiles(listed.entries, prefix, (e) => e.size ?? NaN);
    return this.remember({ commit, tree, files, ...(sizes === undefined ? {} : { sizes }) }, path);
  }

  private async tree(commit: string) {
    const known = this.trees.get(commit);
    if (known !== undefined) return known;
    // GitHub resolves a commit to its tree ("the SHA1 value or ref name of the tree"): one read, not two.
    const r = await reply(this.gh.rest.git.getTree({ ...this.repo, tree_sha: commit, recursive: "1" }));
    if (!r.ok && r.status === 404)
      throw new StateConflict(`Version ${commit} is not a commit of ${this.where} (it was rewritten)`);
    const { sha: tree, tree: entries, truncated } = this.check(r, "listing the state", false);
    const read = { tree, listed: { entries: entries.map(entryOf), truncated } };
    if (this.trees.size >= 2) this.trees.clear(); // a large state's listing is big: keep the latest
    this.trees.set(commit, read);
    return read;
  }

  private async entries(sha: string, recursive: boolean) {
    const { tree, truncated } = await this.must(
      this.gh.rest.git.getTree({ ...this.repo, tree_sha: sha, ...(recursive ? { recursive: "1" } : {}) }),
      "listing the state",
      false,
    );
    return { entries: tree.map(entryOf), truncated };
  }

  remember(listing: Listing, path: string): Listing {
    if (this.listings.size >= 32) this.listings.clear();
    this.listings.set(`${listing.commit} ${path}`, listing);
    return listing;
  }

  /** The files' contents by name (pieces that each end a row); blobs not known are fetched, a few at a time. */
  async contents(files: Map<string, string>): Promise<Map<string, readonly string[]>> {
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

  async must<T>(call: Promise<{ data: T }>, doing: string, write: boolean): Promise<T> {
    return this.check(await reply(call), doing, write);
  }

  check<T>(r: Reply<T>, doing: string, write: boolean): T {
    if (r.ok) return r.data;
    throw unavailable(r, doing, { branch: this.branch, repo: `${this.repo.owner}/${this.repo.repo}`, write });
  }
}

const entryOf = (e: { path?: string; type?: string; sha?: string; size?: number }) => ({
  path: e.path ?? "",
  type: e.type ?? "",
  sha: e.sha ?? "",
  size: e.size,
});
