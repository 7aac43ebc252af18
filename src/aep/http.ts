// HTTP on undici: keep-alive, a timeout on every request, proxy support, and retries with exponential
// backoff, jitter and a bounded total wait. Two modes:
//  - "idempotent": 429 (honouring Retry-After), 5xx, resets and timeouts are retried;
//  - "submit": only failures that certainly did not reach the server (429 from the gateway, a refused
//    or unresolvable connection) are retried; anything else is returned as `uncertain` for the caller
//    to check before trying again, so a retry never activates twice.
import { Agent, EnvHttpProxyAgent, request, type Dispatcher } from "undici";

export interface HttpSettings {
  timeoutMs: number;
  maxAttempts: number;
  /** Upper bound of the total time spent waiting between attempts of one request. */
  maxTotalWaitMs: number;
  baseDelayMs: number;
  proxy?: { httpProxy?: string; httpsProxy?: string; noProxy?: string };
}

export interface HttpDeps {
  sleep: (ms: number) => Promise<void>;
  random: () => number;
  log: (message: string) => void;
}

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

const NOT_SENT = new Set([
  "ECONNREFUSED",
  "ENOTFOUND",
  "EAI_AGAIN",
  "UND_ERR_CONNECT_TIMEOUT",
  "EHOSTUNREACH",
  "ENETUNREACH",
]);

function errorCode(error: unknown): string {
  const e = error as { code?: string; cause?: { code?: string } };
  return e.cause?.code ?? e.code ?? "";
}

export function describeNetworkError(error: unknown): string {
  const code = errorCode(error);
  const name = (error as { name?: string }).name;
  if (name === "TimeoutError" || name === "AbortError") return "timed out waiting for the server";
  if (code === "UND_ERR_HEADERS_TIMEOUT" || code === "UND_ERR_BODY_TIMEOUT")
    return "timed out waiting for the server";
  if (code === "UND_ERR_SOCKET" || code === "ECONNRESET") return "the connection was closed before a reply";
  if (NOT_SENT.has(code)) return `could not connect (${code})`;
  return `network error${code === "" ? "" : ` (${code})`}`;
}

/** Retry-After in seconds or as an HTTP date → milliseconds (undefined when absent or unreadable). */
export function retryAfterMs(value: string | string[] | undefined, now: number): number | undefined {
  const v = Array.isArray(value) ? value[0] : value;
  if (v === undefined || v.trim() === "") return undefined;
  if (/^\d+(\.\d+)?$/.test(v.trim())) return Number(v) * 1000;
  const date = Date.parse(v);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

export class Http {
  private readonly dispatcher: Dispatcher;

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
    const text = await res.body.text();
    return { status: res.statusCode, headers: res.headers, text };
  }

  private backoff(attempt: number): number {
    const exp = this.settings.baseDelayMs * 2 ** (attempt - 1);
    return Math.round(exp / 2 + this.deps.random() * (exp / 2)); // "equal jitter"
  }

  async send(req: HttpRequest, mode: "idempotent" | "submit" = "idempotent"): Promise<HttpOutcome> {
    let waited = 0;
    for (let attempt = 1; ; attempt++) {
      let wait: number;
      let why: string;
      try {
        const response = await this.once(req);
        if (mode === "submit" && response.status >= 500)
          return { kind: "uncertain", reason: `HTTP ${response.status}` };
        const retryable = response.status === 429 || (mode === "idempotent" && response.status >= 500);
        if (!retryable) return { kind: "response", response };
        why = `HTTP ${response.status}`;
        const after =
          response.status === 429 ? retryAfterMs(response.headers["retry-after"], Date.now()) : undefined;
        wait = after ?? this.backoff(attempt);
        if (attempt >= this.settings.maxAttempts || waited + wait > this.settings.maxTotalWaitMs) {
          return { kind: "response", response };
        }
      } catch (error) {
        why = describeNetworkError(error);
        const certain = NOT_SENT.has(errorCode(error));
        if (mode === "submit" && !certain) return { kind: "uncertain", reason: why };
        wait = this.backoff(attempt);
        if (attempt >= this.settings.maxAttempts || waited + wait > this.settings.maxTotalWaitMs) {
          return { kind: "failed", reason: `${req.what}: ${why} (gave up after ${attempt} attempts)` };
        }
      }
      this.deps.log(
        `${req.what}: ${why}; retrying in ${(wait / 1000).toFixed(1)} s (attempt ${attempt + 1} of ${this.settings.maxAttempts})`,
      );
      waited += wait;
      await this.deps.sleep(wait);
    }
  }
}
