// The Action's activation state read from a local git ref (the state branch, fetched): the files of
// a key's directory decoded as the GitHub home wrote them. Read-only: for `aep-activate status`.
import { decodeShards, ShardError } from "../state/shards.js";
import {
  keyPath,
  StateUnavailable,
  type ActivationState,
  type StateKey,
  type StateSnapshot,
  type StateStore,
} from "../state/types.js";
import { GitError, type GitRepo } from "./git.js";

export class StateBranchReader implements StateStore {
  readonly where: string;

  constructor(
    private readonly git: GitRepo,
    private readonly ref: string,
  ) {
    this.where = `the state branch at ${ref}`;
  }

  async read(key: StateKey): Promise<StateSnapshot> {
    const dir = `${keyPath(key)}/`;
    try {
      if ((await this.git.run(["rev-parse", "--git-dir"])).code !== 0)
        throw new StateUnavailable(
          "this directory is not in a git repository",
          "run it in a clone of the repository, after: git fetch origin aep-activation-state",
        );
      const sha = await this.git.tryResolve(this.ref);
      if (sha === undefined)
        throw new StateUnavailable(
          `${this.ref} is not a ref or commit in this repository`,
          "fetch the state branch first: git fetch origin aep-activation-state, then pass --branch origin/aep-activation-state",
        );
      const entries = (await this.git.listTree(sha)).filter(
        (e) => e.path.startsWith(dir) && !e.path.slice(dir.length).includes("/"),
      );
      if (entries.length === 0) return { state: undefined, version: undefined };
      const blobs = await this.git.readBlobs(entries.map((e) => e.oid));
      const files = new Map<string, string>();
      for (const e of entries)
        files.set(e.path.slice(dir.length), Buffer.from(blobs.get(e.oid)?.bytes ?? []).toString("utf8"));
      const state: ActivationState = decodeShards(files);
      return { state, version: sha };
    } catch (error) {
      if (error instanceof StateUnavailable) throw error;
      if (error instanceof ShardError || error instanceof GitError)
        throw new StateUnavailable(`could not read ${dir} from ${this.where}: ${error.message}`);
      throw error;
    }
  }

  write(): Promise<string> {
    return Promise.reject(new StateUnavailable(`${this.where} is read here, never written`));
  }
}
