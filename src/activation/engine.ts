// Apply an execution plan: pre-flight per sandbox, then waves in order (the jobs of a wave together),
// and follow every run to its end. Every pair ends with an outcome code: succeeded, failed or
// not-submitted, each with its reason; nothing requested is dropped.
import { plural } from "./messages.js";
import { stopReason, type Clock } from "../clock.js";
import type { ExecutionPlan, Job } from "../jobs/planner.js";
import { PairBook } from "./book.js";
import { followRuns, SharedRunLists } from "./follow.js";
import { pairKey } from "./outcome.js";
import { holdForExports, preflightSandbox, type PreflightContext } from "./sandbox-preflight.js";
import { settleStopped, stoppedBy } from "./stopping.js";
import { Submitter } from "./submit.js";
import type { ApplyOptions, ApplyReport, PlatformPort } from "./types.js";

export class Applier {
  private readonly book = new PairBook();
  /** Information a dry run found (a scheduled export running now). */
  private readonly notes: string[] = [];
  private readonly submitter: Submitter;
  /** Every sandbox's audience names were read from Platform (else the plans' names are shown unchecked). */
  private namesChecked = true;
  private sizesChecked = true;
  /** The earliest time the state recorded a run an earlier run started (its lists reach back for it). */
  private inheritedRecordedAt: number | undefined;

  constructor(
    private readonly client: PlatformPort,
    private readonly clock: Clock,
    private readonly log: (message: string) => void,
    private readonly options: ApplyOptions,
  ) {
    this.submitter = new Submitter(client, clock, log, options, this.book);
  }

  async apply(plan: ExecutionPlan): Promise<ApplyReport> {
    const startedAt = this.clock.now();
    const { book } = this;
    const waveOf = new Map(plan.jobs.map((j) => [j.id, j.wave]));
    for (const pair of plan.pairs) {
      book.results.set(pairKey(pair.sandbox, pair.destination, pair.audience), {
        sandbox: pair.sandbox,
        destination: pair.destination,
        audience: pair.audience,
        jobId: pair.jobId,
        wave: waveOf.get(pair.jobId) ?? 1,
        requestedBy: pair.requestedBy,
        status: "pending",
      });
    }
    try {
      await this.run(plan);
    } catch (error) {
      // Nothing escapes the engine: every pair still ends with an outcome, and a pair whose run was
      // started keeps its run ID, so the activation state records it to be followed, never submitted again.
      this.log(`The activation stopped on an unexpected error: ${(error as Error).message}`);
      book.settle([...book.results.values()], "internal", { message: (error as Error).message });
    }
    book.settle([...book.results.values()], "internal");
    const stopped = stoppedBy(book.results.values());
    return {
      results: [...book.results.values()],
      runs: book.runs,
      startedAt,
      finishedAt: this.clock.now(),
      submissions: book.submissions,
      polls: book.polls,
      dryRun: this.options.dryRun,
      ...(this.options.frozen === true ? { frozen: true } : {}),
      ...(stopped === undefined ? {} : { stopped }),
      ...(this.notes.length === 0 ? {} : { notes: this.notes }),
      ...(this.namesChecked && plan.jobs.length > 0 ? { namesChecked: true } : {}),
      ...(this.sizesChecked && plan.jobs.length > 0 ? { sizesChecked: true } : {}),
    };
  }

  private async run(plan: ExecutionPlan): Promise<void> {
    const { book } = this;
    this.applyPrevious();
    for (const [sandbox, jobs] of [...Map.groupBy(plan.jobs, (j) => j.sandbox)].sort(([a], [b]) =>
      a.localeCompare(b),
    )) {
      const checked = await preflightSandbox(this.preflightContext(), sandbox, jobs);
      if (!checked.names) this.namesChecked = false;
      if (!checked.sizes) this.sizesChecked = false;
    }
    if (this.options.frozen === true) {
      const held = [...book.results.values()].filter((p) => p.status === "pending" && p.runId === undefined);
      if (held.length > 0)
        this.log(
          `The activation freeze is on: not submitting ${plural(held.length, "pair")}; runs already started are still followed.`,
        );
      book.settle(held, "frozen");
    }
    if (this.options.dryRun) {
      book.settle([...book.results.values()], "dry-run");
    } else {
      for (let wave = 1; wave <= plan.waves; wave++) {
        const jobs = plan.jobs.filter(
          (j) => j.wave === wave && book.pairsOf(j).some((p) => p.status === "pending"),
        );
        if (jobs.length === 0) continue;
        if (this.stopped(wave)) break;
        // A scheduled export may have started while the waves before ran: Adobe refuses ad-hoc runs during it.
        if (wave > 1) await this.waitForExportsBefore(jobs);
        if (this.stopped(wave)) break;
        this.log(`Wave ${wave} of ${plan.waves}: submitting ${plural(jobs.length, "job")}.`);
        const waveStartedAt = this.clock.now();
        await this.recordIntents(jobs);
        // A cancellation while the intents were written: nothing is submitted after all.
        if (this.stopped(wave)) break;
        const submitted = await Promise.all(jobs.map((job) => this.submitter.submitJob(job, wave)));
        await this.options.onSubmitted?.([...book.results.values()]);
        // The wave's jobs share each dataflow's run list: one read serves every job that polls it.
        const expected = Map.groupBy(
          jobs.flatMap((j) => book.pairsOf(j)),
          (p) => `${p.sandbox}\n${p.destination}`,
        );
        const lists = new SharedRunLists(
          this.client,
          this.clock,
          book,
          waveStartedAt,
          new Map([...expected].map(([k, ps]) => [k, ps.length])),
          this.inheritedRecordedAt,
        );
        const ctx = {
          client: this.client,
          clock: this.clock,
          log: this.log,
          options: this.options,
          book,
          lists,
        };
        await Promise.all(jobs.map((job, i) => followRuns(ctx, submitted[i] ?? [], job, wave, plan.waves)));
      }
    }
  }

  private preflightContext(): PreflightContext {
    const { client, clock, log, options, book, notes } = this;
    return { client, clock, log, options, book, notes, exportIds: this.submitter.exportIds };
  }

  /** Before a later wave: its new pairs wait, per sandbox, for a scheduled export as pre-flight's did. */
  private async waitForExportsBefore(jobs: readonly Job[]): Promise<void> {
    // The earlier waves' runs (some may still run: run-timeout) are this apply's own, not an export.
    const ours = new Set(this.book.runs.map((r) => r.runId));
    for (const [sandbox, own] of Map.groupBy(jobs, (j) => j.sandbox)) {
      const fresh = own
        .flatMap((j) => this.book.pairsOf(j))
        .filter((p) => p.status === "pending" && p.runId === undefined);
      if (fresh.length > 0) await holdForExports(this.preflightContext(), sandbox, fresh, ours);
    }
  }

  /** When the run stops (cancelled, or its time budget ended), no wave starts (see settleStopped). */
  private stopped(wave: number): boolean {
    const why = stopReason(this.options.stop, this.clock.now());
    if (why === undefined) return false;
    settleStopped(this.book, this.options, why, wave, this.log);
    return true;
  }

  /** Intents first: when they cannot be recorded, nothing more is submitted (runs already started are still followed). */
  private async recordIntents(jobs: readonly Job[]): Promise<void> {
    const hook = this.options.beforeSubmit;
    const fresh = jobs
      .flatMap((j) => this.book.pairsOf(j))
      .filter((p) => p.status === "pending" && p.runId === undefined);
    if (hook === undefined || fresh.length === 0) return;
    try {
      await hook(fresh);
    } catch (error) {
      const unsent = [...this.book.results.values()].filter(
        (p) => p.status === "pending" && p.runId === undefined,
      );
      this.log(
        `Not submitting ${plural(unsent.length, "pair")}: the activation state could not be written (${(error as Error).message}).`,
      );
      this.book.settle(unsent, "state-unavailable", { message: (error as Error).message });
    }
  }

  /** Apply what earlier runs left (the activation state): successes stay, running runs are followed, unknowns wait. */
  private applyPrevious(): void {
    const previous = this.options.previous;
    if (previous === undefined) return;
    const counts = { succeeded: 0, running: 0, unknown: 0, superseded: 0 };
    for (const [key, entry] of previous) {
      const p = this.book.results.get(key);
      if (p === undefined) continue;
      counts[entry.state]++;
      if (entry.state === "succeeded") this.book.settle([p], "succeeded-earlier");
      else if (entry.state === "superseded") this.book.settle([p], "superseded", { commit: entry.by ?? "" });
      else if (entry.state === "running" && entry.runId !== undefined) {
        p.runId = entry.runId;
        if (entry.recordedAt !== undefined)
          this.inheritedRecordedAt = Math.min(this.inheritedRecordedAt ?? Infinity, entry.recordedAt);
      } else
        this.book.settle([p], "earlier-unknown", {
          pair: `${p.destination}/${p.audience}`,
          ...(entry.candidates === undefined ? {} : { candidates: entry.candidates }),
        });
    }
    this.log(
      `Earlier runs of this request (the activation state): ${counts.succeeded} pair(s) already succeeded (not submitted again), ${counts.running} run(s) still to follow, ${counts.unknown} pair(s) in an unknown state${counts.superseded === 0 ? "" : `, ${counts.superseded} pair(s) asked for again by a later merge (not submitted: that request stands for them)`}; the rest is submitted.`,
    );
  }
}
