// Temporary directories that the test removes afterwards.
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach } from "vitest";

const dirs: string[] = [];
/** Removes every directory made so far (after each test; the benchmarks call it themselves). */
export function removeTempDirs(): void {
  while (dirs.length > 0) rmSync(dirs.pop()!, { recursive: true, force: true });
}
// Outside vitest (the benchmarks use these helpers) there is no test to clean up after.
if (process.env.VITEST !== undefined) afterEach(removeTempDirs);

export function tempDir(prefix = "aep-test-"): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), prefix));
  dirs.push(dir);
  return dir;
}
