// Apply an execution plan: pre-flight, then waves in order (jobs of a wave concurrently), mapping
// Adobe's documented errors, and follow every run to its end. Every pair ends as succeeded, failed
// (with the reason) or not-submitted (with the reason); nothing requested is dropped.
import type { RequestedPair } from "../plan/changes.js";
import type { ExecutionPlan, Job } from "../schedule/planner.js";
import { formatDuration, type Clock } from "./clock.js";
import { checkPair, waitForScheduledExports } from "./preflight.js";
import type { FlowInfo, PlatformClient, RunInfo } from "./platform.js";

export type PairStatus = "succeeded" | "failed" | "not-submitted";

export interface PairResult {
  sandbox: string;
  destination: string;
  audience: string;
  jobId: string;
  wave: number;
  requestedBy: RequestedPair[];
  status: PairStatus | "pending";
  reason?: string;
  runId?: string;
  run?: RunInfo;
}

export interface RunTiming {
  runId: string;
  jobId: string;
  wave: number;
  submittedAt: number;
  endedAt?: number;
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
}

export interface ApplyOptions {
  apiVersion: 1 | 2;
  dryRun: boolean;
  /** Longest wait for a scheduled export to finish, per sandbox. */
  preflightTimeoutMs: number;
  /** Longest time to follow the runs of one wave (and a conflicting run before resubmitting). */
  runTimeoutMs: number;
  pollInitialMs: number;
  pollMaxMs: number;
  /** Progress line interval while waiting. */
  heartbeatMs: number;
  /** What an earlier run of the same plan left (the rerun ledger), by result key. */
  previous?: Map<string, { state: "succeeded" | "running" | "unknown"; runId?: string }>;
  /** Called after each wave's submissions, before its runs are followed (to record them). */
  onSubmitted?: (results: PairResult[]) => Promise<void>;
}

const SUCCEEDED = new Set(["success", "succeeded", "completed", "complete"]);
const FAILED = new Set(["failed", "failure", "error", "cancelled", "canceled", "aborted"]);
const RUN_ALREADY = /Run already going on for (?:audience|segment) (\S+) for order (\S+) with run id (\S+)/i;
const NOT_IN_FLOW = /Segments? (.*?) (?:are not part of this dataflow|doesn't belong to this dataflow)/i;

export const PREVIOUSLY_SUCCEEDED = "succeeded in an earlier run for this commit; not submitted again";
export const PREVIOUS_UNKNOWN_REASON =
  "state unknown: an earlier run may have submitted this pair but could not record its run; not resubmitted so nothing is activated twice. Fix: check the dataflow's runs, then run with force: true if it must run again";

export const DRY_RUN_REASON = "dry run: pre-flight passed, nothing was submitted";

/** Pairs that did not succeed, other than those a dry run held back on purpose. */
export function needsAttention(report: ApplyReport): PairResult[] {
  return report.results.filter((r) => r.status !== "succeeded" && r.reason !== DRY_RUN_REASON);
}

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
  };
}

export function runOutcome(status: string): "succeeded" | "failed" | "running" {
  const s = status.toLowerCase();
  return SUCCEEDED.has(s) ? "succeeded" : FAILED.has(s) ? "failed" : "running";
}

export const resultKey = (sandbox: string, destination: string, audience: string) =>
  `${sandbox}|${destination}|${audience}`;

function where(pair: PairResult): string {
  return pair.requestedBy.map((r) => `${r.file}:${r.audience.pos.line}`).join(", ");
}

function rejectionHint(status: number): string {
  if (status === 401 || status === 403)
    return " Fix: check the credentials and that the product profile may activate destinations in this sandbox.";
  if (status === 404) return " Fix: check the destination and audience IDs.";
  if (status >= 500) return " Platform had an internal error; run the workflow again later.";
  return "";
}

export class Applier {
  private readonly results = new Map<string, PairResult>();
  private readonly runs: RunTiming[] = [];
  private submissions = 0;
  private polls = 0;
  private exportIds = new Map<string, string[]>();
  /** Submissions whose reply has not arrived: an ambiguous failure waits for them before checking runs. */
  private readonly inFlight = new Set<Promise<unknown>>();
  /** Every run ID a reply gave us, recorded the moment the reply arrives. */
  private readonly ourRuns = new Set<string>();
  /** Closed while an ambiguous submission is checked: no new submission may create runs meanwhile. */
  private gate: Promise<void> = Promise.resolve();

  private async gateOpen(): Promise<void> {
    for (;;) {
      const g = this.gate;
      await g;
      if (g === this.gate) return;
    }
  }

  /** Runs `fn` with the gate closed, after every submission already under way has its reply. */
  private async exclusive<T>(fn: () => Promise<T>): Promise<T> {
    const previous = this.gate;
    let release!: () => void;
    this.gate = new Promise<void>((r) => (release = r));
    try {
      await previous;
      await Promise.allSettled([...this.inFlight]);
      return await fn();
    } finally {
      release();
    }
  }

  constructor(
    private readonly client: PlatformClient,
    private readonly clock: Clock,
    private readonly log: (message: string) => void,
    private readonly options: ApplyOptions,
  ) {}

  private pairsOf(job: Job): PairResult[] {
    const out: PairResult[] = [];
    for (const [d, auds] of Object.entries(job.activationInfo)) {
      for (const a of auds) {
        const r = this.results.get(resultKey(job.sandbox, d, a));
        if (r !== undefined) out.push(r);
      }
    }
    return out;
  }

  private settle(pairs: readonly PairResult[], status: PairStatus, reason?: string): void {
    for (const p of pairs) {
      if (p.status !== "pending") continue;
      p.status = status;
      if (reason !== undefined) p.reason = reason;
    }
  }

  async apply(plan: ExecutionPlan): Promise<ApplyReport> {
    const startedAt = this.clock.now();
    const jobs = new Map(plan.jobs.map((j) => [j.id, j]));
    for (const pair of plan.pairs) {
      const job = jobs.get(pair.jobId)!;
      this.results.set(resultKey(pair.sandbox, pair.destination, pair.audience), {
        sandbox: pair.sandbox,
        destination: pair.destination,
        audience: pair.audience,
        jobId: pair.jobId,
        wave: job.wave,
        requestedBy: pair.requestedBy,
        status: "pending",
      });
    }
    this.applyPrevious();
    for (const sandbox of [...new Set(plan.jobs.map((j) => j.sandbox))].sort()) {
      await this.preflight(
        sandbox,
        plan.jobs.filter((j) => j.sandbox === sandbox),
      );
    }
    if (this.options.dryRun) {
      this.settle([...this.results.values()], "not-submitted", DRY_RUN_REASON);
    } else {
      for (let wave = 1; wave <= plan.waves; wave++) {
        const jobs = plan.jobs.filter(
          (j) => j.wave === wave && this.pairsOf(j).some((p) => p.status === "pending"),
        );
        if (jobs.length === 0) continue;
        this.log(
          `Wave ${wave} of ${plan.waves}: submitting ${jobs.length} job${jobs.length === 1 ? "" : "s"}.`,
        );
        const submitted = await Promise.all(jobs.map((job) => this.submitJob(job, wave)));
        await this.options.onSubmitted?.([...this.results.values()]);
        await Promise.all(jobs.map((job, i) => this.follow(submitted[i]!, job, wave, plan.waves)));
      }
    }
    this.settle([...this.results.values()], "failed", "internal error: the pair was never settled");
    return {
      results: [...this.results.values()],
      runs: this.runs,
      startedAt,
      finishedAt: this.clock.now(),
      submissions: this.submissions,
      polls: this.polls,
      dryRun: this.options.dryRun,
    };
  }

  private async preflight(sandbox: string, jobs: readonly Job[]): Promise<void> {
    const pairs = jobs.flatMap((j) => this.pairsOf(j));
    const flowIds = [...new Set(pairs.map((p) => p.destination))].sort();
    this.log(
      `Pre-flight in sandbox ${sandbox}: ${flowIds.length} dataflow${flowIds.length === 1 ? "" : "s"}, ${pairs.length} pair${pairs.length === 1 ? "" : "s"}.`,
    );
    const flows = new Map<string, FlowInfo | undefined>();
    try {
      for (const id of flowIds) flows.set(id, await this.client.getFlow(sandbox, id));
    } catch (error) {
      this.settle(
        pairs,
        "not-submitted",
        `pre-flight could not read the dataflows: ${(error as Error).message}`,
      );
      return;
    }
    const now = this.clock.now();
    for (const p of pairs) {
      if (p.status !== "pending" || p.runId !== undefined) continue; // settled, or a run being followed
      const problem = checkPair(flows.get(p.destination), p.destination, sandbox, p.audience, now);
      if (problem !== undefined) {
        this.settle([p], "not-submitted", `pre-flight: ${problem} (asked for at ${where(p)})`);
        this.log(`Not submitting ${p.audience} → ${p.destination}: ${problem}`);
      }
    }
    const remaining = pairs.filter((p) => p.status === "pending" && p.runId === undefined);
    if (remaining.length === 0 || this.options.dryRun) return;
    try {
      const busy = await waitForScheduledExports(
        this.client,
        sandbox,
        [...new Set(remaining.map((p) => p.destination))],
        this.options.preflightTimeoutMs,
        this.clock,
        this.log,
        this.options.pollInitialMs * 2,
      );
      if (busy !== undefined) this.settle(remaining, "not-submitted", `pre-flight: ${busy}`);
      if (this.options.apiVersion === 1) {
        const jobsList = await this.client.listExportJobs(sandbox);
        const profile = jobsList.find((j) => j.schemaName === "_xdm.context.profile");
        if (profile === undefined) {
          this.settle(
            remaining,
            "not-submitted",
            "pre-flight: no profile export job found; the v1 API needs its ID (use api-version 2)",
          );
        } else {
          this.exportIds.set(sandbox, [profile.id]);
        }
      }
    } catch (error) {
      this.settle(remaining, "not-submitted", `pre-flight failed: ${(error as Error).message}`);
    }
  }

  private info(pairs: readonly PairResult[]): Record<string, string[]> {
    const info: Record<string, string[]> = {};
    for (const p of pairs) (info[p.destination] ??= []).push(p.audience);
    return info;
  }

  /** Apply the ledger of an earlier run: successes stay, running runs are followed, unknowns wait. */
  private applyPrevious(): void {
    const previous = this.options.previous;
    if (previous === undefined) return;
    const counts = { succeeded: 0, running: 0, unknown: 0 };
    for (const [key, entry] of previous) {
      const p = this.results.get(key);
      if (p === undefined) continue;
      counts[entry.state]++;
      if (entry.state === "succeeded") this.settle([p], "succeeded", PREVIOUSLY_SUCCEEDED);
      else if (entry.state === "running" && entry.runId !== undefined) p.runId = entry.runId;
      else this.settle([p], "not-submitted", PREVIOUS_UNKNOWN_REASON);
    }
    this.log(
      `Ledger of an earlier run: ${counts.succeeded} pair(s) already succeeded (not submitted again), ${counts.running} run(s) still to follow, ${counts.unknown} pair(s) in an unknown state; the rest is submitted.`,
    );
  }

  /** Submit a job's pending pairs; pairs whose run an earlier attempt started are followed instead. */
  private async submitJob(job: Job, wave: number): Promise<PairResult[]> {
    const pending = this.pairsOf(job).filter((p) => p.status === "pending");
    const adopted = pending.filter((p) => p.runId !== undefined);
    for (const p of adopted) {
      this.runs.push({
        runId: p.runId!,
        jobId: job.id,
        wave,
        submittedAt: this.clock.now(),
        status: "followed",
      });
    }
    if (adopted.length > 0) {
      this.log(
        `Job ${job.id}: following ${adopted.length} run(s) an earlier attempt started, instead of resubmitting.`,
      );
    }
    const fresh = pending.filter((p) => p.runId === undefined);
    return [...adopted, ...(fresh.length === 0 ? [] : await this.submit(job, fresh, wave, 0))];
  }

  /** Submit pairs as one job; returns the pairs that got a run. Handles the documented 400s. */
  private async submit(job: Job, pairs: PairResult[], wave: number, depth: number): Promise<PairResult[]> {
    let remaining = pairs.filter((p) => p.status === "pending");
    const withRuns: PairResult[] = [];
    const deferred: Promise<PairResult[]>[] = [];
    let uncertainRetries = 0;
    while (remaining.length > 0) {
      await this.gateOpen();
      const attemptAt = this.clock.now();
      this.submissions++;
      const call = this.client.submit(job.sandbox, this.info(remaining), this.exportIds.get(job.sandbox));
      void call.then((o) => {
        if (o.kind === "accepted") for (const order of o.orders) this.ourRuns.add(order.runId);
      });
      this.inFlight.add(call);
      const outcome = await call.finally(() => this.inFlight.delete(call));
      if (outcome.kind === "accepted") {
        const byKey = new Map(outcome.orders.map((o) => [`${o.destination}|${o.audience}`, o.runId]));
        for (const p of remaining) {
          const runId = byKey.get(`${p.destination}|${p.audience}`);
          if (runId === undefined)
            this.settle([p], "failed", "Platform accepted the job but returned no run for this pair");
          else {
            p.runId = runId;
            withRuns.push(p);
            this.runs.push({ runId, jobId: job.id, wave, submittedAt: attemptAt, status: "submitted" });
          }
        }
        this.log(
          `Job ${job.id}: accepted, ${outcome.orders.length} run${outcome.orders.length === 1 ? "" : "s"} started.`,
        );
        break;
      }
      if (outcome.kind === "uncertain") {
        // With no other submission under way, a new run that no reply gave us can only be this one's.
        const created = await this.exclusive(async () =>
          (
            await Promise.all(
              [...new Set(remaining.map((p) => p.destination))].map((d) =>
                this.client.listRuns(job.sandbox, d, attemptAt - 1000).catch(() => undefined),
              ),
            )
          )
            .flat()
            .filter((r) => r === undefined || !this.ourRuns.has(r.id)),
        );
        if (created.includes(undefined) || created.length > 0 || uncertainRetries >= 3) {
          const why =
            created.length > 0 && !created.includes(undefined)
              ? `${created.length} run(s) were created on these dataflows since`
              : "it could not be checked";
          this.settle(
            remaining,
            "failed",
            `the submission's reply was lost (${outcome.reason}) and it may have reached Platform (${why}); not retried so nothing is activated twice. Fix: check the dataflow's runs in Experience Platform before running again.`,
          );
          break;
        }
        uncertainRetries++;
        this.log(
          `Job ${job.id}: ${outcome.reason}; no run was created, so submitting again is safe (retry ${uncertainRetries} of 3).`,
        );
        await this.clock.sleep(this.options.pollInitialMs * uncertainRetries);
        continue;
      }
      const already = RUN_ALREADY.exec(outcome.message);
      if (outcome.status === 400 && already !== null) {
        const audience = already[1]!.toLowerCase();
        const runId = already[3]!;
        const blocked = remaining.filter((p) => p.audience === audience);
        if (blocked.length === 0 || depth >= 3) {
          this.settle(remaining, "failed", `Platform: ${outcome.message}`);
          break;
        }
        remaining = remaining.filter((p) => p.audience !== audience);
        this.log(
          `Job ${job.id}: audience ${audience} already has run ${runId} in flight; waiting for it to end before submitting that audience again.`,
        );
        deferred.push(this.afterRun(job, blocked, runId, wave, depth));
        continue;
      }
      const notInFlow = NOT_IN_FLOW.exec(outcome.message);
      if (outcome.status === 400 && notInFlow !== null) {
        const names = notInFlow[1]!.split(/,\s*/).map((n) => n.trim().toLowerCase());
        const named = remaining.filter((p) =>
          names.some(
            (n) => n === p.audience || p.requestedBy.some((r) => r.audience.name?.toLowerCase() === n),
          ),
        );
        const reason = `Platform: the audience is not part of dataflow or out of its schedule range ("${outcome.message}"). Fix: map the audience to the destination and check its schedule dates; not retried.`;
        if (named.length === 0) {
          for (const p of remaining) this.settle([p], "failed", `${reason} (asked for at ${where(p)})`);
          break;
        }
        for (const p of named) this.settle([p], "failed", `${reason} (asked for at ${where(p)})`);
        remaining = remaining.filter((p) => !named.includes(p));
        continue;
      }
      this.settle(
        remaining,
        outcome.status === 0 ? "not-submitted" : "failed",
        `Platform rejected the job${outcome.status === 0 ? "" : ` (HTTP ${outcome.status})`}: ${outcome.message}.${rejectionHint(outcome.status)}`,
      );
      break;
    }
    for (const more of await Promise.all(deferred)) withRuns.push(...more);
    return withRuns;
  }

  /** Wait for a conflicting run to end, then submit the blocked audience's pairs on their own. */
  private async afterRun(
    job: Job,
    pairs: PairResult[],
    runId: string,
    wave: number,
    depth: number,
  ): Promise<PairResult[]> {
    const ended = await this.waitForRun(job.sandbox, runId, `run ${runId} (already in flight)`);
    if (!ended) {
      this.settle(
        pairs,
        "not-submitted",
        `run ${runId} for this audience was already in flight and had not ended after ${formatDuration(this.options.runTimeoutMs)}; Adobe allows one run per audience at a time. Fix: run again later.`,
      );
      return [];
    }
    return this.submit(job, pairs, wave, depth + 1);
  }

  private async waitForRun(sandbox: string, runId: string, label: string): Promise<boolean> {
    const deadline = this.clock.now() + this.options.runTimeoutMs;
    let delay = this.options.pollInitialMs;
    while (this.clock.now() < deadline) {
      try {
        this.polls++;
        const run = await this.client.getRun(sandbox, runId);
        if (runOutcome(run.status) !== "running") return true;
        this.log(`Waiting for ${label}: ${run.status}.`);
      } catch (error) {
        this.log(`Waiting for ${label}: ${(error as Error).message}`);
      }
      await this.clock.sleep(delay);
      delay = Math.min(this.options.pollMaxMs, Math.round(delay * 1.5));
    }
    return false;
  }

  /** Poll each run with a backing-off interval until it ends or the wave's time runs out. */
  private async follow(pairs: PairResult[], job: Job, wave: number, waves: number): Promise<void> {
    const runIds = [...new Set(pairs.map((p) => p.runId!))];
    const status = new Map<string, RunInfo>();
    const started = this.clock.now();
    const deadline = started + this.options.runTimeoutMs;
    let delay = this.options.pollInitialMs;
    let lastBeat = started;
    let open = runIds;
    while (open.length > 0 && this.clock.now() < deadline) {
      await this.clock.sleep(Math.min(delay, Math.max(0, deadline - this.clock.now())));
      delay = Math.min(this.options.pollMaxMs, Math.round(delay * 1.5));
      await Promise.all(
        open.map(async (id) => {
          try {
            this.polls++;
            const run = await this.client.getRun(job.sandbox, id);
            const before = status.get(id)?.status;
            status.set(id, run);
            if (before?.toLowerCase() !== run.status.toLowerCase() && runOutcome(run.status) !== "running") {
              const timing = this.runs.find((r) => r.runId === id);
              if (timing !== undefined) {
                timing.endedAt = this.clock.now();
                timing.status = run.status;
              }
              this.log(
                `Run ${id} (job ${job.id}): ${run.status} after ${formatDuration(this.clock.now() - started)}.`,
              );
            }
          } catch (error) {
            this.log(`Reading run ${id}: ${(error as Error).message}`);
          }
        }),
      );
      open = open.filter((id) => runOutcome(status.get(id)?.status ?? "unknown") === "running");
      if (open.length > 0 && this.clock.now() - lastBeat >= this.options.heartbeatMs) {
        lastBeat = this.clock.now();
        const counts = new Map<string, number>();
        for (const id of open) {
          const s = status.get(id)?.status ?? "submitted";
          counts.set(s, (counts.get(s) ?? 0) + 1);
        }
        this.log(
          `Wave ${wave} of ${waves}, job ${job.id}: waiting for ${open.length} of ${runIds.length} run(s) (${[...counts].map(([s, n]) => `${n} ${s}`).join(", ")}), ${formatDuration(this.clock.now() - started)} so far.`,
        );
      }
    }
    for (const p of pairs) {
      const run = status.get(p.runId!);
      if (run !== undefined) p.run = run;
      const outcome = runOutcome(run?.status ?? "unknown");
      if (outcome === "succeeded") this.settle([p], "succeeded");
      else if (outcome === "failed") {
        const errors = (run?.errors ?? [])
          .map((e) => [e.code, e.message].filter(Boolean).join(": "))
          .join("; ");
        this.settle(
          [p],
          "failed",
          `run ${p.runId} ${run?.status ?? "failed"}${errors === "" ? "" : `: ${errors}`}`,
        );
      } else {
        this.settle(
          [p],
          "failed",
          `run ${p.runId} was still ${run?.status ?? "not readable"} after ${formatDuration(this.options.runTimeoutMs)}; stopped following it (it may still finish). Fix: check the run in Experience Platform, or raise timeout-minutes.`,
        );
      }
    }
  }
}
