// Octokit for the Action: retry and throttling plugins, GITHUB_API_URL (GitHub Enterprise Server).
import { getOctokit } from "@actions/github";
import { retry } from "@octokit/plugin-retry";
import { throttling } from "@octokit/plugin-throttling";
import { sleepUnless, systemClock, type Clock } from "../clock.js";

export type GitHubClient = ReturnType<typeof getOctokit> & { requests: { reads: number; writes: number } };

/** A GitHub call that has not answered in this long is abandoned (a silent GitHub must not hang the job). */
export const GITHUB_TIMEOUT_MS = 120_000;
/** A rate limit that resets later than this is not waited out: the run fails, saying when it resets. */
export const MAX_RATE_LIMIT_WAIT_S = 300;
/**
 * GitHub requests one run may make (the workflow token has 1,000 an hour per repository, shared by
 * every workflow): past it, no comment is written. Reads (the reviews a merge is gated on) and the
 * state branch's writes are still sent: a run never leaves pairs it started unrecorded, and a long
 * catch-up is never refused for its size (it would stall on the same merge at every run).
 */
export const RUN_REQUEST_BUDGET = 500;

export function createGitHubClient(
  token: string,
  apiUrl: string,
  log: (message: string) => void,
  /**
   * `clock`: the pacing of writes and the rate limits' waits sleep on it (the retry plugin's waits
   * after a 5xx sleep on the wall clock: tests on a virtual clock turn `pace` off). `hurry`: once it
   * aborts (the run is being cancelled), the last writes (the state, the lock given back) are not
   * paced: the runner kills the process seconds later.
   */
  options: { pace?: boolean; timeoutMs?: number; hurry?: AbortSignal; budget?: number; clock?: Clock } = {},
): GitHubClient {
  const timeoutMs = options.timeoutMs ?? GITHUB_TIMEOUT_MS;
  const { hurry } = options;
  const clock = options.clock ?? systemClock;
  /** Requests a rate limit stopped that are worth a retry: after how long (s), and which limit. */
  const limited = new WeakMap<object, { after: number; kind: string }>();
  /** Whether a limit is worth waiting out: never once the run is being cancelled. */
  const worthWaiting = (kind: string, after: number, request: { method: string; url: string }) => {
    if (hurry?.aborted === true)
      log(`GitHub ${kind} on ${request.method} ${request.url}; the run is being cancelled: not waiting.`);
    else if (after > MAX_RATE_LIMIT_WAIT_S)
      log(
        `GitHub's ${kind} on ${request.method} ${request.url} resets in ${Math.ceil(after / 60)} min; not waiting that long.`,
      );
    else limited.set(request, { after, kind });
    // The plugin never waits itself: the wait is below, where a cancellation can end it.
    return false;
  };
  // Every request sent, retries included: the run's share of the repository's hourly budget.
  const requests = { reads: 0, writes: 0 };
  const timed: typeof fetch = (input, init) => {
    const method = (init?.method ?? "GET").toUpperCase();
    requests[method === "GET" || method === "HEAD" ? "reads" : "writes"]++;
    const limit = AbortSignal.timeout(timeoutMs);
    return fetch(input, { ...init, signal: init?.signal ? AbortSignal.any([init.signal, limit]) : limit });
  };
  const octokit = Object.assign(
    getOctokit(
      token,
      {
        baseUrl: apiUrl,
        request: { fetch: timed },
        throttle: {
          enabled: options.pace ?? true,
          // GitHub asks for a second between writes, and three between writes that notify people.
          write: pacer(1_000, clock, hurry),
          notifications: pacer(3_000, clock, hurry),
          onRateLimit: (after: number, o: { method: string; url: string }) =>
            worthWaiting("rate limit", after, o),
          onSecondaryRateLimit: (after: number, o: { method: string; url: string }) =>
            worthWaiting("secondary rate limit", after, o),
        },
        // 403 and 429 are rate limits, waited out (or not) below, as long as GitHub asks (a 429 without
        // retry-after: a minute, as GitHub's docs say for secondary limits).
        retry: { doNotRetry: [400, 401, 403, 404, 422, 429], enabled: options.pace ?? true },
      },
      retry,
      throttling,
    ),
    { requests },
  );
  // A rate limit worth waiting out is retried twice at most, after the wait GitHub asks for. A
  // cancellation ends the wait at once: the request fails, saying so, and no retry is sent.
  octokit.hook.wrap("request", async (request, o) => {
    for (let retries = 0; ; retries++) {
      try {
        return await request(o);
      } catch (error) {
        // A 429 the throttling plugin did not take for a rate limit (its message names none): still one.
        const status = (error as { status?: number }).status;
        if (status === 429 && !limited.has(o) && (options.pace ?? true)) {
          const after = (error as { response?: { headers?: Record<string, string> } }).response?.headers?.[
            "retry-after"
          ];
          worthWaiting("rate limit", Number(after) || 60, o);
        }
        const limit = limited.get(o);
        limited.delete(o);
        if (limit === undefined || retries === 2) throw error;
        log(`GitHub ${limit.kind} on ${o.method} ${o.url}; retrying after ${limit.after} s.`);
        await sleepUnless(clock, limit.after * 1000, stopOn(hurry));
        if (hurry?.aborted === true)
          throw new Error("not sent: the run was cancelled while GitHub's rate limit was waited out", {
            cause: error,
          });
      }
    }
  });
  const budget = options.budget ?? RUN_REQUEST_BUDGET;
  let told = false;
  octokit.hook.before("request", (o) => {
    const { reads, writes } = octokit.requests;
    const read = o.method === "GET" || o.method === "HEAD";
    if (reads + writes >= budget && !read && !/\/git\/(refs?|trees|commits|blobs)\b/.test(o.url)) {
      if (!told)
        log(
          `This run's GitHub request budget (${budget}) is spent: no more comments are written (the job summary has everything); the activation state still is.`,
        );
      told = true;
      throw new Error(`not sent: this run's GitHub request budget (${budget}) is spent`);
    }
  });
  return octokit;
}

/**
 * The throttling plugin's limiter for one kind of request (its `write.key(id).schedule(options, job)`),
 * in place of its Bottleneck group: jobs in order, `gapMs` apart, with no gap once `hurry` aborted.
 */
function pacer(gapMs: number, clock: Clock, hurry: AbortSignal | undefined): never {
  let last = 0;
  let queue: Promise<unknown> = Promise.resolve();
  const schedule = <T>(_options: unknown, job: () => Promise<T>): Promise<T> => {
    const run = queue.then(async () => {
      const wait = hurry?.aborted === true ? 0 : last + gapMs - clock.now();
      if (wait > 0) await sleepUnless(clock, wait, stopOn(hurry));
      last = clock.now();
      return job();
    });
    queue = run.catch(() => {});
    return run;
  };
  return { key: () => ({ schedule }) } as never;
}

/** A wait that a cancellation ends at once, whatever the clock (sleepUnless races the signal). */
const stopOn = (hurry: AbortSignal | undefined) =>
  hurry === undefined ? undefined : { deadline: Infinity, signal: hurry };
