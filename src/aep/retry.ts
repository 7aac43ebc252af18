// Whether to try an HTTP request again, and after how long: a pure decision over what the last attempt
// got. Two modes:
//  - "idempotent": 429 (honouring Retry-After), 5xx, resets and timeouts are retried;
//  - "submit": only failures that certainly did not reach the server (429 from the gateway, a refused
//    or unresolvable connection) are retried; a 5xx or a lost connection is `uncertain`, for the
//    caller to check before trying again, so a retry never activates twice.

export type RetryMode = "idempotent" | "submit";

/** What one attempt got: a response, or a network error (`certainlyNotSent` when it never left). */
export type AttemptResult =
  | { kind: "response"; status: number; retryAfterMs?: number }
  | { kind: "error"; why: string; certainlyNotSent: boolean };

export type RetryDecision =
  | { action: "return" }
  | { action: "uncertain"; reason: string }
  | { action: "give-up"; why: string }
  | { action: "retry"; waitMs: number; why: string };

export interface RetryBudget {
  mode: RetryMode;
  /** 1 for the first attempt. */
  attempt: number;
  maxAttempts: number;
  /** Time already waited between earlier attempts of this request. */
  waitedMs: number;
  maxTotalWaitMs: number;
  /** The jittered exponential backoff for this attempt. */
  backoffMs: number;
}

export function decideRetry(result: AttemptResult, b: RetryBudget): RetryDecision {
  const exhausted = (wait: number) => b.attempt >= b.maxAttempts || b.waitedMs + wait > b.maxTotalWaitMs;
  if (result.kind === "response") {
    if (b.mode === "submit" && result.status >= 500)
      return { action: "uncertain", reason: `HTTP ${result.status}` };
    const retryable = result.status === 429 || (b.mode === "idempotent" && result.status >= 500);
    if (!retryable) return { action: "return" };
    const wait = (result.status === 429 ? result.retryAfterMs : undefined) ?? b.backoffMs;
    return exhausted(wait)
      ? { action: "return" }
      : { action: "retry", waitMs: wait, why: `HTTP ${result.status}` };
  }
  if (b.mode === "submit" && !result.certainlyNotSent) return { action: "uncertain", reason: result.why };
  return exhausted(b.backoffMs)
    ? { action: "give-up", why: result.why }
    : { action: "retry", waitMs: b.backoffMs, why: result.why };
}

/** Retry-After in seconds or as an HTTP date → milliseconds (undefined when absent or unreadable). */
export function retryAfterMs(value: string | string[] | undefined, now: number): number | undefined {
  const v = Array.isArray(value) ? value[0] : value;
  if (v === undefined || v.trim() === "") return undefined;
  if (/^\d+(\.\d+)?$/.test(v.trim())) return Number(v) * 1000;
  const date = Date.parse(v);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}
