// Following runs: poll the job's open runs with a backing-off interval until they end or the wave's
// time runs out, print a progress line while waiting, and settle each pair from its run's classified
// status. Each poll lists the runs of each of the job's dataflows created since the submission (one
// call a page: a job of 80 audiences makes 80 runs a dataflow), and reads one by one only the open
// runs a list lacks (the list lags, or the clocks differ) and the runs that ended failed (for their errors).
import type { RunInfo } from "../aep/platform.js";
import { formatDuration, stopReason, type Clock } from "../clock.js";
import type { Job } from "../jobs/planner.js";
import type { PairBook } from "./book.js";
import { classifyRun } from "./outcome.js";
import { pollUntil } from "./poll.js";
import { unrecorded } from "./stopping.js";
import type { ApplyOptions, PairResult, PlatformPort } from "./types.js";

/** Runs are listed from this long before the first submission: the runner's and Platform's clocks differ. */
const LIST_MARGIN_MS = 10 * 60_000;
/** A dataflow's run list read this recently serves another job of the wave (their polls fall together). */
const LIST_REUSE_MS = 1_000;
/**
 * Runs an earlier run started are listed from this long before the state last recorded them (a run
 * is recorded within its run's length of its creation): a day of a dataflow's schedule is a page.
 */
const INHERITED_MARGIN_MS = 24 * 3_600_000;

/**
 * The run lists of a wave's dataflows, shared by its jobs: the jobs of a wave poll on one schedule
 * and mostly share dataflows (400 audiences on 3 dataflows make 5 jobs on the same 3), so one read
 * of a dataflow's runs, made at most LIST_REUSE_MS ago from the wave's start, serves them all.
 */
export class SharedRunLists {
  private readonly recent = new Map<string, { at: number; runs: Promise<RunInfo[]> }>();
  /** Runs are listed from here: the wave's start less the margin, earlier for runs earlier runs started. */
  private since: number;

  constructor(
    private readonly client: Pick<PlatformPort, "listRuns">,
    private readonly clock: Clock,
    private readonly book: PairBook,
    /** When the wave's first submission was made. */
    startedAt: number,
    /** The runs the wave follows on each dataflow (`sandbox\nflow`): a list reads pages enough for them. */
    private readonly expected: ReadonlyMap<string, number> = new Map(),
    /** When the state last recorded the runs earlier runs started that the wave follows. */
    inheritedRecordedAt?: number,
  ) {
    this.since = Math.min(
      startedAt - LIST_MARGIN_MS,
      inheritedRecordedAt === undefined ? Infinity : inheritedRecordedAt - INHERITED_MARGIN_MS,
    );
  }

  /** A run read alone was created at `createdAt`: later lists reach back to it. */
  cover(createdAt: number | undefined): void {
    if (createdAt !== undefined && createdAt - LIST_MARGIN_MS < this.since)
      this.since = createdAt - LIST_MARGIN_MS;
  }

  list(sandbox: string, flowId: string): Promise<RunInfo[]> {
    const key = `${sandbox}\n${flowId}`;
    const now = this.clock.now();
    const hit = this.recent.get(key);
    if (hit !== undefined && now - hit.at <= LIST_REUSE_MS) return hit.runs;
    this.book.polls++;
    const runs = this.client.listRuns(sandbox, flowId, this.since, this.expected.get(key) ?? 0);
    this.recent.set(key, { at: now, runs });
    // A failed read is not shared with a later poll.
    runs.catch(() => {
      if (this.recent.get(key)?.runs === runs) this.recent.delete(key);
    });
    return runs;
  }
}

export async function followRuns(
  ctx: {
    client: PlatformPort;
    clock: Clock;
    log: (m: string) => void;
    options: ApplyOptions;
    book: PairBook;
    lists: SharedRunLists;
  },
  pairs: PairResult[],
  job: Job,
  wave: number,
  waves: number,
): Promise<void> {
  const { client, clock, log, options, book, lists } = ctx;
  const runIds = [...new Set(pairs.flatMap((p) => (p.runId === undefined ? [] : [p.runId])))];
  const status = new Map<string, RunInfo>();
  const started = clock.now();
  let lastBeat = started;
  let open = runIds;
  /** Why a run's status could not be read at the last look; cleared by a good read. */
  const unreadable = new Map<string, string>();
  /** Credentials that IMS refuses will not work on the next poll either: stop following. */
  let refused = false;
  const listed = async (): Promise<Map<string, RunInfo>> => {
    const runs = new Map<string, RunInfo>();
    await Promise.all(
      Object.keys(job.activationInfo).map(async (flowId) => {
        try {
          for (const run of await lists.list(job.sandbox, flowId)) runs.set(run.id, run);
        } catch (error) {
          log(
            `Listing the runs of dataflow ${flowId}: ${(error as Error).message}; reading its runs one by one.`,
          );
        }
      }),
    );
    return runs;
  };
  const read = async (id: string, fromList?: RunInfo) => {
    try {
      // Taken from the list, unless the list lacks it or shows it failed (read alone, for its errors;
      // when that read fails, the list's word stands).
      let run = fromList;
      if (run === undefined || classifyRun(run.status) === "failed") {
        book.polls++;
        run = await client.getRun(job.sandbox, id).catch((error: unknown) => {
          if (fromList === undefined) throw error;
          return fromList;
        });
        // A run the list lacked (made before the lists reach): the next lists reach it.
        if (fromList === undefined) lists.cover(run.createdAt);
      }
      const before = status.get(id)?.status;
      status.set(id, run);
      unreadable.delete(id);
      if (before?.toLowerCase() !== run.status.toLowerCase() && classifyRun(run.status) !== "running") {
        const timing = book.timing(id);
        if (timing !== undefined) {
          // When Platform says the run completed (the poll that saw it may come minutes later),
          // within what this run saw: not before its submission, not after now (clocks differ).
          timing.endedAt = Math.max(timing.submittedAt, Math.min(clock.now(), run.completedAt ?? Infinity));
          timing.status = run.status;
        }
        log(`Run ${id} (job ${job.id}): ${run.status} after ${formatDuration(clock.now() - started)}.`);
      }
    } catch (error) {
      unreadable.set(id, (error as Error).message);
      if ((error as { refused?: unknown }).refused === true) refused = true; // an AuthError of IMS's refusal
      log(`Reading run ${id}: ${(error as Error).message}`);
    }
  };
  const heartbeat = () => {
    if (clock.now() - lastBeat < options.heartbeatMs) return;
    lastBeat = clock.now();
    const counts = new Map<string, number>();
    for (const id of open) {
      const s = status.get(id)?.status ?? "submitted";
      counts.set(s, (counts.get(s) ?? 0) + 1);
    }
    log(
      `Wave ${wave} of ${waves}, job ${job.id}: waiting for ${open.length} of ${runIds.length} run(s) (${[...counts].map(([s, n]) => `${n} ${s}`).join(", ")}), ${formatDuration(clock.now() - started)} so far.`,
    );
  };
  if (open.length > 0) {
    await pollUntil(
      clock,
      {
        initialMs: options.pollInitialMs,
        maxMs: options.pollMaxMs,
        factor: 1.5,
        timeoutMs: options.runTimeoutMs,
        waitFirst: true,
        ...(options.stop === undefined ? {} : { stop: options.stop }),
      },
      async () => {
        const runs = await listed();
        await Promise.all(open.map((id) => read(id, runs.get(id))));
        open = open.filter((id) => classifyRun(status.get(id)?.status) === "running");
        if (open.length > 0 && !refused) heartbeat();
        return open.length === 0 || refused;
      },
    );
    // Runs still open when time ran out are read alone once: a list may lag behind a run's end (not
    // on a cancellation: the runner kills the process seconds later, and the state must be written first).
    if (open.length > 0 && !refused && !options.stop?.signal.aborted)
      await Promise.all(open.map((id) => read(id)));
  }
  const stopped = stopReason(options.stop, clock.now());
  for (const p of pairs) {
    const run = p.runId === undefined ? undefined : status.get(p.runId);
    if (run !== undefined) p.run = run;
    const outcome = classifyRun(run?.status);
    const runId = p.runId ?? "";
    if (outcome === "succeeded") book.settle([p], "succeeded");
    else if (outcome === "failed") {
      const runErrors = (run?.errors ?? [])
        .map((e) => [e.code, e.message].filter(Boolean).join(": "))
        .join("; ");
      book.settle([p], "run-failed", {
        runId,
        ...(run === undefined ? {} : { runStatus: run.status }),
        runErrors,
      });
    } else {
      const runStatus = run === undefined ? {} : { runStatus: run.status };
      const why = unreadable.get(runId);
      const budgetMs = options.stop?.budgetMs;
      book.settle([p], "run-timeout", {
        runId,
        ...runStatus,
        timeoutMs: clock.now() - started,
        ...(why === undefined ? {} : { message: why }),
        ...(stopped === undefined ? {} : { stopped, ...(budgetMs === undefined ? {} : { budgetMs }) }),
        ...unrecorded(options),
      });
    }
  }
}
