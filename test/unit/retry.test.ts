// The retry decision, as a table: what an attempt got × the mode × the budget left → what happens.
import { describe, expect, it } from "vitest";
import { decideRetry, retryAfterMs, type AttemptResult, type RetryBudget } from "../../src/aep/retry.js";

const budget = (o: Partial<RetryBudget> = {}): RetryBudget => ({
  mode: "idempotent",
  attempt: 1,
  maxAttempts: 6,
  waitedMs: 0,
  maxTotalWaitMs: 120_000,
  backoffMs: 500,
  ...o,
});
const reset: AttemptResult = {
  kind: "error",
  why: "the connection was closed before a reply",
  certainlyNotSent: false,
};
const refused: AttemptResult = {
  kind: "error",
  why: "could not connect (ECONNREFUSED)",
  certainlyNotSent: true,
};

describe("decideRetry", () => {
  it.each<[string, AttemptResult, Partial<RetryBudget>, ReturnType<typeof decideRetry>]>([
    ["200 is returned", { kind: "response", status: 200 }, {}, { action: "return" }],
    ["400 is returned, never retried", { kind: "response", status: 400 }, {}, { action: "return" }],
    [
      "429 waits Retry-After",
      { kind: "response", status: 429, retryAfterMs: 7_000 },
      {},
      { action: "retry", waitMs: 7_000, why: "HTTP 429" },
    ],
    [
      "429 without Retry-After backs off",
      { kind: "response", status: 429 },
      {},
      { action: "retry", waitMs: 500, why: "HTTP 429" },
    ],
    [
      "429 on a submission is retried (the gateway refused it)",
      { kind: "response", status: 429 },
      { mode: "submit" },
      { action: "retry", waitMs: 500, why: "HTTP 429" },
    ],
    [
      "503 on a read is retried",
      { kind: "response", status: 503 },
      {},
      { action: "retry", waitMs: 500, why: "HTTP 503" },
    ],
    [
      "503 on a submission is uncertain",
      { kind: "response", status: 503 },
      { mode: "submit" },
      { action: "uncertain", reason: "HTTP 503" },
    ],
    [
      "a reset on a read is retried",
      reset,
      {},
      { action: "retry", waitMs: 500, why: reset.kind === "error" ? reset.why : "" },
    ],
    [
      "a reset on a submission is uncertain",
      reset,
      { mode: "submit" },
      { action: "uncertain", reason: "the connection was closed before a reply" },
    ],
    [
      "a refused connection on a submission is retried",
      refused,
      { mode: "submit" },
      { action: "retry", waitMs: 500, why: "could not connect (ECONNREFUSED)" },
    ],
    [
      "the last attempt's 503 is returned",
      { kind: "response", status: 503 },
      { attempt: 6 },
      { action: "return" },
    ],
    [
      "a Retry-After past the wait budget is returned",
      { kind: "response", status: 429, retryAfterMs: 3_600_000 },
      {},
      { action: "return" },
    ],
    [
      "the last attempt's network error gives up",
      refused,
      { attempt: 6 },
      { action: "give-up", why: "could not connect (ECONNREFUSED)" },
    ],
    [
      "a wait past the budget gives up",
      reset,
      { waitedMs: 119_800 },
      { action: "give-up", why: "the connection was closed before a reply" },
    ],
  ])("%s", (_, result, b, expected) => {
    expect(decideRetry(result, budget(b))).toEqual(expected);
  });

  it("reads Retry-After as seconds or as an HTTP date", () => {
    const now = Date.parse("2026-11-30T12:00:00Z");
    expect(retryAfterMs("3", now)).toBe(3_000);
    expect(retryAfterMs("Mon, 30 Nov 2026 12:00:10 GMT", now)).toBe(10_000);
    expect(retryAfterMs("soon", now)).toBeUndefined();
    expect(retryAfterMs(undefined, now)).toBeUndefined();
  });
});
