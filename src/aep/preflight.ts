// Pre-flight: read-only checks before the first submission, so Adobe's guardrails never reject a job.
// `checkPair` is pure; `waitForScheduledExports` polls (bounded) while a scheduled export is running.
import { formatDuration, type Clock } from "./clock.js";
import type { FlowInfo, PlatformClient } from "./platform.js";

const HOUR_MS = 3_600_000;

/** Why a pair cannot be activated now according to its dataflow, or undefined when it can. */
export function checkPair(
  flow: FlowInfo | undefined,
  flowId: string,
  sandbox: string,
  audience: string,
  now: number,
): string | undefined {
  if (flow === undefined) {
    return `destination (dataflow) ${flowId} was not found in sandbox ${sandbox}. Fix: copy the destination ID from Destinations > Browse in that sandbox.`;
  }
  if (flow.state.toLowerCase() !== "enabled") {
    return `dataflow ${flowId} is ${flow.state}. Fix: enable it in Destinations > Browse, or remove it from the plan.`;
  }
  if (flow.mapsEveryAudience) return undefined;
  const selector = flow.selectors.find((s) => s.audienceId === audience);
  if (selector === undefined) {
    return `audience ${audience} is not mapped to dataflow ${flowId}. Fix: add the audience to this destination's activation (Destinations > Browse > Activate audiences), then run again.`;
  }
  const today = new Date(now).toISOString().slice(0, 10);
  if (selector.startDate !== undefined && selector.startDate > today) {
    return `the audience's schedule on dataflow ${flowId} starts ${selector.startDate}; ad-hoc activation only works inside the schedule. Fix: move the schedule's start date, or wait.`;
  }
  if (selector.endDate !== undefined && selector.endDate < today) {
    return `the audience's schedule on dataflow ${flowId} ended ${selector.endDate}. Fix: extend the schedule's end date in the destination's activation.`;
  }
  if (selector.createTime !== undefined && selector.createTime * 1000 + HOUR_MS > now) {
    const ready = new Date(selector.createTime * 1000 + HOUR_MS).toISOString();
    return `the audience was first activated on dataflow ${flowId} less than an hour ago; Adobe requires an hour before an ad-hoc run. Fix: run again after ${ready}.`;
  }
  return undefined;
}

const BUSY_EXPORT = new Set(["new", "processing"]);
const BUSY_RUN = new Set([
  "processing",
  "inprogress",
  "in_progress",
  "running",
  "waiting",
  "queued",
  "pending",
]);

/** What is keeping ad-hoc runs from starting in this sandbox, or undefined when nothing is. */
export async function scheduledExportInProgress(
  client: PlatformClient,
  sandbox: string,
  flowIds: readonly string[],
): Promise<string | undefined> {
  const jobs = await client.listExportJobs(sandbox);
  const busy = jobs.find((j) => BUSY_EXPORT.has(j.status.toLowerCase()));
  if (busy !== undefined) return `scheduled segment export job ${busy.id} is ${busy.status}`;
  for (const flowId of flowIds) {
    const runs = await client.listRuns(sandbox, flowId);
    const running = runs.find((r) => BUSY_RUN.has(r.status.toLowerCase()));
    if (running !== undefined) return `run ${running.id} of dataflow ${flowId} is still ${running.status}`;
  }
  return undefined;
}

/** Wait (bounded) until no scheduled export is in progress; returns the blocking reason on timeout. */
export async function waitForScheduledExports(
  client: PlatformClient,
  sandbox: string,
  flowIds: readonly string[],
  timeoutMs: number,
  clock: Clock,
  log: (message: string) => void,
  pollMs = 5_000,
): Promise<string | undefined> {
  const started = clock.now();
  let delay = pollMs;
  for (;;) {
    const busy = await scheduledExportInProgress(client, sandbox, flowIds);
    if (busy === undefined) return undefined;
    const waited = clock.now() - started;
    if (waited >= timeoutMs) {
      return `${busy} and still was after waiting ${formatDuration(waited)} (Adobe does not allow ad-hoc runs during a scheduled export). Fix: run again when the export has finished, or raise timeout-minutes.`;
    }
    const next = Math.min(delay, timeoutMs - waited);
    log(
      `Sandbox ${sandbox}: waiting because ${busy} (Adobe does not allow ad-hoc runs during a scheduled export); checking again in ${formatDuration(next)} (${formatDuration(waited)} waited of at most ${formatDuration(timeoutMs)}).`,
    );
    await clock.sleep(next);
    delay = Math.min(delay * 2, 60_000);
  }
}
