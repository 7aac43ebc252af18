// Submitting jobs: Adobe's documented refusals handled (an audience already running waits for that run,
// one not in the dataflow is settled alone), and a lost reply checked against the dataflows' runs
// before anything is sent again, with every other submission held back meanwhile (the gate).
import type { SubmitOutcome } from "../aep/platform.js";
import { sleepUnless, stopReason, type Clock } from "../clock.js";
import type { Job } from "../jobs/planner.js";
import { classifyRefusal } from "./adobe-errors.js";
import type { PairBook } from "./book.js";
import { classifyRun, pairKey } from "./outcome.js";
import { pollUntil } from "./poll.js";
import type { ApplyOptions, PairResult, PlatformPort } from "./types.js";

export class Submitter {
  /** Export job IDs per sandbox (the v1 API needs them). */
  readonly exportIds = new Map<string, string[]>();
  /** Submissions whose reply has not arrived: a lost reply waits for them before checking runs. */
  private readonly inFlight = new Set<Promise<unknown>>();
  /** Every run ID a reply gave us, recorded the moment the reply arrives. */
  private readonly ourRuns = new Set<string>();
  /** Closed while a lost reply is checked: no new submission may create runs meanwhile. */
  private gate: Promise<void> = Promise.resolve();

  constructor(
    private readonly client: PlatformPort,
    private readonly clock: Clock,
    private readonly log: (message: string) => void,
    private readonly options: ApplyOptions,
    private readonly book: PairBook,
  ) {}

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
    let release = () => {};
    this.gate = new Promise<void>((r) => (release = r));
    try {
      await previous;
      await Promise.allSettled([...this.inFlight]);
      return await fn();
    } finally {
      release();
    }
  }

  /** Submit a job's pending pairs; pairs whose run an earlier attempt started are followed instead. */
  async submitJob(job: Job, wave: number): Promise<PairResult[]> {
    const pending = this.book.pairsOf(job).filter((p) => p.status === "pending");
    const adopted = pending.filter((p) => p.runId !== undefined);
    for (const p of adopted) {
      const runId = p.runId ?? "";
      this.book.runs.push({ runId, jobId: job.id, wave, submittedAt: this.clock.now(), status: "followed" });
    }
    if (adopted.length > 0) {
      this.log(
        `Job ${job.id}: following ${adopted.length} run(s) an earlier attempt started, instead of resubmitting.`,
      );
    }
    const fresh = pending.filter((p) => p.runId === undefined);
    return [...adopted, ...(fresh.length === 0 ? [] : await this.submit(job, fresh, wave, 0))];
  }

  private info(pairs: readonly PairResult[]): Record<string, string[]> {
    const info: Record<string, string[]> = {};
    for (const p of pairs) (info[p.destination] ??= []).push(p.audience);
    return info;
  }

  /** Runs created on the pairs' dataflows since `since` that no reply gave us; undefined if unreadable. */
  private async unexplainedRuns(
    job: Job,
    pairs: readonly PairResult[],
    since: number,
  ): Promise<number | undefined> {
    const lists = await this.exclusive(() =>
      Promise.all(
        [...new Set(pairs.map((p) => p.destination))].map((d) =>
          this.client.listRuns(job.sandbox, d, since - 1000).catch(() => undefined),
        ),
      ),
    );
    if (lists.includes(undefined)) return undefined;
    return lists.flatMap((l) => l ?? []).filter((r) => !this.ourRuns.has(r.id)).length;
  }

  /** Submit pairs as one job; returns the pairs that got a run. */
  private async submit(job: Job, pairs: PairResult[], wave: number, depth: number): Promise<PairResult[]> {
    let remaining = pairs.filter((p) => p.status === "pending");
    const withRuns: PairResult[] = [];
    const deferred: Promise<PairResult[]>[] = [];
    while (remaining.length > 0) {
      await this.gateOpen();
      // Cancelled while this job waited its turn: it is not sent.
      if (this.options.stop?.signal.aborted === true) {
        this.book.settle(remaining, "cancelled");
        break;
      }
      const attemptAt = this.clock.now();
      this.book.submissions++;
      const call = this.client.submit(job.sandbox, this.info(remaining), this.exportIds.get(job.sandbox));
      void call.then(
        (o) => {
          if (o.kind === "accepted") for (const order of o.orders) this.ourRuns.add(order.runId);
        },
        () => {}, // handled below
      );
      this.inFlight.add(call);
      // An exception (a refused token renewal, say) may come after the request left: treat it as a lost reply.
      const outcome = await call
        .catch((error: unknown): SubmitOutcome => ({ kind: "uncertain", reason: (error as Error).message }))
        .finally(() => this.inFlight.delete(call));
      if (outcome.kind === "accepted") {
        const byKey = new Map(
          outcome.orders.map((o) => [pairKey(job.sandbox, o.destination, o.audience), o.runId]),
        );
        for (const p of remaining) {
          const runId = byKey.get(pairKey(p.sandbox, p.destination, p.audience));
          if (runId === undefined) this.book.settle([p], "no-run-returned");
          else {
            p.runId = runId;
            p.sent = true;
            withRuns.push(p);
            this.book.runs.push({ runId, jobId: job.id, wave, submittedAt: attemptAt, status: "submitted" });
          }
        }
        const n = outcome.orders.length;
        this.log(`Job ${job.id}: accepted, ${n} run${n === 1 ? "" : "s"} started.`);
        break;
      }
      if (outcome.kind === "uncertain") {
        // The submission may have reached Platform. An empty runs list proves nothing (it lags, and
        // Platform's clock may differ from ours), so it is never sent again here: the pairs stay
        // unknown, for the next run to resolve from the runs or for a person to decide. The runs
        // seen so far are only counted for the message.
        await sleepUnless(this.clock, this.options.listSettleMs ?? 0, this.options.stop);
        const created = await this.unexplainedRuns(job, remaining, attemptAt);
        const runsCreated = created === undefined ? {} : { runsCreated: created };
        this.book.settle(remaining, "reply-lost", { message: outcome.reason, ...runsCreated });
        break;
      }
      const refusal = classifyRefusal(outcome.status, outcome.message);
      if (refusal.kind === "run-in-progress") {
        const blocked = remaining.filter((p) => p.audience === refusal.audience);
        if (blocked.length === 0 || depth >= 3) {
          this.book.settle(remaining, "rejected", { httpStatus: outcome.status, message: outcome.message });
          break;
        }
        remaining = remaining.filter((p) => p.audience !== refusal.audience);
        this.log(
          `Job ${job.id}: audience ${refusal.audience} already has run ${refusal.runId} in flight; waiting for it to end before submitting that audience again.`,
        );
        deferred.push(this.afterRun(job, blocked, refusal.runId, wave, depth));
        continue;
      }
      if (refusal.kind === "not-in-dataflow") {
        const named = remaining.filter((p) =>
          refusal.names.some(
            (n) => n === p.audience || p.requestedBy.some((r) => r.audience.name?.toLowerCase() === n),
          ),
        );
        const settled = named.length === 0 ? remaining : named;
        this.book.settle(settled, "not-in-dataflow", { message: outcome.message }, true);
        remaining = remaining.filter((p) => !settled.includes(p));
        continue;
      }
      if (outcome.status === 0) this.book.settle(remaining, "unreachable", { message: outcome.message });
      else this.book.settle(remaining, "rejected", { httpStatus: outcome.status, message: outcome.message });
      break;
    }
    for (const more of await Promise.all(deferred)) withRuns.push(...more);
    return withRuns;
  }

  /** Wait for a conflicting run to end, then submit the blocked audience's pairs on their own. */
  private async afterRun(job: Job, pairs: PairResult[], runId: string, wave: number, depth: number) {
    const label = `run ${runId} (already in flight)`;
    const ended = await pollUntil(
      this.clock,
      {
        initialMs: this.options.pollInitialMs,
        maxMs: this.options.pollMaxMs,
        factor: 1.5,
        timeoutMs: this.options.runTimeoutMs,
        ...(this.options.stop === undefined ? {} : { stop: this.options.stop }),
      },
      async () => {
        try {
          this.book.polls++;
          const run = await this.client.getRun(job.sandbox, runId);
          if (classifyRun(run.status) !== "running") return true;
          this.log(`Waiting for ${label}: ${run.status}.`);
        } catch (error) {
          this.log(`Waiting for ${label}: ${(error as Error).message}`);
        }
        return false;
      },
    );
    if (!ended) {
      const stopped = stopReason(this.options.stop, this.clock.now());
      if (stopped !== undefined) this.book.settle(pairs, stopped, { runId });
      else this.book.settle(pairs, "conflict-timeout", { runId, timeoutMs: this.options.runTimeoutMs });
      return [];
    }
    return this.submit(job, pairs, wave, depth + 1);
  }
}
