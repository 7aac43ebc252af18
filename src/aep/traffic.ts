// What one Platform client sends, counted for people and benchmarks: requests by kind. Pure.
/** Platform requests one client has in flight at once, unless configured. */
export const DEFAULT_MAX_CONCURRENT = 8;

/** A `max-concurrent-requests` value: a whole number from 1 to 64, or undefined when it is not one. */
export function concurrencyOf(text: string): number | undefined {
  const n = Number(text);
  return text.trim() !== "" && Number.isInteger(n) && n >= 1 && n <= 64 ? n : undefined;
}

/** What a client sent: requests by kind (method and path, IDs as `{id}`). */
export interface HttpStats {
  calls: Map<string, number>;
  /** Time requests waited because a 429 paused the client (ms, summed over the pauses). */
  pausedMs: number;
}

/** A request's kind for counting: its method and path, with every ID-like segment as `{id}`. */
export function kindOf(method: string, url: string): string {
  let path: string;
  try {
    path = new URL(url).pathname;
  } catch {
    path = "?";
  }
  const segments = path
    .split("/")
    .map((s) => (/\d/.test(s) && s.length >= 8 ? "{id}" : s))
    .join("/");
  return `${method} ${segments}`;
}
