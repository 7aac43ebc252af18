import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // Both cores: many files wait on git, npm and the servers they start.
    maxWorkers: 2,
    // Files share a worker's module graph instead of re-importing it: every file starts its own servers
    // and temporary directories and sets no globals, and this saves about a tenth of the suite's time.
    isolate: false,
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
