// Fault knobs: a seeded roll per Platform request decides a 429 with Retry-After, a 500 or a dropped
// connection, before any processing, so a failed request changed nothing.
import type { Exchange, SimulatorOptions } from "./context.js";

/** mulberry32: a small seeded PRNG. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Answers or drops the request when a fault is rolled; returns whether it did. */
export function injectFault(options: SimulatorOptions, random: () => number, ex: Exchange): boolean {
  if (options.faultPaths !== undefined && !options.faultPaths.test(ex.url.pathname)) return false;
  const roll = random();
  const r429 = options.rate429 ?? 0;
  const r500 = options.rate500 ?? 0;
  const rDrop = options.rateDrop ?? 0;
  if (roll < r429) {
    ex.send(
      429,
      { error_code: "429050", message: "Too many requests" },
      { "retry-after": String(options.retryAfterSeconds ?? 1) },
    );
  } else if (roll < r429 + r500) {
    const echo =
      options.echoRequests === true
        ? ` for a request with Authorization: ${ex.req.headers.authorization ?? ""}`
        : "";
    ex.send(500, { message: `${options.errorText ?? "Internal server error"}${echo}` });
  } else if (roll < r429 + r500 + rDrop) {
    ex.drop(-1);
  } else {
    return false;
  }
  return true;
}
