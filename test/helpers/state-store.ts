// The GitHub home of the activation state against the stand-in, and records to fill it with.
import { createGitHubClient } from "../../src/github/client.js";
import { GitHubStateStore } from "../../src/github/state-store.js";
import { StateSession } from "../../src/app/state-session.js";
import type { PairRecord, ReadScope, StateKey, StateStore } from "../../src/state/types.js";
import { VirtualClock } from "./clock.js";
import { GitHubStandIn } from "./github-standin.js";

export const TOKEN = "ghs_standInSecret0123456789abcdefABCDEF";
export const REPO = { owner: "o", repo: "r" };

/** A started stand-in, and a way to make a new store on it (a new store caches nothing: a new run). */
export async function standIn() {
  const gh = new GitHubStandIn();
  await gh.start();
  const store = () =>
    new GitHubStateStore(
      createGitHubClient(TOKEN, gh.url, () => {}, { pace: false }),
      REPO,
    );
  return { gh, store };
}

/** The n-th pair of a plan, submitted by commit c…c. */
export function rec(plan: string, n: number, extra: Partial<PairRecord> = {}): PairRecord {
  return {
    commit: "c".repeat(40),
    plan,
    destination: `dest-${n % 3}`,
    audience: `aud-${n}`,
    state: "submitted",
    runIds: [`run-${n}`],
    attempts: 1,
    updatedAt: 1_760_000_000_000 + n,
    ...extra,
  };
}

/** A session of run "run-2" on one key, reading only what `scope` needs, on a virtual clock. */
export function openScoped(store: StateStore, key: StateKey, scope: ReadScope): Promise<StateSession> {
  return StateSession.open(
    {
      store,
      holder: "run-2",
      init: false,
      clock: new VirtualClock(),
      lockWaitMs: 0,
      lockTtlMs: 60_000,
      log: () => {},
      scope,
    },
    [key],
  );
}
