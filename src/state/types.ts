// The durable activation state: one record per requested pair, kept across workflow runs so that a
// pair is submitted at most once and always ends known. Pure data; the homes (a state branch on
// GitHub, a local file) implement StateStore. A state is keyed by the Adobe org, the sandbox and the
// `step-key` input, never by the sandbox name alone (two orgs may both have a `prod`).
import { canonicalId } from "../plan/ids.js";

/** Which state a run works on. */
export interface StateKey {
  org: string;
  sandbox: string;
  /** The `step-key` input (empty by default): separates two steps or repositories on one sandbox. */
  stepKey: string;
}

/**
 * Where a pair is:
 * - `intent`: recorded before its submission; the reply is not recorded yet (a crash may have left
 *   runs on Platform). Treated like `unknown` by the next run.
 * - `submitted`: accepted, with its run IDs; the runs' end is not recorded yet.
 * - `unknown`: the submission may have reached Platform and no run is attributed to it.
 * - `succeeded`, `failed`: the end, with the outcome code.
 * - `expired`: the request was superseded or is past its window; never submitted again.
 * - `pending`: asked for by a merge while its plan's window had not opened; never submitted yet. A
 *   scheduled run sends it once the window is open (or expires it when the window closed first).
 */
export type RecordState = "intent" | "submitted" | "unknown" | "succeeded" | "failed" | "expired" | "pending";

/** Every RecordState, for the decoders. */
export const RECORD_STATES: ReadonlySet<string> = new Set<RecordState>([
  "intent",
  "submitted",
  "unknown",
  "succeeded",
  "failed",
  "expired",
  "pending",
]);

export interface PairRecord {
  /** The request: which commit asked for which pair, and through which plan file. */
  commit: string;
  plan: string;
  destination: string;
  audience: string;
  /**
   * The pull request and reviewed plan hash the commit was merged under, when there was one, and who
   * approved it at the reviewed head as the activation policy counted them (a later run sends the
   * pair only under these approvals).
   */
  review?: { pr: number; hash: string; approvedBy?: string[] };
  state: RecordState;
  /** The intent, written before the submission: the job, when (epoch ms) and by which API client. */
  job?: string;
  intentAt?: number;
  client?: string;
  /** Run IDs from Platform's reply (or attributed by resolution). */
  runIds?: string[];
  /** How it ended, or why it is unknown (an outcome code). */
  code?: string;
  /** Submissions made for this request (a failed pair may be retried). */
  attempts: number;
  /** Runs that could belong to an unknown pair, shown to people when the match is ambiguous. */
  candidates?: string[];
  /** `force: true` resent a succeeded pair; the previous run IDs are kept here. */
  forced?: string[];
  /** When its plan's window opened (or opens): a pending request's, kept once it is sent (lateness). */
  due?: number;
  updatedAt: number;
}

/** Where a catch-up run applied from, and when it ran. */
export interface CatchUpStart {
  from: string;
  at: number;
}

/** The run holding the key, and until when (epoch ms) its lock is valid. */
export interface StateLock {
  holder: string;
  until: number;
}

export interface ActivationState {
  key: StateKey;
  lock?: StateLock;
  /** Runs one accepted submission created per pair, learned from replies (undefined: not yet seen). */
  runsPerPair?: number;
  /**
   * On a step's reconcile key (reconcileKey): the commit up to which the default branch's merges
   * have all been turned into requests. A push applies from here, catching up merges whose run never
   * happened.
   */
  reconciled?: string;
  /**
   * The runs that caught up, by their head: where each applied from and when (epoch ms). A rerun of
   * one applies from there again, judging lateness as of then. The latest few are kept.
   */
  starts?: Record<string, CatchUpStart>;
  /**
   * On a step's reconcile key: the sandboxes whose states hold pending pairs (windows that open
   * later), for the scheduled run to read, even after their plans were deleted.
   */
  pendingIn?: string[];
  /** Records by requestId(commit, destination, audience). */
  records: Map<string, PairRecord>;
  /**
   * Set when the home read only the records of some plans (a scoped read): the others stay as
   * stored, and a write keeps them. Records of other plans must not be added to such a state.
   */
  partial?: PartialRead;
}

/**
 * What a run needs of a key: the records of its commit, and those of these plan files. A home may
 * return more (the whole state), and returns everything while any record is still to resolve
 * (intent, unknown): resolving needs every run the state explains.
 */
export interface ReadScope {
  commit: string;
  /** Other commits whose requests the run works on (the merges a push carries). */
  merges?: readonly string[];
  plans: ReadonlySet<string>;
}

/** What a scoped read read: the plans whose records it holds, and the stored index of commits. */
export interface PartialRead {
  plans: ReadonlySet<string>;
  /** Commit → the plan files holding its records, as stored: a write keeps it and adds to it. */
  commits: ReadonlyMap<string, readonly string[]>;
}

/** What a home returned: the state (undefined when none exists for the key) and its version for CAS. */
export interface StateSnapshot {
  state: ActivationState | undefined;
  /** Opaque; a write naming an older version is refused. Undefined when there is no state. */
  version: string | undefined;
}

/** The state could not be read, locked or written: nothing may be submitted. */
export class StateUnavailable extends Error {
  constructor(
    message: string,
    /** What people can do about it, e.g. the permission to grant or the rule to relax. */
    readonly remedy?: string,
  ) {
    super(message);
  }
}

/** Another run wrote the key since it was read (compare-and-swap refused). */
export class StateConflict extends Error {}

export interface StateStore {
  /** Where the state lives, for people ("branch aep-activation-state of o/r", "file state.json"). */
  readonly where: string;
  /**
   * Throws StateUnavailable. Without a scope, or when the home cannot tell, every record is read.
   * `at`: a version another read of this run returned, read instead of the latest (a look without a
   * lock, at one snapshot); a home with one version only ignores it.
   */
  read(key: StateKey, scope?: ReadScope, at?: string): Promise<StateSnapshot>;
  /**
   * Writes the key's state if its version is still `version` (undefined: create, refused when one
   * exists). Returns the new version. Throws StateConflict or StateUnavailable.
   */
  write(state: ActivationState, version: string | undefined): Promise<string>;
}

/**
 * The key that holds a step's reconcile pointer (ActivationState.reconciled) and no records: its
 * sandbox is empty, which no plan's sandbox can be (its path is `<org>/%/<step>`).
 */
export const reconcileKey = (org: string, stepKey: string): StateKey => ({ org, sandbox: "", stepKey });

export const requestId = (commit: string, destination: string, audience: string): string =>
  `${commit}|${canonicalId(destination)}|${canonicalId(audience)}`;

const SAFE = /^[A-Za-z0-9._-]$/;

/**
 * One segment of a key's path: each UTF-8 byte outside [A-Za-z0-9._-] (`%` included) as %XX, so
 * that distinct values never share a directory. Git refuses `.` and `..` as names, and `""` would
 * be no directory at all, so those are escaped too: `%2E`, `%2E%2E` and a bare `%` (never the
 * output of escaping, so still one-to-one).
 */
function segment(s: string): string {
  if (s === "") return "%";
  let out = "";
  for (const b of Buffer.from(s, "utf8")) {
    const c = String.fromCharCode(b);
    out += SAFE.test(c) ? c : `%${b.toString(16).toUpperCase().padStart(2, "0")}`;
  }
  return out === "." || out === ".." ? out.replace(/\./g, "%2E") : out;
}

/**
 * A path-safe name for a key (org IDs hold `@`): `<org>/<sandbox>/<step-key or "default">`, one
 * key to one path. The empty step key is `default`, so a step key spelled `default` is `%64efault`.
 */
export function keyPath(key: StateKey): string {
  const step =
    key.stepKey === "" ? "default" : key.stepKey === "default" ? "%64efault" : segment(key.stepKey);
  return `${segment(key.org)}/${segment(key.sandbox)}/${step}`;
}
