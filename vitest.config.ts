import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    setupFiles: ["test/setup.ts"],
    // Both cores: many files wait on git, npm and the servers they start.
    maxWorkers: 2,
    // Files share a worker's module graph instead of re-importing it: every file starts its own servers
    // and temporary directories and sets no globals, and this saves about a tenth of the suite's time.
    isolate: false,
    // No `git maintenance run --auto` after each fetch: housekeeping, a process per fetch, and nothing
    // a scenario observes.
    env: { GIT_CONFIG_COUNT: "1", GIT_CONFIG_KEY_0: "maintenance.auto", GIT_CONFIG_VALUE_0: "false" },
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
