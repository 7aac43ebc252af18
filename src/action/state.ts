// The activation state for an apply: a branch of this repository (the GitHub home), keyed by the Adobe
// org, each sandbox the plan touches and the step-key input. Fails closed as state-unavailable.
import { randomUUID } from "node:crypto";
import { keysOf, lockTimes } from "../app/state-lock.js";
import { StateSession } from "../app/state-session.js";
import type { GitHubClient } from "../github/client.js";
import type { Repo } from "../github/comment.js";
import { GitHubStateStore } from "../github/state-store.js";
import { stateUnavailableMessage } from "../state/messages.js";
import {
  reconcileKey,
  StateConflict,
  StateUnavailable,
  type ActivationState,
  type CatchUpStart,
  type ReadScope,
} from "../state/types.js";
import { ActionFailure, type ActionContext } from "./context.js";

const HOLDER = /^github run (\d+) attempt (\d+) /;

/** A state that cannot be read, locked or written fails the run as state-unavailable; other errors stay. */
const stores = new WeakMap<ActionContext, GitHubStateStore>();

/** The run's one state store: reads of several keys at one tip share its commit and tree reads. */
export function stateStore(ctx: ActionContext, gh: GitHubClient, repository: Repo): GitHubStateStore {
  const known = stores.get(ctx);
  if (known !== undefined) return known;
  const store = new GitHubStateStore(gh, repository, ctx.settings.stateBranch);
  stores.set(ctx, store);
  return store;
}

export const fail = (error: unknown) =>
  error instanceof StateUnavailable
    ? new ActionFailure("state-unavailable", stateUnavailableMessage(error))
    : error;

/**
 * Read and lock the state of every sandbox these jobs (or pairs) touch. `scope`: what an apply needs
 * (scopeOf); without it every record is read (decisions about unknown pairs need all).
 */
export async function openState(
  ctx: ActionContext,
  touched: readonly { sandbox: string }[],
  manual: boolean,
  scope?: ReadScope,
): Promise<StateSession> {
  const { settings, gh, port, clock } = ctx;
  if (settings.credentials === undefined)
    throw new ActionFailure(
      "configuration",
      "No Platform credentials: set client-id, org-id and client-secret (or access-token). The activation state is kept per org-id.",
    );
  if (gh === undefined || settings.repository === undefined)
    throw fail(
      new StateUnavailable(
        "no GitHub token to read it with",
        "pass github-token (the default ${{ github.token }} works) with contents: write permission",
      ),
    );
  const runId = settings.runId ?? "local";
  // A nonce: two jobs of one workflow run (a matrix) on the same key must not hold it together.
  const holder = `github run ${runId} attempt ${settings.runAttempt} (${settings.repository.owner}/${settings.repository.repo}, ${randomUUID().slice(0, 8)})`;
  const keys = keysOf(touched, settings.credentials.orgId, settings.stepKey);
  if (settings.init && !manual)
    port.warning("init: true is only honoured on a manual (workflow_dispatch) run; it is ignored here.");
  try {
    return await StateSession.open(
      {
        store: stateStore(ctx, gh, settings.repository),
        holder,
        // An earlier attempt of this same workflow run cannot still be running: its lock is taken over.
        supersedes: (other) => {
          const m = HOLDER.exec(other);
          return m !== null && m[1] === runId && Number(m[2]) < settings.runAttempt;
        },
        init: settings.init && manual,
        ...(scope === undefined ? {} : { scope }),
        clock,
        stop: ctx.stop,
        ...lockTimes(settings.timeoutMinutes),
        log: (m) => port.info(m),
      },
      keys,
    );
  } catch (error) {
    throw fail(error);
  }
}

/**
 * What a push knows of its step's reconcile pointer, read without a lock: the records, keyed by the
 * merge commit that asked, keep two runs that walk the same merges from submitting a pair twice;
 * the pointer only says where the next walk starts.
 */
export interface Pointer {
  /** The last reconciled commit; undefined before the first run that records one. */
  commit: string | undefined;
  /** The recent catch-up runs, by head: where each applied from, and when. */
  starts: () => [string, CatchUpStart][];
  /**
   * Records a catch-up run's start before it submits anything (its rerun, even of a killed run,
   * starts there again and judges lateness as of then); `reconciled` stays. Best effort.
   */
  recordStart: (head: string, start: CatchUpStart) => Promise<void>;
  /**
   * Moves it to `head` (`start`: a catch-up run's, recorded for its reruns) unless another run wrote
   * it since it was read; `create`: also when there is none yet. Best effort: says so when not.
   */
  advance: (head: string, start: CatchUpStart | undefined, create?: boolean) => Promise<void>;
  /** The sandboxes whose states hold pending pairs (windows that open later). */
  pendingIn: () => string[];
  /** The state branch's version the pointer was read at (or this run last wrote it at). */
  version: () => string | undefined;
  /**
   * Adds and removes sandboxes of `pendingIn`, read again when another run wrote the key since.
   * Throws StateUnavailable: a pending pair nobody would look for must not be recorded.
   */
  notePending: (add: readonly string[], remove: readonly string[]) => Promise<void>;
}

/** How many catch-up runs' starts are kept for their reruns. */
const STARTS_KEPT = 50;

/**
 * The step's reconcile pointer, or undefined when the run keeps no state (no token or credentials)
 * or it cannot be read: then a push applies its own change, as before the pointer existed.
 */
export async function readPointer(ctx: ActionContext, failClosed = false): Promise<Pointer | undefined> {
  const { settings, gh, port } = ctx;
  if (gh === undefined || settings.repository === undefined || settings.credentials === undefined)
    return undefined;
  const store = stateStore(ctx, gh, settings.repository);
  // A run limited to some sandboxes keeps its own pointer: the jobs of other sandboxes reconcile on their own.
  const limit = settings.sandboxes;
  const unlimited = reconcileKey(settings.credentials.orgId, settings.stepKey);
  const key =
    limit.length === 0 ? unlimited : { ...unlimited, stepKey: `${settings.stepKey}@${limit.join("+")}` };
  try {
    // As read, then as this run wrote it (its own writes are not another run's).
    let { state: was, version } = await store.read(key);
    if (was === undefined && limit.length > 0) {
      // A limit's first run starts where the unlimited pointer (the setup run's) is, with its pending
      // sandboxes: a merge missed before this limit's first run is caught up, not lost.
      const from = (await store.read(unlimited)).state;
      if (from?.reconciled !== undefined) {
        const pendingIn = (from.pendingIn ?? []).filter((s) => limit.includes(s));
        was = {
          key,
          records: new Map(),
          reconciled: from.reconciled,
          ...(pendingIn.length > 0 ? { pendingIn } : {}),
        };
      }
    }
    let stale = false;
    /** Writes the key as read and changed by `change` (pendingIn: the sandboxes, when given). */
    const write = async (
      reconciled: string | undefined,
      start: [string, CatchUpStart] | undefined,
      pendingIn?: readonly string[],
    ): Promise<void> => {
      const starts = Object.entries({
        ...was?.starts,
        ...(start === undefined ? {} : { [start[0]]: start[1] }),
      })
        .sort(([, a], [, b]) => b.at - a.at)
        .slice(0, STARTS_KEPT);
      const state: ActivationState = { key, records: new Map(), ...was };
      if (reconciled === undefined) delete state.reconciled;
      else state.reconciled = reconciled;
      if (starts.length === 0) delete state.starts;
      else state.starts = Object.fromEntries(starts);
      if (pendingIn !== undefined && pendingIn.length === 0) delete state.pendingIn;
      else if (pendingIn !== undefined) state.pendingIn = [...pendingIn].sort();
      version = await store.write(state, version);
      was = state;
    };
    const kept = (error: unknown) =>
      port.info(
        `The reconcile pointer stays at ${was?.reconciled?.slice(0, 12) ?? "none"} (${(error as Error).message}): the next push walks from there, and submits nothing twice.`,
      );
    return {
      commit: was?.reconciled,
      starts: () => Object.entries(was?.starts ?? {}),
      version: () => version,
      recordStart: async (head, start) => {
        if (was?.reconciled === undefined) return;
        await write(was.reconciled, [head, start]).catch(kept);
      },
      advance: async (head, start, create = false) => {
        if (was === undefined ? !create : was.reconciled === head && start === undefined) return;
        if (stale) {
          kept(new Error("another run moved it since this run read it"));
          return;
        }
        try {
          await write(head, start === undefined ? undefined : [head, start]);
          port.info(`Reconciled up to ${head.slice(0, 12)}: the next push applies from here.`);
        } catch (error) {
          kept(error);
        }
      },
      pendingIn: () => [...(was?.pendingIn ?? [])],
      notePending: async (add, remove) => {
        for (let attempt = 0; ; attempt++) {
          const had = was?.pendingIn ?? [];
          const next = new Set([...had, ...add]);
          for (const s of remove) next.delete(s);
          if (next.size === had.length && had.every((s) => next.has(s))) return;
          try {
            await write(was?.reconciled, undefined, [...next]);
            return;
          } catch (error) {
            if (!(error instanceof StateConflict) || attempt >= 2)
              throw error instanceof StateUnavailable
                ? error
                : new StateUnavailable(
                    `the reconcile key could not be written (${(error as Error).message})`,
                  );
            const read = was?.reconciled;
            ({ state: was, version } = await store.read(key));
            // Another run moved the pointer: this run's view of it is stale, so it must not advance it.
            if (was?.reconciled !== read) stale = true;
          }
        }
      },
    };
  } catch (error) {
    // A scheduled run (or a plain manual one) has nothing else to go on: it fails closed.
    if (failClosed)
      throw new ActionFailure(
        "state-unavailable",
        `The reconcile pointer could not be read (${(error as Error).message}): nothing was caught up or sent. Run again when GitHub answers.`,
      );
    port.info(
      `The reconcile pointer could not be read (${(error as Error).message}): this push applies its own change only.`,
    );
    return undefined;
  }
}
