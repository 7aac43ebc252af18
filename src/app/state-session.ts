// The activation state around one apply: lock every key the plan touches (waiting, bounded, for a
// holder to finish), resolve unknown pairs from Platform's run lists, hand the engine what earlier
// runs left, record intents before each wave and replies after it, and release the locks at the end.
// Fails closed: anything that cannot be read, locked or written is a StateUnavailable.
import type {
  ApplyReport,
  EarlierEntry,
  LedgerHooks,
  PairResult,
  PlatformPort,
} from "../activation/types.js";
import { formatDuration, sleepUnless } from "../clock.js";
import { acquire, type Held, type SessionOptions } from "./state-lock.js";
import type { RunInfo } from "../aep/platform.js";
import { earlierEntries } from "../state/earlier.js";
import { learnRunsPerPair, recordIntents, recordResults, type RequestContext } from "../state/records.js";
import {
  applyVerdicts,
  flowsToList,
  RESOLVE_DEFAULTS,
  resolveUnknowns,
  settleWaitMs,
} from "../state/resolve.js";
import {
  keyPath,
  StateConflict,
  StateUnavailable,
  type ActivationState,
  type StateKey,
} from "../state/types.js";

export class StateSession {
  private constructor(
    private readonly o: SessionOptions,
    private readonly held: Map<string, Held>,
  ) {}

  /** Read and lock each key (in a fixed order, so two runs cannot deadlock). */
  static async open(o: SessionOptions, keys: readonly StateKey[]): Promise<StateSession> {
    const held = new Map<string, Held>();
    const session = new StateSession(o, held);
    const sorted = [...new Map(keys.map((k) => [keyPath(k), k])).entries()].sort(([a], [b]) =>
      a.localeCompare(b),
    );
    const deadline = o.clock.now() + o.lockWaitMs;
    try {
      for (const [path, key] of sorted) held.set(path, await acquire(o, key, deadline));
    } catch (error) {
      await session.release();
      throw error;
    }
    return session;
  }

  private async save(path: string): Promise<void> {
    const h = this.held.get(path);
    if (h === undefined) return;
    if (h.state.lock !== undefined) h.state.lock.until = this.o.clock.now() + this.o.lockTtlMs;
    try {
      h.version = await this.o.store.write(h.state, h.version);
    } catch (error) {
      if (error instanceof StateConflict)
        throw new StateUnavailable(
          `the state of ${path} was changed by another run while this one held its lock`,
        );
      throw error;
    }
  }

  private stateOf(sandbox: string): ActivationState | undefined {
    for (const h of this.held.values()) if (h.state.key.sandbox === sandbox) return h.state;
    return undefined;
  }

  /**
   * Resolve intent and unknown records from each dataflow's runs, before anything is submitted.
   * Returns the runs made by this credential that no record explains (to warn about).
   */
  async resolve(
    platform: Pick<PlatformPort, "listRuns">,
    client: string,
    settleMs = RESOLVE_DEFAULTS.settleMs,
  ): Promise<RunInfo[]> {
    const unexplained: RunInfo[] = [];
    for (const [path, h] of this.held) {
      const flows = flowsToList(h.state);
      if (flows.size === 0) continue;
      const wait = settleWaitMs(h.state, settleMs, this.o.clock.now());
      if (wait > 0) {
        this.o.log(
          `Waiting ${formatDuration(wait)} for Platform's run lists to settle before resolving unknown pairs.`,
        );
        await sleepUnless(this.o.clock, wait, this.o.stop);
      }
      const runs = new Map<string, RunInfo[]>();
      try {
        for (const [flow, since] of flows)
          runs.set(
            flow,
            await platform.listRuns(h.state.key.sandbox, flow, since - RESOLVE_DEFAULTS.guardMs),
          );
      } catch (error) {
        this.o.log(
          `Could not list runs to resolve unknown pairs of ${path}: ${(error as Error).message}; they stay unknown.`,
        );
        continue;
      }
      const result = resolveUnknowns(h.state, runs, {
        client,
        now: this.o.clock.now(),
        settleMs,
        skewMs: RESOLVE_DEFAULTS.skewMs,
        guardMs: RESOLVE_DEFAULTS.guardMs,
      });
      applyVerdicts(h.state, result.verdicts, this.o.clock.now());
      const counts = Map.groupBy(result.verdicts.values(), (v) => v.kind);
      this.o.log(
        `Resolving unknown pairs of ${path}: ${counts.get("submitted")?.length ?? 0} matched to their runs, ${(counts.get("no-run")?.length ?? 0) + (counts.get("ambiguous")?.length ?? 0)} still unknown (${counts.get("no-run")?.length ?? 0} with no run found yet).`,
      );
      unexplained.push(...result.unexplained);
      await this.save(path);
    }
    return unexplained;
  }

  /** The engine's hooks for a commit's pairs: earlier outcomes, intents before each wave, replies after. */
  hooks(
    commit: string,
    pairs: readonly { sandbox: string; destination: string; audience: string }[],
    force: boolean,
    ctx: Omit<RequestContext, "now" | "commit">,
    later: readonly string[] = [],
  ): LedgerHooks {
    const previous = new Map<string, EarlierEntry>();
    for (const [sandbox, ps] of Map.groupBy(pairs, (p) => p.sandbox)) {
      const state = this.stateOf(sandbox);
      if (state !== undefined)
        for (const [k, e] of earlierEntries(state, { ...ctx, commit }, ps, force, later)) previous.set(k, e);
    }
    const context = (): RequestContext => ({ ...ctx, commit, now: this.o.clock.now() });
    // A reply that cannot be recorded stops further submissions (the next intent write refuses);
    // the runs already started are still followed, and the end tries to record them again.
    let broken: Error | undefined;
    return {
      previous,
      beforeSubmit: async (fresh) => {
        if (broken !== undefined) throw broken;
        await this.record(fresh, (s, ps) => recordIntents(s, ps, context()));
      },
      onSubmitted: (results) =>
        this.record(results, (s, ps) => {
          recordResults(s, ps, context());
          learnRunsPerPair(s, ps);
        }).catch((error: unknown) => {
          broken = error as Error;
          this.o.log(
            `Could not record the replies in the activation state: ${broken.message}. Nothing more is submitted.`,
          );
        }),
    };
  }

  private async record(
    pairs: readonly PairResult[],
    change: (s: ActivationState, ps: PairResult[]) => void,
  ): Promise<void> {
    for (const [sandbox, ps] of Map.groupBy(pairs, (p) => p.sandbox)) {
      const state = this.stateOf(sandbox);
      if (state === undefined) throw new StateUnavailable(`no state is held for sandbox ${sandbox}`);
      change(state, ps);
      await this.save(keyPath(state.key));
    }
  }

  /** Record every pair's outcome and release the locks. */
  async finish(
    report: ApplyReport,
    commit: string,
    ctx: Omit<RequestContext, "now" | "commit">,
  ): Promise<string | undefined> {
    if (!report.dryRun)
      for (const [sandbox, ps] of Map.groupBy(report.results, (p) => p.sandbox)) {
        const state = this.stateOf(sandbox);
        if (state !== undefined) recordResults(state, ps, { ...ctx, commit, now: this.o.clock.now() });
      }
    return this.release();
  }

  /**
   * Write each key without this run's lock. Best effort at the end of a run (an expired lock frees
   * itself); `strict` (decisions people asked to record) throws instead.
   */
  async release(strict = false): Promise<string | undefined> {
    let problem: string | undefined;
    for (const [path, h] of this.held) {
      if (h.state.lock?.holder === this.o.holder) delete h.state.lock;
      try {
        h.version = await this.o.store.write(h.state, h.version);
      } catch (error) {
        if (strict) throw error;
        problem = `the state of ${path} could not be written at the end: ${(error as Error).message}`;
        this.o.log(`${problem}.`);
        // A finished run must not keep the key locked: give the lock back over what is stored.
        await this.unlock(h);
      }
    }
    return problem;
  }

  private async unlock(h: Held): Promise<void> {
    try {
      // The run's own scope: giving the lock back needs no more than taking it did.
      const snap = await this.o.store.read(h.state.key, this.o.scope);
      if (snap.state?.lock?.holder !== this.o.holder) return;
      delete snap.state.lock;
      await this.o.store.write(snap.state, snap.version);
    } catch (error) {
      this.o.log(
        `Could not give back the lock of ${keyPath(h.state.key)}: ${(error as Error).message}. It frees itself when it expires.`,
      );
    }
  }

  /** Give the locks back over the state as it is stored, dropping what this run changed in memory. */
  async abandon(): Promise<void> {
    for (const h of this.held.values()) await this.unlock(h);
  }

  /** Every record of the held keys (for the summary and the CLI). */
  states(): ActivationState[] {
    return [...this.held.values()].map((h) => h.state);
  }
}
