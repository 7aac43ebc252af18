// The sentences people read about each outcome, made from its code and details in this one place
// (with the "Fix:" that tells them what to do). The engine records codes; nothing compares these.
import { formatDuration } from "../clock.js";
import type { OutcomeCode } from "./outcome.js";

/** "1 pair", "2 pairs": for log lines. */
export const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;

/** What keeps ad-hoc runs from starting: a scheduled export job, or a run of the dataflow. */
export type Busy =
  | { kind: "export-job"; id: string; status: string }
  | { kind: "run"; id: string; flowId: string; status: string };

/** The facts an outcome's sentence is made of. */
export interface Detail {
  sandbox?: string;
  flowId?: string;
  flowState?: string;
  audience?: string;
  date?: string;
  readyAt?: string;
  busy?: Busy;
  waitedMs?: number;
  timeoutMs?: number;
  runId?: string;
  runStatus?: string;
  runErrors?: string;
  httpStatus?: number;
  message?: string;
  /** Runs created on the dataflows since a lost reply; undefined when that could not be checked. */
  runsCreated?: number;
  /** Where the pair was asked for: `file:line`, comma-separated. */
  where?: string;
  /** Runs that could belong to a pair whose state is unknown. */
  candidates?: string[];
  /** `DESTINATION/AUDIENCE`, as a decision about an unknown pair names it. */
  pair?: string;
  /** The later merge commit whose request for the pair stands for this one. */
  commit?: string;
  /** What the pre-flight could not read. */
  step?: "dataflows" | "exports";
  /** A dataflow's flow spec ID (which kind of destination it is). */
  flowSpec?: string;
  /** An external audience's system ID (what ad-hoc activation wants instead of its source's ID). */
  systemId?: string;
  /** When the audience was last evaluated (ISO), and the age beyond which that is stale (ms). */
  evaluatedAt?: string;
  maxAgeMs?: number;
  /** The plan's name for an audience, and Platform's. */
  planName?: string;
  platformName?: string;
  /** Why the run stopped following or submitting: the runner cancelled it, or its time budget ended. */
  stopped?: "cancelled" | "budget-ended";
  /** The run's time budget (run-budget-minutes). */
  budgetMs?: number;
  /** No activation state records the run (the CLI without --state): nothing follows it later. */
  unrecorded?: true;
}

export function busySentence(busy: Busy): string {
  return busy.kind === "export-job"
    ? `scheduled segment export job ${busy.id} is ${busy.status}`
    : `run ${busy.id} of dataflow ${busy.flowId} is still ${busy.status}`;
}

/** A dry run's (or a PR's) note that a scheduled export is running now: information, not a finding. */
export function exportNote(sandbox: string, busy: Busy): string {
  return `Sandbox ${sandbox}: ${busySentence(busy)} now. Adobe allows no ad-hoc run during a scheduled export: a merge now would wait for it (up to timeout-minutes) before submitting.`;
}

/** Names or sizes pre-flight could not read (no permission, a reply it could not read): a note, not a finding. */
export function uncheckedNote(sandbox: string, what: "names" | "sizes", why: string): string {
  return what === "names"
    ? `Sandbox ${sandbox}: audience names were not checked against Platform (${why}); the names shown are the plans' own.`
    : `Sandbox ${sandbox}: audience sizes were not checked (${why}).`;
}

/** What Platform needs of a credential, by what was refused (Adobe's access control permissions). */
export type Access = "destinations" | "export-jobs" | "audiences" | "activation";

const PERMISSIONS: Record<Access, string> = {
  destinations: "View Destinations",
  "export-jobs": "View Profiles and View Segments",
  audiences: "View Segments",
  activation: "View Destinations, Activate Destinations, View Profiles and View Segments",
};

/**
 * Why Platform refused (401: who the caller is; 403: what it may do) and what to ask for: the
 * `developer` and `user` roles on the Experience Platform API product profile (Adobe's getting
 * started), and the permissions Adobe documents for activating audiences to destinations.
 */
export function accessHint(status: number, access: Access): string {
  if (status === 401)
    return " Fix: check client-id, client-secret and org-id (the token was refused), and that the credential belongs to that org.";
  if (status === 403)
    return ` Fix: the credential is not allowed to do this in this sandbox. In the Admin Console, give its Experience Platform API product profile the developer and user roles, the sandbox, and the ${PERMISSIONS[access]} permissions.`;
  return "";
}

function rejectionHint(status: number): string {
  if (status === 401 || status === 403) return accessHint(status, "activation");
  if (status === 404) return " Fix: check the destination and audience IDs.";
  if (status >= 500) return " Platform had an internal error; run the workflow again later.";
  return "";
}

/** A name as people read it: Platform's names are unbounded text (a plan's are at most 256 characters). */
export const clip = (name: string, max = 200) =>
  name.length > max ? `${name.slice(0, max - 1).replace(/[\uD800-\uDBFF]$/, "")}…` : name;

const at = (d: Detail) => (d.where === undefined ? "" : ` (asked for at ${d.where})`);

/** The pre-flight finding alone, as the log and the preview list it. */
export function findingSentence(code: OutcomeCode, d: Detail): string {
  switch (code) {
    case "flow-not-found":
      return `destination (dataflow) ${d.flowId} was not found in sandbox ${d.sandbox}. Fix: copy the destination ID from Destinations > Browse in that sandbox.`;
    case "flow-disabled":
      return `dataflow ${d.flowId} is ${d.flowState}. Fix: enable it in Destinations > Browse, or remove it from the plan.`;
    case "not-file-based":
      return `dataflow ${d.flowId} exports to a streaming destination${d.flowSpec === undefined ? "" : ` (flow spec ${d.flowSpec})`}, not a file-based one: its audiences have no file export schedule, and ad-hoc activation serves file-based (batch) destinations only. Fix: remove it from the plan; streaming destinations receive audience changes as they happen.`;
    case "not-mapped":
      return `audience ${d.audience} is not mapped to dataflow ${d.flowId}. Fix: add the audience to this destination's activation (Destinations > Browse > Activate audiences), then run again.`;
    case "external-id":
      return `audience ${d.audience} is an external audience's source ID; ad-hoc activation wants the ID Platform gave it, ${d.systemId} (dataflow ${d.flowId} maps the audience under both). Fix: write ${d.systemId} in the plan.`;
    case "name-mismatch":
      return `the plan calls audience ${d.audience} "${clip(d.planName ?? "")}", but Platform calls it "${clip(d.platformName ?? "")}": the ID may point at other people than the plan says. Fix: check that the ID is the audience meant, then write Platform's name in the plan (or the right ID).`;
    case "not-evaluated":
      return `audience ${d.audience} ${d.evaluatedAt === undefined ? "has never been evaluated by Platform (no segment job lists it)" : `has not been evaluated by Platform since ${d.evaluatedAt}`}: an export now would hold nobody, or nobody current. Fix: check the audience's evaluation method in Audiences (batch, streaming or edge), or wait for its next daily evaluation.`;
    case "stale-evaluation":
      return `audience ${d.audience} was last evaluated ${d.evaluatedAt}, more than ${Math.round((d.maxAgeMs ?? 0) / 3_600_000)} h ago: an export now would ship the people of that evaluation. Fix: check why its daily evaluation did not run (Audiences, or the segment jobs), or evaluate it now.`;
    case "schedule-not-started":
      return `the audience's schedule on dataflow ${d.flowId} starts ${d.date}; ad-hoc activation only works inside the schedule. Fix: move the schedule's start date, or wait.`;
    case "schedule-ended":
      return `the audience's schedule on dataflow ${d.flowId} ended ${d.date}. Fix: extend the schedule's end date in the destination's activation.`;
    case "activated-recently":
      return `the audience was first activated on dataflow ${d.flowId} less than an hour ago; Adobe requires an hour before an ad-hoc run. Fix: run again after ${d.readyAt}.`;
    case "export-in-progress":
      return `${d.busy === undefined ? "a scheduled export is running" : busySentence(d.busy)} and still was after waiting ${formatDuration(d.waitedMs ?? 0)} (Adobe does not allow ad-hoc runs during a scheduled export). Fix: run again when the export has finished, or raise timeout-minutes.`;
    case "no-export-job":
      return "no profile export job found; the v1 API needs its ID (use api-version 2)";
    default:
      return reasonFor(code, d) ?? code;
  }
}

/** The reason shown beside a pair that did not simply succeed; undefined for a plain success. */
export function reasonFor(code: OutcomeCode, d: Detail = {}): string | undefined {
  switch (code) {
    case "succeeded":
      return undefined;
    case "succeeded-earlier":
      return "succeeded in an earlier run for this commit; not submitted again";
    case "frozen":
      return "not submitted: the activation freeze is on (input freeze). Run this workflow run again when it is lifted";
    case "dry-run":
      return "dry run: pre-flight passed, nothing was submitted";
    case "flow-not-found":
    case "flow-disabled":
    case "not-file-based":
    case "not-mapped":
    case "external-id":
    case "name-mismatch":
    case "not-evaluated":
    case "stale-evaluation":
    case "schedule-not-started":
    case "schedule-ended":
    case "activated-recently":
    case "no-export-job":
      return `pre-flight: ${findingSentence(code, d)}${at(d)}`;
    case "export-in-progress":
      return `pre-flight: ${findingSentence(code, d)}`;
    case "first-activation-wait":
      return `waiting: the audience was first activated on dataflow ${d.flowId} less than an hour ago, and Adobe requires an hour before an ad-hoc run. Recorded as pending: the first scheduled run (or rerun) after ${d.readyAt} sends it${at(d)}`;
    case "preflight-unreadable":
      return `pre-flight could not read ${d.step === "exports" ? "the export jobs and runs" : "the dataflows"}: ${d.message}`;
    case "earlier-unknown": {
      const runs = d.candidates ?? [];
      const seen =
        runs.length === 0
          ? "no run of this credential was found for it (the runs list may lag)"
          : `candidate runs: ${runs.join(", ")}`;
      const p = d.pair ?? "DEST/AUD";
      return `state unknown: an earlier run may have submitted this pair and no run could be matched to it (${seen}); not resubmitted so nothing is activated twice. Fix: check the dataflow's runs in Experience Platform, then record what you find with a manual run's resolve input, ${p}=RUN_ID (that run is this pair's), =not-activated (there is none) or =activated (CLI: aep-activate resolve)`;
    }
    case "superseded":
      return `not submitted: a later merge (${(d.commit ?? "").slice(0, 12)}) asked for this pair again, and its request stands for this one (sent, waiting or failed there, never twice); aep-activate status shows it`;
    case "state-unavailable":
      return `not submitted: the activation state could not be read, locked or written (${d.message ?? "unknown error"}), and submitting without it could activate twice`;
    case "conflict-timeout":
      return `run ${d.runId} for this audience was already in flight and had not ended after ${formatDuration(d.timeoutMs ?? 0)}; Adobe allows one run per audience at a time. Fix: run again later.`;
    case "unreachable":
      return `Platform rejected the job: ${d.message}.`;
    case "rejected":
      return `Platform rejected the job (HTTP ${d.httpStatus}): ${d.message}.${rejectionHint(d.httpStatus ?? 0)}`;
    case "not-in-dataflow":
      return `Platform: the audience is not part of dataflow or out of its schedule range ("${d.message}"). Fix: map the audience to the destination and check its schedule dates; not retried.${at(d)}`;
    case "no-run-returned":
      return "Platform accepted the job but returned no run for this pair";
    case "reply-lost": {
      const why =
        d.runsCreated === undefined
          ? "the dataflows' runs could not be read"
          : `${d.runsCreated} new run(s) listed on these dataflows so far; the list may lag`;
      return `the submission's reply was lost (${d.message}) and it may have reached Platform (${why}); not retried so nothing is activated twice. The next run matches it to its runs when it can; otherwise it is held until you decide (the resolve input, or aep-activate resolve).`;
    }
    case "run-failed":
      return `run ${d.runId} ${d.runStatus ?? "failed"}${d.runErrors === undefined || d.runErrors === "" ? "" : `: ${d.runErrors}`}`;
    case "cancelled":
      return "not submitted: the run was cancelled before this pair's wave was sent. Run it again to send it (Action: re-run the job).";
    case "budget-ended":
      return `not submitted: the run's time budget${d.budgetMs === undefined ? "" : ` (${formatDuration(d.budgetMs)})`} ended before this pair's wave was sent. Run it again to send it (re-run the job). Fix: raise run-budget-minutes, keeping it below the job's timeout-minutes.`;
    case "run-timeout": {
      const next =
        d.unrecorded === true
          ? `Nothing records it (no --state): running apply again would submit this pair again. Fix: check run ${d.runId} in Experience Platform first.`
          : undefined;
      if (d.stopped !== undefined)
        return `run ${d.runId} was still ${d.runStatus ?? "starting"} when ${d.stopped === "cancelled" ? "the run was cancelled" : `the run's time budget${d.budgetMs === undefined ? "" : ` (${formatDuration(d.budgetMs)})`} ended`}; ${next ?? "recorded as in flight, never submitted again: the next run of this change (a re-run, or the scheduled run that catches a reviewed merge up) follows it to its end."}`;
      if (next !== undefined)
        return `run ${d.runId} was still ${d.runStatus ?? "not readable"} after ${formatDuration(d.timeoutMs ?? 0)}${d.message === undefined ? "" : ` (${d.message})`}; stopped following it (it may still finish). ${next}`;
      if (d.message !== undefined)
        return `run ${d.runId} could not be followed to its end: ${d.message} (last known status: ${d.runStatus ?? "none"}, after ${formatDuration(d.timeoutMs ?? 0)}). It may still finish; the next run follows it. Fix: check the run in Experience Platform, and the cause above.`;
      return `run ${d.runId} was still ${d.runStatus ?? "not readable"} after ${formatDuration(d.timeoutMs ?? 0)}; stopped following it (it may still finish). Fix: check the run in Experience Platform, or raise timeout-minutes.`;
    }
    case "internal":
      return `internal error: ${d.message ?? "the pair was never settled"}`;
  }
}
