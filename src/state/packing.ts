// How a key's rows are packed into CSV shards: plans into N buckets by a stable hash of their path,
// N a power of two chosen from the key's size. A read then costs about size / SHARD_TARGET blobs
// however many plans there are, each shard stays under GitHub's CSV rendering limit, and a plan's
// rows stay together in one file (people filter the table by plan). Pure.
import { createHash } from "node:crypto";

/** What a shard holds on average at most: N doubles past it (a rewrite of every shard, rarely). */
export const SHARD_TARGET = 350_000;

/** Shards for rows of `bytes` in all: the smallest power of two keeping the average under `target`. */
export function shardCount(bytes: number, target = SHARD_TARGET): number {
  let n = 1;
  while (bytes / n > target) n *= 2;
  return n;
}

/** The shard (0 … n-1) of a plan: a hash of its path, the same on every machine and run. */
export function bucketOf(plan: string, n: number): number {
  return createHash("sha256").update(plan, "utf8").digest().readUInt32BE(0) % n;
}

/**
 * A shard's file name: `pairs-<bucket>-of-<n>.csv`, and `~<part>` for the overflow of a bucket over
 * the size bound. N is in the name so that a write after N changed replaces every old file.
 */
export function shardName(bucket: number, n: number, part = 1): string {
  const b = String(bucket).padStart(String(n - 1).length, "0");
  return `pairs-${b}-of-${n}${part === 1 ? "" : `~${part}`}.csv`;
}

const order = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/**
 * The shards (name → CSV text, as the header and the lines that join into it) of rows grouped by
 * plan (request ID, encoded line and its size in bytes; `bytes` the plan's size, `total` the size of
 * all). In a shard, plans are sorted by path and a plan's rows by request, so that an unchanged shard
 * encodes to the same bytes (the same blob: nothing to upload).
 * A plan stays in one file unless it alone is over `maxBytes`; a bucket over it is split into parts
 * at plan boundaries.
 */
export function packShards(
  byPlan: Map<string, { rows: [string, string, number][]; bytes: number }>,
  total: number,
  header: string,
  maxBytes: number,
  target = SHARD_TARGET,
): Map<string, string[]> {
  const files = new Map<string, string[]>();
  const n = shardCount(total, target);
  const buckets = new Map<number, string[]>();
  for (const plan of byPlan.keys()) {
    const b = bucketOf(plan, n);
    const plans = buckets.get(b) ?? [];
    plans.push(plan);
    buckets.set(b, plans);
  }
  const headerBytes = Buffer.byteLength(header);
  for (const [b, plans] of buckets) {
    plans.sort(order);
    let part = 1;
    let chunk: string[] = [];
    let bytes = headerBytes;
    const flush = () => {
      files.set(shardName(b, n, part++), [header, ...chunk]);
      chunk = [];
      bytes = headerBytes;
    };
    for (const plan of plans) {
      const { rows, bytes: planBytes } = byPlan.get(plan) ?? { rows: [], bytes: 0 };
      if (chunk.length > 0 && bytes + planBytes > maxBytes) flush();
      rows.sort((x, y) => order(x[0], y[0]));
      for (const [, line, size] of rows) {
        if (chunk.length > 0 && bytes + size > maxBytes) flush();
        chunk.push(line);
        bytes += size;
      }
    }
    flush();
  }
  return files;
}
