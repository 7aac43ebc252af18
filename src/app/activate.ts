// The use case "activate a job plan", shared by the CLI and the Action: connect to Platform with the
// given settings, run the engine (pre-flight only, or a full apply), and always close the connection.
import { Applier } from "../activation/engine.js";
import {
  standardApplyOptions,
  type ApplyOptions,
  type ApplyReport,
  type LedgerHooks,
} from "../activation/types.js";
import { reasonFor } from "../activation/messages.js";
import { connectPlatform, type PlatformSettings } from "../aep/connect.js";
import type { Clock, Stop } from "../clock.js";
import type { ExecutionPlan } from "../jobs/planner.js";
import type { StateSession } from "./state-session.js";

/** The durable state a run works under (the Action always; the CLI with --state). */
export interface StateUse {
  session: StateSession;
  /** The commit whose request this is, and the review it was merged under. */
  commit: string;
  review?: { pr: number; hash: string };
  /** A run of several merges: the merge commit that asked for each pair and its review (by pairKey). */
  commits?: ReadonlyMap<string, string>;
  reviews?: ReadonlyMap<string, { pr: number; hash: string }>;
  /** Resend pairs the state holds as succeeded (recorded); never unknown ones. */
  force: boolean;
  /** Later merges (a rerun of an older run): their requests for a pair stand for this one's. */
  later?: readonly string[];
  /**
   * A later run sends what waits (the Action's scheduled runs): a pair waiting for Adobe's
   * first-activation hour is kept pending, not failed. The CLI has no such run, so it fails it.
   */
  laterRuns?: boolean;
}

export interface ActivateRequest {
  platform: PlatformSettings;
  apiVersion: 1 | 2;
  dryRun: boolean;
  /** Submit nothing new; follow what earlier runs started (see ApplyOptions.frozen). */
  frozen?: boolean;
  timeoutMinutes: number;
  /** An audience evaluated longer ago than this (ms) is a finding (default 26 h). */
  maxEvaluationAgeMs?: number;
  /** The run's stop (time budget, cancellation): no wave starts and no wait lasts past it. */
  stop?: Stop;
  /** The rerun ledger's hooks, when one is kept. */
  ledger?: LedgerHooks;
  state?: StateUse;
}

export interface ActivateHooks {
  clock: Clock;
  log: (message: string) => void;
  /** Every secret the connection learns (tokens), for masking. */
  registerSecret: (value: string) => void;
}

/** activated-recently pairs as first-activation-wait: recorded pending, sent by a later run. */
function keptPending(report: ApplyReport): ApplyReport {
  if (!report.results.some((p) => p.code === "activated-recently")) return report;
  const results = report.results.map((p) => {
    if (p.code !== "activated-recently") return p;
    const detail = p.detail ?? {};
    const reason = reasonFor("first-activation-wait", detail);
    return { ...p, code: "first-activation-wait" as const, ...(reason === undefined ? {} : { reason }) };
  });
  return { ...report, results };
}

export async function activate(
  plan: ExecutionPlan,
  request: ActivateRequest,
  hooks: ActivateHooks,
): Promise<ApplyReport> {
  const platform = connectPlatform(
    { ...request.platform, ...(request.stop === undefined ? {} : { cancelled: request.stop.signal }) },
    hooks.clock,
    hooks.registerSecret,
    hooks.log,
  );
  try {
    const { state } = request;
    const client = request.platform.credentials.clientId;
    const context = {
      client,
      ...(state?.review === undefined ? {} : { review: state.review }),
      ...(state?.commits === undefined ? {} : { commits: state.commits }),
      ...(state?.reviews === undefined ? {} : { reviews: state.reviews }),
    };
    let ledger = request.ledger;
    if (state !== undefined) {
      // Unknown pairs are resolved before anything is submitted (a dry run only reads).
      const unexplained = request.dryRun ? [] : await state.session.resolve(platform.client, client);
      if (unexplained.length > 0)
        hooks.log(
          `Warning: ${unexplained.length} run(s) on these dataflows were created by this credential (${client}) but not by this state: ${unexplained.map((r) => r.id).join(", ")}. Another step-key, repository or CLI user shares it; give each state key its own credential so unknown pairs can be resolved.`,
        );
      if (state.force)
        hooks.log(
          "force: true: pairs the state holds as succeeded are submitted again (recorded); unknown pairs are not.",
        );
      ledger = state.session.hooks(state.commit, plan.pairs, state.force, context, state.later);
    }
    const options: ApplyOptions = {
      ...standardApplyOptions({
        apiVersion: request.apiVersion,
        dryRun: request.dryRun,
        timeoutMinutes: request.timeoutMinutes,
      }),
      ...ledger,
      ...(request.frozen === true ? { frozen: true } : {}),
      ...(request.stop === undefined ? {} : { stop: request.stop }),
      ...(request.maxEvaluationAgeMs === undefined ? {} : { maxEvaluationAgeMs: request.maxEvaluationAgeMs }),
    };
    let report = await new Applier(platform.client, hooks.clock, hooks.log, options).apply(plan);
    // With a state, a pair waiting for Adobe's first-activation hour is kept as pending, not failed.
    if (state?.laterRuns === true && !request.dryRun) report = keptPending(report);
    const notRecorded = await state?.session.finish(report, state.commit, context);
    report = {
      ...report,
      traffic: {
        calls: [...platform.stats.calls].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)),
        limit: platform.limit,
        pausedMs: platform.stats.pausedMs,
      },
    };
    return notRecorded === undefined ? report : { ...report, stateNotRecorded: notRecorded };
  } finally {
    await platform.close();
  }
}
