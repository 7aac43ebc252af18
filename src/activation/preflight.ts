// Pre-flight: read-only checks before the first submission, so Adobe's guardrails never reject a job.
// `checkPair` is pure; `waitForScheduledExports` polls (bounded) while a scheduled export is running.
import type { FlowInfo } from "../aep/platform.js";
import type { AudienceSizes } from "../aep/sizes.js";
import { formatDuration, type Clock, type Stop } from "../clock.js";
import { busySentence, type Busy, type Detail } from "./messages.js";
import type { OutcomeCode } from "./outcome.js";
import { pollUntil } from "./poll.js";
import type { PairResult, PlatformPort } from "./types.js";

const HOUR_MS = 3_600_000;

/**
 * Flow specs Adobe lists for file-based (batch) destinations: cloud storage (S3, SFTP, Azure Blob)
 * and Oracle Eloqua, Oracle Responsys, Salesforce Marketing Cloud, and the beta segment export spec.
 */
const FILE_BASED_SPECS = new Set([
  "71471eba-b620-49e4-90fd-23f1fa0174d8",
  "51d675ce-e270-408d-91fc-22717bdf2148",
  "493b2bd6-26e4-4167-ab3b-5e910bba44f0",
  "1a0514a6-33d4-4c7f-aff8-594799c47549",
]);

/**
 * Ad-hoc activation serves file-based destinations only. A dataflow is taken for a streaming one only
 * on evidence: it names a flow spec that Adobe does not list for file-based destinations, and none of
 * its audiences is exported as files (a file export's selectors have an export mode and schedule).
 */
const streaming = (flow: FlowInfo) =>
  flow.flowSpecId !== undefined &&
  !FILE_BASED_SPECS.has(flow.flowSpecId) &&
  !flow.selectors.some((s) => s.exportMode !== undefined);

export interface Finding {
  code: OutcomeCode;
  detail: Detail;
}

/** Why a pair cannot be activated now according to its dataflow, or undefined when it can. */
export function checkPair(
  flow: FlowInfo | undefined,
  flowId: string,
  sandbox: string,
  audience: string,
  now: number,
): Finding | undefined {
  if (flow === undefined) return { code: "flow-not-found", detail: { flowId, sandbox } };
  if (flow.state.toLowerCase() !== "enabled")
    return { code: "flow-disabled", detail: { flowId, flowState: flow.state } };
  if (streaming(flow))
    return {
      code: "not-file-based",
      detail: { flowId, ...(flow.flowSpecId === undefined ? {} : { flowSpec: flow.flowSpecId }) },
    };
  // An external audience: the selector's `id` is its source's, ad-hoc activation wants systemSegmentId.
  const external = flow.selectors.find(
    (s) => s.systemSegmentId !== undefined && s.audienceId === audience && s.systemSegmentId !== audience,
  );
  if (external?.systemSegmentId !== undefined)
    return { code: "external-id", detail: { flowId, audience, systemId: external.systemSegmentId } };
  const selector = flow.selectors.find((s) => (s.systemSegmentId ?? s.audienceId) === audience);
  if (selector === undefined) return { code: "not-mapped", detail: { flowId, audience } };
  const today = new Date(now).toISOString().slice(0, 10);
  if (selector.startDate !== undefined && selector.startDate > today)
    return { code: "schedule-not-started", detail: { flowId, date: selector.startDate } };
  if (selector.endDate !== undefined && selector.endDate < today)
    return { code: "schedule-ended", detail: { flowId, date: selector.endDate } };
  if (selector.createTime !== undefined && selector.createTime * 1000 + HOUR_MS > now) {
    const readyAt = new Date(selector.createTime * 1000 + HOUR_MS).toISOString();
    return { code: "activated-recently", detail: { flowId, readyAt } };
  }
  return undefined;
}

/** A name as people compare them: Unicode-normalised, spaces collapsed, case ignored. */
const comparable = (name: string) => name.normalize("NFKC").trim().replace(/\s+/g, " ").toLowerCase();

/**
 * A plan's `name:` for an audience that Platform calls otherwise: the ID may point at other people
 * than the reviewer read. Checked for each plan that asks for the pair, at the line it names it.
 */
export function checkNames(
  pair: Pick<PairResult, "audience" | "requestedBy">,
  platform: { audience?: string } | undefined,
): Finding | undefined {
  const known = platform?.audience;
  if (known === undefined) return undefined;
  for (const r of pair.requestedBy) {
    const planName = r.audience.name;
    if (planName !== undefined && comparable(planName) !== comparable(known))
      return {
        code: "name-mismatch",
        detail: {
          audience: pair.audience,
          planName,
          platformName: known,
          where: `${r.file}:${r.audience.pos.line}`,
        },
      };
  }
  return undefined;
}

/** An evaluation older than this is stale: Platform evaluates batch audiences every 24 hours. */
export const MAX_EVALUATION_AGE_MS = 26 * HOUR_MS;

/**
 * An audience Platform evaluates but has not lately: never (not in any evaluation read, and the
 * evaluations read reach back past the bound, or are all there are), or not for MAX_EVALUATION_AGE_MS.
 * Externals (`size: "external"`) are not Platform's to evaluate; an audience not found in evaluations
 * that do not reach back that far is unknown, not stale.
 */
export function checkEvaluation(
  pair: Pick<PairResult, "audience" | "size">,
  read: Pick<AudienceSizes, "since" | "complete">,
  now: number,
  maxAgeMs = MAX_EVALUATION_AGE_MS,
): Finding | undefined {
  const { size, audience } = pair;
  if (size === "external") return undefined;
  const iso = (ms: number) => new Date(ms).toISOString();
  if (size === undefined) {
    const conclusive = read.complete || (read.since !== undefined && read.since < now - maxAgeMs);
    if (!conclusive) return undefined;
    return {
      code: "not-evaluated",
      // Every evaluation read: none lists it. Else: none since the oldest read lists it.
      detail: {
        audience,
        ...(read.complete || read.since === undefined ? {} : { evaluatedAt: iso(read.since) }),
      },
    };
  }
  if (size.evaluatedAt >= now - maxAgeMs) return undefined;
  return { code: "stale-evaluation", detail: { audience, evaluatedAt: iso(size.evaluatedAt), maxAgeMs } };
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

const RECENT_MS = 24 * 3_600_000;

/** What is keeping ad-hoc runs from starting in this sandbox, or undefined when nothing is. */
export async function scheduledExportInProgress(
  client: PlatformPort,
  sandbox: string,
  flowIds: readonly string[],
  now: number,
  /** Runs this apply started or follows: its own ad-hoc runs, not a scheduled export. */
  ours: ReadonlySet<string> = new Set(),
): Promise<Busy | undefined> {
  const jobs = await client.listExportJobs(sandbox);
  const busy = jobs.find((j) => BUSY_EXPORT.has(j.status.toLowerCase()));
  if (busy !== undefined) return { kind: "export-job", id: busy.id, status: busy.status };
  for (const flowId of flowIds) {
    // Only recent runs: an export in progress started within the day, and a dataflow's whole history
    // (years of scheduled exports) would be many pages.
    const runs = await client.listRuns(sandbox, flowId, now - RECENT_MS);
    const running = runs.find((r) => BUSY_RUN.has(r.status.toLowerCase()) && !ours.has(r.id));
    if (running !== undefined) return { kind: "run", id: running.id, flowId, status: running.status };
  }
  return undefined;
}

/** Wait (bounded) until no scheduled export is in progress; returns what still blocks on timeout. */
export async function waitForScheduledExports(
  client: PlatformPort,
  sandbox: string,
  flowIds: readonly string[],
  timeoutMs: number,
  clock: Clock,
  log: (message: string) => void,
  pollMs = 5_000,
  stop?: Stop,
  ours?: ReadonlySet<string>,
): Promise<Finding | undefined> {
  const started = clock.now();
  let busy: Busy | undefined;
  const clear = await pollUntil(
    clock,
    { initialMs: pollMs, maxMs: 60_000, factor: 2, timeoutMs, ...(stop === undefined ? {} : { stop }) },
    async () =>
      (busy = await scheduledExportInProgress(client, sandbox, flowIds, clock.now(), ours)) === undefined,
    (waited, next) =>
      log(
        `Sandbox ${sandbox}: waiting because ${busy === undefined ? "an export is running" : busySentence(busy)} (Adobe does not allow ad-hoc runs during a scheduled export); checking again in ${formatDuration(next)} (${formatDuration(waited)} waited of at most ${formatDuration(timeoutMs)}).`,
      ),
  );
  if (clear) return undefined;
  return {
    code: "export-in-progress",
    detail: { ...(busy === undefined ? {} : { busy }), waitedMs: clock.now() - started },
  };
}
