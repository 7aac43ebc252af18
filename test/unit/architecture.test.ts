// The house rules, enforced by lint: the core (plan/, jobs/, activation/, render/, state/) imports no
// I/O and nothing above it, and no file in src/ is over 250 lines (an entry point over 79). This lints
// deliberate violations with the project's own rules.
import path from "node:path";
import { ESLint } from "eslint";
import tseslint from "typescript-eslint";
import { describe, expect, it } from "vitest";
import { architecture } from "../../eslint.architecture.js";

const root = path.resolve(import.meta.dirname, "../..");
const eslint = new ESLint({
  cwd: root,
  overrideConfigFile: true,
  overrideConfig: [
    {
      files: ["**/*.ts"],
      languageOptions: { parser: tseslint.parser },
      plugins: { "@typescript-eslint": tseslint.plugin },
    },
    ...architecture,
  ],
});

async function problems(file: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: path.join(root, file) });
  return (result?.messages ?? []).map((m) => m.message);
}

describe("the core stays pure (no-restricted-imports per folder)", () => {
  it.each([
    ["src/plan/evil.ts", 'import { readFileSync } from "node:fs";'],
    ["src/jobs/evil.ts", 'import { spawn } from "node:child_process";'],
    ["src/activation/evil.ts", 'import { request } from "undici";'],
    ["src/render/evil.ts", 'import * as core from "@actions/core";'],
    ["src/state/evil.ts", 'import { Octokit } from "@octokit/core";'],
    ["src/render/evil.ts", 'import { GitRepo } from "../sources/git.js";'],
    ["src/activation/evil.ts", 'import { PlatformClient } from "../aep/platform.js";'],
    ["src/plan/evil.ts", 'import { run } from "../action/apply.js";'],
  ])("%s: %s is refused", async (file, code) => {
    expect(await problems(file, code)).toHaveLength(1);
  });

  it.each([
    ["src/activation/ok.ts", 'import type { FlowInfo } from "../aep/platform.js";'],
    ["src/plan/ok.ts", 'import { parse } from "yaml";'],
    ["src/sources/ok.ts", 'import { readFileSync } from "node:fs";'],
    ["src/action/ok.ts", 'import * as core from "@actions/core";'],
  ])("%s: %s is allowed", async (file, code) => {
    expect(await problems(file, code)).toEqual([]);
  });
});

describe("files a reader takes in whole (max-lines)", () => {
  const lines = (n: number) => Array.from({ length: n }, (_, i) => `export const v${i} = ${i};`).join("\n");
  it.each([
    ["src/jobs/long.ts", 251, 1],
    ["src/jobs/long.ts", 250, 0],
    ["src/index.ts", 80, 1],
    ["src/index.ts", 79, 0],
    ["src/cli/index.ts", 80, 1],
  ])("%s with %i lines: %i problem(s)", async (file, n, expected) => {
    expect(await problems(file, lines(n))).toHaveLength(expected);
  });
});
