// Temporary directories that the test removes afterwards.
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";

const dirs: string[] = [];
/** Removes every directory made so far (after each test, from test/setup.ts; the benchmarks call it themselves). */
export function removeTempDirs(): void {
  while (dirs.length > 0) rmSync(dirs.pop()!, { recursive: true, force: true });
}

export function tempDir(prefix = "aep-test-"): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), prefix));
  dirs.push(dir);
  return dir;
}
