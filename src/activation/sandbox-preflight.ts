// One sandbox's pre-flight, before its first submission: read its dataflows, its audiences' names
// (audiences/bulk-get) and sizes (segment jobs), settle every pair a merge should not send (with its
// finding), and wait (bounded) for a scheduled export in progress. A dry run (a PR's check) reads the
// export status once, as a note. Names or sizes that cannot be read are a note, never a finding.
import type { FlowInfo } from "../aep/platform.js";
import { stopReason, type Clock } from "../clock.js";
import type { Job } from "../jobs/planner.js";
import type { PairBook } from "./book.js";
import { exportNote, findingSentence, plural, uncheckedNote } from "./messages.js";
import {
  checkEvaluation,
  checkNames,
  checkPair,
  scheduledExportInProgress,
  waitForScheduledExports,
} from "./preflight.js";
import type { ApplyOptions, PairResult, PlatformPort } from "./types.js";

export interface PreflightContext {
  client: PlatformPort;
  clock: Clock;
  log: (message: string) => void;
  options: ApplyOptions;
  book: PairBook;
  /** Information for people (a scheduled export running now, names that could not be read). */
  notes: string[];
  /** v1 submissions: the profile export job's ID, by sandbox. */
  exportIds: Map<string, string[]>;
}

/** What `read` gives, or why it could not (then what it reads is not checked: a note, not a finding). */
async function readOrWhy<T>(read: (() => Promise<T>) | undefined, missing: string): Promise<T | string> {
  if (read === undefined) return missing;
  try {
    return await read();
  } catch (error) {
    return (error as Error).message;
  }
}

/** What pre-flight read from Platform for a sandbox: every audience's name, every audience's size. */
export interface Checked {
  names: boolean;
  sizes: boolean;
}

/** Checks a sandbox's pairs; returns what of Platform's names and sizes it could read for them. */
export async function preflightSandbox(
  ctx: PreflightContext,
  sandbox: string,
  jobs: readonly Job[],
): Promise<Checked> {
  const { book, options, log } = ctx;
  const pairs = jobs.flatMap((j) => book.pairsOf(j));
  const flowIds = [...new Set(pairs.map((p) => p.destination))].sort();
  log(
    `Pre-flight in sandbox ${sandbox}: ${plural(flowIds.length, "dataflow")}, ${plural(pairs.length, "pair")}.`,
  );
  const flows = new Map<string, FlowInfo | undefined>();
  try {
    for (const id of flowIds) flows.set(id, await ctx.client.getFlow(sandbox, id));
  } catch (error) {
    book.settle(pairs, "preflight-unreadable", { step: "dataflows", message: (error as Error).message });
    return { names: false, sizes: false };
  }
  // A port may lack these reads (tests hand in others): then names and sizes are not checked.
  const getAudiences = ctx.client.getAudiences?.bind(ctx.client);
  const getSizes = ctx.client.getAudienceSizes?.bind(ctx.client);
  const audienceIds = [...new Set(pairs.map((p) => p.audience))].sort();
  const audiences = await readOrWhy(
    getAudiences === undefined
      ? undefined
      : async () => new Map((await getAudiences(sandbox, audienceIds)).map((a) => [a.id, a])),
    "this client cannot read audiences",
  );
  if (typeof audiences === "string") {
    const note = uncheckedNote(sandbox, "names", audiences);
    ctx.notes.push(note);
    log(note);
  }
  const now = ctx.clock.now();
  // Externals are Platform's to name, not to evaluate: their size is unknown, not stale.
  const external = (p: PairResult) =>
    (typeof audiences !== "string" && audiences.get(p.audience)?.external === true) ||
    flows.get(p.destination)?.selectors.some((s) => s.systemSegmentId === p.audience) === true;
  const evaluated = [...new Set(pairs.filter((p) => !external(p)).map((p) => p.audience))].sort();
  const sizes = await readOrWhy(
    getSizes === undefined ? undefined : () => getSizes(sandbox, evaluated),
    "this client cannot read segment jobs",
  );
  if (typeof sizes === "string") {
    const note = uncheckedNote(sandbox, "sizes", sizes);
    ctx.notes.push(note);
    log(note);
  }
  for (const p of pairs) {
    const flow = flows.get(p.destination);
    const audience = typeof audiences === "string" ? undefined : audiences.get(p.audience);
    // Mapped by its ID in Platform; else (an external audience named by its source's ID) by that.
    const selector =
      flow?.selectors.find((s) => (s.systemSegmentId ?? s.audienceId) === p.audience) ??
      flow?.selectors.find((s) => s.audienceId === p.audience);
    const audienceName = audience?.name ?? selector?.name;
    const names = {
      ...(audienceName === undefined ? {} : { audience: audienceName }),
      ...(flow?.name === undefined ? {} : { destination: flow.name }),
    };
    if (Object.keys(names).length > 0) p.names = names;
    if (typeof sizes !== "string") {
      const size = external(p) ? "external" : sizes.sizes.get(p.audience);
      if (size !== undefined) p.size = size;
    }
    if (p.status !== "pending" || p.runId !== undefined) continue; // settled, or a run being followed
    const finding =
      checkPair(flow, p.destination, sandbox, p.audience, now) ??
      checkNames(p, names) ??
      (typeof sizes === "string" ? undefined : checkEvaluation(p, sizes, now, options.maxEvaluationAgeMs));
    if (finding !== undefined) {
      book.settle([p], finding.code, finding.detail, finding.detail.where === undefined);
      log(
        `Not submitting ${p.audience} → ${p.destination}: ${findingSentence(finding.code, finding.detail)}`,
      );
    }
  }
  const remaining = pairs.filter((p) => p.status === "pending" && p.runId === undefined);
  if (remaining.length > 0 && options.dryRun) {
    // Read once, never waited for: a dry run (a PR's pre-flight) says so, as information.
    const flows = [...new Set(remaining.map((p) => p.destination))];
    const busy = await scheduledExportInProgress(ctx.client, sandbox, flows, ctx.clock.now()).catch(
      () => undefined,
    );
    const note = busy === undefined ? undefined : exportNote(sandbox, busy);
    if (note !== undefined) {
      ctx.notes.push(note);
      log(note);
    }
  }
  const checked = { names: typeof audiences !== "string", sizes: typeof sizes !== "string" };
  if (remaining.length === 0 || options.dryRun || options.frozen === true) return checked;
  if (!(await holdForExports(ctx, sandbox, remaining))) return checked;
  try {
    if (options.apiVersion === 1) {
      const profile = (await ctx.client.listExportJobs(sandbox)).find(
        (j) => j.schemaName === "_xdm.context.profile",
      );
      if (profile === undefined) book.settle(remaining, "no-export-job");
      else ctx.exportIds.set(sandbox, [profile.id]);
    }
  } catch (error) {
    book.settle(remaining, "preflight-unreadable", { step: "exports", message: (error as Error).message });
  }
  return checked;
}

/**
 * Waits (bounded) while a scheduled export runs on the pairs' dataflows; pairs it outlasts, or the
 * run's stop ends the wait for, are settled with why. Pre-flight does this before a sandbox's first
 * wave, and the engine again before each later one (an export may start while a wave runs). False
 * when the exports could not be read (the pairs are settled as unreadable).
 */
export async function holdForExports(
  ctx: PreflightContext,
  sandbox: string,
  pairs: readonly PairResult[],
  /** Runs the apply started (its earlier waves'): not a scheduled export, whatever their status. */
  ours?: ReadonlySet<string>,
): Promise<boolean> {
  const { book, options } = ctx;
  try {
    const busy = await waitForScheduledExports(
      ctx.client,
      sandbox,
      [...new Set(pairs.map((p) => p.destination))],
      options.preflightTimeoutMs,
      ctx.clock,
      ctx.log,
      options.pollInitialMs * 2,
      options.stop,
      ours,
    );
    // A wait the run's stop ended says so (and costs no try); otherwise the export outlasted timeout-minutes.
    const why = busy === undefined ? undefined : stopReason(options.stop, ctx.clock.now());
    const budgetMs = options.stop?.budgetMs;
    if (why !== undefined) book.settle(pairs, why, budgetMs === undefined ? {} : { budgetMs });
    else if (busy !== undefined) book.settle(pairs, busy.code, busy.detail);
    return true;
  } catch (error) {
    book.settle(pairs, "preflight-unreadable", { step: "exports", message: (error as Error).message });
    return false;
  }
}
