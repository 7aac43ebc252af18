// The clock adapter: the current time and waiting. Tests and the demo pass their own.
export interface Clock {
  now(): number;
  sleep(ms: number): Promise<void>;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

/** A longer span for people: minutes up to two hours, then hours up to two days, then days. */
export function formatAge(ms: number): string {
  const one = (n: number) => (Number.isInteger(n) ? String(n) : n.toFixed(1));
  if (ms < 7_200_000) return formatDuration(ms);
  if (ms < 172_800_000) return `${one(Math.round(ms / 360_000) / 10)} h`;
  return `${one(Math.round(ms / 8_640_000) / 10)} d`;
}

export function formatDuration(ms: number): string {
  const s = Math.round(ms / 1000);
  if (s < 60) return `${s} s`;
  const m = Math.floor(s / 60);
  return s % 60 === 0 ? `${m} min` : `${m} min ${s % 60} s`;
}
