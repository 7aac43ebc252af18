// Shared helpers for the benchmarks: deterministic IDs, timing a child CLI run, printing rows.
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";

/** A deterministic UUID-shaped ID from a label. */
export function uuidFor(label: string): string {
  const h = createHash("sha1").update(label).digest("hex");
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

export interface ChildRun {
  ms: number;
  maxRssMiB: number;
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Run `node dist/cli/index.js …args` as a separate process, timing it and reading its peak memory. */
export function runCliProcess(args: string[], cwd: string): ChildRun {
  const started = performance.now();
  const r = spawnSync(
    process.execPath,
    [`${process.cwd()}/bench/measure-child.mjs`, `${process.cwd()}/dist/cli/index.js`, ...args],
    {
      cwd,
      encoding: "utf8",
      maxBuffer: 512 * 1024 * 1024,
    },
  );
  const ms = performance.now() - started;
  const rss = /@@maxrss-kib=(\d+)/.exec(r.stderr);
  return {
    ms,
    maxRssMiB: rss ? Number(rss[1]) / 1024 : NaN,
    code: r.status,
    stdout: r.stdout,
    stderr: r.stderr,
  };
}

export function row(label: string, value: string, bound = ""): void {
  console.log(`  ${label.padEnd(34)} ${value.padStart(14)}   ${bound}`);
}
