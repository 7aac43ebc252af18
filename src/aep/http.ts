// HTTP on undici: keep-alive, a timeout on every request, proxy support, and retries with exponential
// backoff, jitter and a bounded total wait, as decided by retry.ts. One client is a well-behaved
// neighbour on an org's shared limits: at most `maxConcurrent` requests in flight (a slot is taken
// before a request's timeout starts), and a 429 pauses every request of the client (for its
// Retry-After), not only the one that met it.
import { Agent, EnvHttpProxyAgent, request, type Dispatcher } from "undici";
import { describeNetworkError, notSent } from "./network-errors.js";
import { decideRetry, retryAfterMs, type AttemptResult, type RetryMode } from "./retry.js";
import { DEFAULT_MAX_CONCURRENT, kindOf, type HttpStats } from "./traffic.js";

export interface HttpSettings {
  timeoutMs: number;
  maxAttempts: number;
  /** Upper bound of the total time spent waiting between attempts of one request. */
  maxTotalWaitMs: number;
  baseDelayMs: number;
  /** Requests in flight at once, at most (default DEFAULT_MAX_CONCURRENT). */
  maxConcurrent?: number;
  proxy?: { httpProxy?: string; httpsProxy?: string; noProxy?: string };
}

export interface HttpDeps {
  sleep: (ms: number) => Promise<void>;
  now: () => number;
  random: () => number;
  log: (message: string) => void;
  /** Applied to every error body as it arrives, before anything quotes or truncates it. */
  redact?: (text: string) => string;
  /**
   * The run's cancellation: `sleep` returns early once it aborts, and nothing more is waited for
   * (no 429 pause, no retry); a request not yet sent is not sent.
   */
  cancelled?: AbortSignal;
}

/** A request the run's cancellation kept from being sent (so it is certainly not at Platform). */
class NotSentCancelled extends Error {}

/** An error body is read up to this many bytes (a server may send hundreds of MiB); the rest is dropped. */
export const ERROR_BODY_BYTES = 64 * 1024;
/** Read past the cut and redacted with the rest: longer than any secret a server could echo. */
const REDACT_MARGIN = 4096;

export interface HttpRequest {
  method: "GET" | "POST";
  url: string;
  headers: Record<string, string>;
  body?: string;
  /** A short description for log lines (never the URL's query or any header). */
  what: string;
}

export interface HttpResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
}

export type HttpOutcome =
  | { kind: "response"; response: HttpResponse }
  | { kind: "uncertain"; reason: string }
  | { kind: "failed"; reason: string };

export class Http {
  private readonly dispatcher: Dispatcher;
  /** Slots held (requests in flight, or waiting out a pause), and the requests waiting for one. */
  private inFlight = 0;
  private readonly waiting: (() => void)[] = [];
  /** Until when (clock ms) a 429 paused every request of this client. */
  private pausedUntil = 0;
  readonly stats: HttpStats = { calls: new Map(), pausedMs: 0 };

  constructor(
    private readonly settings: HttpSettings,
    private readonly deps: HttpDeps,
  ) {
    const p = settings.proxy;
    const timeouts = {
      headersTimeout: settings.timeoutMs,
      bodyTimeout: settings.timeoutMs,
      connectTimeout: Math.min(settings.timeoutMs, 10_000),
    };
    this.dispatcher =
      p?.httpProxy !== undefined || p?.httpsProxy !== undefined
        ? new EnvHttpProxyAgent({
            ...timeouts,
            ...(p.httpProxy === undefined ? {} : { httpProxy: p.httpProxy }),
            ...(p.httpsProxy === undefined ? {} : { httpsProxy: p.httpsProxy }),
            ...(p.noProxy === undefined ? {} : { noProxy: p.noProxy }),
          })
        : new Agent({ ...timeouts, keepAliveTimeout: 30_000 });
  }

  async close(): Promise<void> {
    await this.dispatcher.close();
  }

  private async once(req: HttpRequest): Promise<HttpResponse> {
    const res = await request(req.url, {
      method: req.method,
      headers: req.headers,
      ...(req.body === undefined ? {} : { body: req.body }),
      dispatcher: this.dispatcher,
      signal: AbortSignal.timeout(this.settings.timeoutMs),
    });
    if (res.statusCode < 400)
      return { status: res.statusCode, headers: res.headers, text: await res.body.text() };
    // A little more than is kept is read and redacted before the cut: a secret across the cut is
    // removed whole, never left as a prefix no mask can match.
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of res.body as AsyncIterable<Buffer>) {
      chunks.push(chunk);
      size += chunk.length;
      if (size >= ERROR_BODY_BYTES + REDACT_MARGIN) break; // leaving the loop destroys the rest of the body
    }
    const read = Buffer.concat(chunks)
      .subarray(0, ERROR_BODY_BYTES + REDACT_MARGIN)
      .toString("utf8");
    const redacted = Buffer.from(this.deps.redact?.(read) ?? read);
    const text = redacted
      .subarray(0, ERROR_BODY_BYTES)
      .toString("utf8")
      .replace(/\uFFFD$/, "");
    return { status: res.statusCode, headers: res.headers, text };
  }

  private isCancelled(): boolean {
    return this.deps.cancelled?.aborted === true;
  }

  /** One attempt, once it holds a slot and no 429 pause is on. */
  private async attempt(req: HttpRequest): Promise<HttpResponse> {
    // A slot first: the request's timeout starts when it is sent, never while it waits its turn
    // (a submission that timed out in a queue was never sent, and must not be called uncertain).
    const limit = Math.max(1, this.settings.maxConcurrent ?? DEFAULT_MAX_CONCURRENT);
    if (this.inFlight < limit) this.inFlight++;
    else await new Promise<void>((resolve) => this.waiting.push(resolve)); // handed a slot directly
    try {
      for (let until = this.pausedUntil; until > this.deps.now(); until = this.pausedUntil) {
        if (this.isCancelled()) throw new NotSentCancelled();
        await this.deps.sleep(until - this.deps.now());
      }
      if (this.isCancelled() && this.pausedUntil > this.deps.now()) throw new NotSentCancelled();
      const kind = kindOf(req.method, req.url);
      this.stats.calls.set(kind, (this.stats.calls.get(kind) ?? 0) + 1);
      return await this.once(req);
    } finally {
      const next = this.waiting.shift();
      if (next === undefined) this.inFlight--;
      else next();
    }
  }

  private backoff(attempt: number): number {
    const exp = this.settings.baseDelayMs * 2 ** (attempt - 1);
    return Math.round(exp / 2 + this.deps.random() * (exp / 2)); // "equal jitter"
  }

  async send(req: HttpRequest, mode: RetryMode = "idempotent"): Promise<HttpOutcome> {
    let waitedMs = 0;
    for (let attempt = 1; ; attempt++) {
      let response: HttpResponse | undefined;
      let result: AttemptResult;
      try {
        response = await this.attempt(req);
        const after = retryAfterMs(response.headers["retry-after"], this.deps.now());
        // Throttled: the whole client waits, for Retry-After or this attempt's backoff, but never
        // longer than one request may wait in all (a Retry-After of an hour fails that request alone).
        if (response.status === 429) {
          const pause = Math.min(after ?? this.backoff(attempt), this.settings.maxTotalWaitMs);
          const until = this.deps.now() + pause;
          // The time the client is paused, counted once however many requests wait it out.
          this.stats.pausedMs += Math.max(0, until - Math.max(this.pausedUntil, this.deps.now()));
          this.pausedUntil = Math.max(this.pausedUntil, until);
        }
        result = {
          kind: "response",
          status: response.status,
          ...(after === undefined ? {} : { retryAfterMs: after }),
        };
      } catch (error) {
        if (error instanceof NotSentCancelled)
          return {
            kind: "failed",
            reason: `${req.what}: not sent: the run was cancelled during Platform's 429 pause`,
          };
        result = {
          kind: "error",
          why: describeNetworkError(error, req.url),
          certainlyNotSent: notSent(error),
        };
      }
      const { maxAttempts, maxTotalWaitMs } = this.settings;
      const decision = decideRetry(result, {
        mode,
        attempt,
        maxAttempts,
        waitedMs,
        maxTotalWaitMs,
        backoffMs: this.backoff(attempt),
      });
      if (decision.action === "return" && response !== undefined) return { kind: "response", response };
      if (decision.action === "uncertain") return { kind: "uncertain", reason: decision.reason };
      if (decision.action !== "retry") {
        const why = decision.action === "give-up" ? decision.why : "no response";
        return { kind: "failed", reason: `${req.what}: ${why} (gave up after ${attempt} attempts)` };
      }
      // A retry is only decided when the attempt certainly did not take effect: after a cancellation
      // it is not made, and the request has failed.
      if (this.isCancelled())
        return { kind: "failed", reason: `${req.what}: ${decision.why}; not retried: the run was cancelled` };
      this.deps.log(
        `${req.what}: ${decision.why}; retrying in ${(decision.waitMs / 1000).toFixed(1)} s (attempt ${attempt + 1} of ${maxAttempts})`,
      );
      waitedMs += decision.waitMs;
      await this.deps.sleep(decision.waitMs);
      if (this.isCancelled())
        return { kind: "failed", reason: `${req.what}: ${decision.why}; not retried: the run was cancelled` };
    }
  }
}

/** "WHAT failed: WHY", from a failed outcome's reason (which starts with WHAT: said once). */
export const failedSentence = (what: string, reason: string) =>
  `${what} failed: ${reason.startsWith(`${what}: `) ? reason.slice(what.length + 2) : reason}`;
