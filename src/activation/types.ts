// The engine's data: what it is asked to do, the port it talks to Platform through, and what it reports.
import type { AudienceInfo, ExportJobInfo, FlowInfo, RunInfo, SubmitOutcome } from "../aep/platform.js";
import type { AudienceSize, AudienceSizes } from "../aep/sizes.js";
import type { RequestedPair } from "../plan/changes.js";
import type { Detail } from "./messages.js";
import type { OutcomeCode, PairStatus } from "./outcome.js";
import type { Stop } from "../clock.js";

/** What the engine needs of Platform; the Adobe client implements it, tests may hand in others. */
export interface PlatformPort {
  getFlow(sandbox: string, flowId: string): Promise<FlowInfo | undefined>;
  getRun(sandbox: string, runId: string): Promise<RunInfo>;
  /** `expected`: how many runs the caller looks for there (more pages may be read for them). */
  listRuns(sandbox: string, flowId: string, since?: number, expected?: number): Promise<RunInfo[]>;
  listExportJobs(sandbox: string): Promise<ExportJobInfo[]>;
  /** Audiences by ID (names, external audiences); without it pre-flight shows the plans' names unchecked. */
  getAudiences?(sandbox: string, ids: readonly string[]): Promise<AudienceInfo[]>;
  /** Audience sizes at their newest evaluation; without it pre-flight says sizes were not checked. */
  getAudienceSizes?(sandbox: string, ids: readonly string[]): Promise<AudienceSizes>;
  submit(
    sandbox: string,
    activationInfo: Record<string, string[]>,
    exportIds?: string[],
  ): Promise<SubmitOutcome>;
}

export interface PairResult {
  sandbox: string;
  destination: string;
  audience: string;
  jobId: string;
  wave: number;
  requestedBy: RequestedPair[];
  status: PairStatus | "pending";
  /** How the pair ended (set with the status). */
  code?: OutcomeCode;
  /** The facts behind the code, for the sentence in `reason`. */
  detail?: Detail;
  /** The sentence people read (made from the code and detail by messages.ts). */
  reason?: string;
  runId?: string;
  /** This run's submission started the pair's run (not an earlier run's, followed from the state). */
  sent?: true;
  run?: RunInfo;
  /** Platform's names for the audience and the dataflow, as pre-flight read them. */
  names?: { audience?: string; destination?: string };
  /** The audience's profiles at its newest evaluation; `external`: Platform does not evaluate it. */
  size?: AudienceSize | "external";
}

export interface RunTiming {
  runId: string;
  jobId: string;
  wave: number;
  submittedAt: number;
  endedAt?: number;
  /** Platform's status as reported, or `submitted` / `followed` before the first read. */
  status: string;
}

export interface ApplyReport {
  results: PairResult[];
  runs: RunTiming[];
  startedAt: number;
  finishedAt: number;
  submissions: number;
  polls: number;
  dryRun: boolean;
  /** The freeze was on: nothing new was submitted. */
  frozen?: boolean;
  /** The run stopped before its end: the runner cancelled it, or its time budget ended. */
  stopped?: "cancelled" | "budget-ended";
  /** Set when the activation state could not record the outcomes at the end (they are in this report). */
  stateNotRecorded?: string;
  /** Pre-flight read every audience's size from Platform's evaluations (segment jobs). */
  sizesChecked?: true;
  /** Pre-flight read every audience's name from Platform (and checked the plans' names against them). */
  namesChecked?: true;
  /** Information for people that is not a pair's outcome (a dry run: a scheduled export running now). */
  notes?: string[];
  /** What the run sent to Platform and IMS: requests by kind, the in-flight limit, time paused by 429s. */
  traffic?: { calls: [kind: string, count: number][]; limit: number; pausedMs: number };
}

export interface EarlierEntry {
  /** superseded: a later merge's request for the pair exists (this is a rerun of an older run). */
  state: "succeeded" | "running" | "unknown" | "superseded";
  /** Superseded: the later merge commit that asked for it. */
  by?: string;
  runId?: string;
  /** When the state last recorded it (epoch ms): its run was created before, within a run's length. */
  recordedAt?: number;
  /** Unknown: runs that could be this pair's (shown to people). */
  candidates?: string[];
}

export interface ApplyOptions {
  apiVersion: 1 | 2;
  dryRun: boolean;
  /** The freeze (a legal hold, an incident): nothing new is submitted; runs already started are followed. */
  frozen?: boolean;
  /** Longest wait for a scheduled export to finish, per sandbox. */
  preflightTimeoutMs: number;
  /** Longest time to follow the runs of one wave (and a conflicting run before resubmitting). */
  runTimeoutMs: number;
  pollInitialMs: number;
  pollMaxMs: number;
  /** Progress line interval while waiting. */
  heartbeatMs: number;
  /** What earlier runs of this request left (the activation state), by pair key. */
  previous?: Map<string, EarlierEntry>;
  /**
   * Called with the pairs about to be submitted, before each wave (to record their intent). When it
   * throws, nothing more is submitted: those pairs and all later ones end `state-unavailable`.
   */
  beforeSubmit?: (pairs: PairResult[]) => Promise<void>;
  /** Called after each wave's submissions, before its runs are followed (to record them). */
  onSubmitted?: (results: PairResult[]) => Promise<void>;
  /** After a lost reply, wait this long for Platform's runs list to catch up before reading it. */
  listSettleMs?: number;
  /** The run's stop (its time budget, its cancellation): no new wave starts after it, no wait passes it. */
  stop?: Stop;
  /** An audience evaluated longer ago than this (ms) is a pre-flight finding (default MAX_EVALUATION_AGE_MS). */
  maxEvaluationAgeMs?: number;
}

/** What the activation state hands the engine: what earlier runs left, and where to record intents and replies. */
export type LedgerHooks = Pick<ApplyOptions, "previous" | "onSubmitted" | "beforeSubmit">;

/** The options the CLI and the Action use: poll intervals for runs that take minutes. */
export function standardApplyOptions(o: {
  apiVersion: 1 | 2;
  dryRun: boolean;
  timeoutMinutes: number;
}): ApplyOptions {
  return {
    apiVersion: o.apiVersion,
    dryRun: o.dryRun,
    preflightTimeoutMs: o.timeoutMinutes * 60_000,
    runTimeoutMs: o.timeoutMinutes * 60_000,
    pollInitialMs: 2_000,
    pollMaxMs: 30_000,
    heartbeatMs: 30_000,
    listSettleMs: 60_000,
  };
}
