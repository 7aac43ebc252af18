// The tool as users install it: `npm pack` this repository (dist/ is committed), install the tarball
// into an empty project, and run `aep-activate` there on Node 24, on the oldest Node that
// package.json's `engines` allows (a Node binary from the npm registry, cached under
// node_modules/.cache) and on a Node that is too old (Node 20: one line, exit 2, no stack trace).
// A Node binary that cannot be obtained skips its test locally, saying why, and fails it on CI.
import { execFile, execFileSync, spawnSync } from "node:child_process";
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { createRequire } from "node:module";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it, type TestContext } from "vitest";
import { parse } from "yaml";
import { TestRepo } from "../helpers/git-repo.js";

const root = path.resolve(import.meta.dirname, "../..");
const pkg = JSON.parse(readFileSync(path.join(root, "package.json"), "utf8")) as {
  name: string;
  version: string;
  engines: { node: string };
  bin: Record<string, string>;
};
const floorMatch = /^>=(\d+)\.(\d+)(?:\.(\d+))?$/.exec(pkg.engines.node);
const floor = floorMatch === null ? "" : `${floorMatch[1]}.${floorMatch[2]}.${floorMatch[3] ?? "0"}`;
const cacheDir = path.join(root, "node_modules/.cache/aep-install-test");
const ON_CI = process.env.CI === "true";

// The environment of a user's shell: no npm_* variables from `npm test`, no node_modules/.bin of this
// repository on PATH; `first` directories (the Node under test, the project's .bin) go first.
function userEnv(first: string[]): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env))
    if (!key.toLowerCase().startsWith("npm_")) env[key] = value;
  const rest = (process.env.PATH ?? "")
    .split(path.delimiter)
    .filter((dir) => dir !== "" && !dir.split(path.sep).includes("node_modules"));
  env.PATH = [...first, ...rest].join(path.delimiter);
  env.NO_UPDATE_NOTIFIER = "1";
  env.npm_config_update_notifier = "false";
  return env;
}

function nodeVersion(bin: string): string | undefined {
  const r = spawnSync(bin, ["--version"], { encoding: "utf8" });
  return r.status === 0 ? r.stdout.trim() : undefined;
}

// A Node of the given major on PATH outside any node_modules (the machine's own Node).
function nodeOnPath(major: number): string | undefined {
  for (const dir of (process.env.PATH ?? "").split(path.delimiter)) {
    if (dir === "" || dir.split(path.sep).includes("node_modules")) continue;
    const bin = path.join(dir, "node");
    if (existsSync(bin) && nodeVersion(bin)?.startsWith(`v${major}.`) === true) return bin;
  }
  return undefined;
}

// A Node binary from the npm registry (the node-<platform>-<arch> packages the `node` package
// installs), unpacked once into node_modules/.cache. Returns the binary or why there is none.
function nodeFromRegistry(spec: string): { bin: string } | { reason: string } {
  const dir = path.join(cacheDir, `node-${spec}`);
  const bin = path.join(dir, "bin", "node");
  if (existsSync(bin)) return { bin };
  if (process.platform === "win32") return { reason: "no Node download on Windows in this test" };
  const name = `node-${process.platform}-${process.arch}@${spec}`;
  mkdirSync(cacheDir, { recursive: true });
  const tmp = mkdtempSync(path.join(cacheDir, ".download-"));
  try {
    const out = execFileSync("npm", ["pack", name, "--json", "--prefer-offline", "--pack-destination", tmp], {
      encoding: "utf8",
      env: userEnv([path.dirname(process.execPath)]),
      stdio: ["ignore", "pipe", "pipe"],
      timeout: 120_000,
    });
    const [packed] = JSON.parse(out) as { filename: string }[];
    execFileSync("tar", ["-xzf", path.join(tmp, packed!.filename), "-C", tmp, "package/bin/node"]);
    if (!existsSync(bin)) renameSync(path.join(tmp, "package"), dir);
    return { bin };
  } catch (error) {
    const detail = error instanceof Error ? error.message.split("\n")[0] : String(error);
    return { reason: `could not get ${name} from the npm registry: ${detail}` };
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

function requireNode(ctx: TestContext, got: { bin: string } | { reason: string }): string {
  if ("bin" in got) return got.bin;
  if (ON_CI) throw new Error(`${got.reason} (CI=true: a missing Node binary fails this test)`);
  console.warn(`skipped: ${got.reason}`);
  ctx.skip();
  return "";
}

const PLAN = (
  name: string,
  audience: string,
): string => `# yaml-language-server: $schema=https://example.invalid/schema.json
apiVersion: activation-plans/v1
kind: ActivationPlan
metadata:
  name: ${name}
  description: Installed-package test plan
spec:
  sandbox: prod
  activations:
    - destination: { id: 1b6f3e2a-9c4d-4e8f-a1b2-c3d4e5f6a7b8, name: SFTP - ESP }
      audiences:
        - ${audience}
        - { id: 0e9d8c7b-6a5f-4e3d-b2c1-a0f9e8d7c6b5, name: QA seed profiles }
`;

let project = "";
let packedFiles: string[] = [];

beforeAll(() => {
  project = mkdtempSync(path.join(os.tmpdir(), "aep-install-"));
  const env = userEnv([path.dirname(process.execPath)]);
  const out = execFileSync("npm", ["pack", "--json", "--pack-destination", project], {
    cwd: root,
    encoding: "utf8",
    env,
    stdio: ["ignore", "pipe", "pipe"],
  });
  const [packed] = JSON.parse(out) as { filename: string; files: { path: string }[] }[];
  packedFiles = packed!.files.map((f) => f.path).sort();
  writeFileSync(path.join(project, "package.json"), JSON.stringify({ name: "user-project", private: true }));
  execFileSync(
    "npm",
    ["install", "--prefer-offline", "--no-audit", "--no-fund", path.join(project, packed!.filename)],
    { cwd: project, env, stdio: ["ignore", "pipe", "pipe"] },
  );
}, 120_000);

afterAll(() => {
  if (project !== "") rmSync(project, { recursive: true, force: true });
});

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

// Runs the installed command as a user's shell would: the Node under test first on PATH, then the
// project's node_modules/.bin (`npx` finds the command there too).
function aep(nodeBin: string, args: string[], cwd: string, viaNpx = false): Promise<Run> {
  const env = userEnv([path.dirname(nodeBin), path.join(project, "node_modules", ".bin")]);
  const [cmd, argv] = viaNpx ? ["npx", ["--no-install", "aep-activate", ...args]] : ["aep-activate", args];
  return new Promise((resolve) => {
    const child = execFile(cmd, argv, { cwd, env, encoding: "utf8" }, (_error, stdout, stderr) =>
      resolve({ code: child.exitCode, stdout, stderr }),
    );
  });
}

// What a user does with the installed command; the same on every supported Node. The commands run
// concurrently to keep the test short.
async function checkInstalledCli(nodeBin: string, viaNpx: boolean): Promise<void> {
  const repo = new TestRepo(mkdtempSync(path.join(os.tmpdir(), "aep-install-repo-")));
  try {
    repo.git("init", "-q", "-b", "main");
    repo.git("config", "user.email", "test@example.com");
    repo.git("config", "user.name", "Test");
    repo.git("config", "commit.gpgsign", "false");
    repo.write(
      "activation-plans/flash-sale.yaml",
      PLAN("flash-sale", "7f04b2a6-5f7e-4e7f-9b3a-6d3c4e2a1b5c"),
    );
    repo.write("activation-plans/team/storm.yml", PLAN("storm", "3a1b2c3d-4e5f-6789-abcd-ef0123456789"));
    repo.write("drafts/broken.yaml", PLAN("broken", "7f04b2a6").replace("audiences:", "audiances:"));
    repo.commit("plans");

    const [version, valid, invalid, plan] = await Promise.all([
      aep(nodeBin, ["--version"], project, viaNpx),
      // Several files at once, as the pre-commit hook passes them.
      aep(
        nodeBin,
        ["validate", "activation-plans/flash-sale.yaml", "activation-plans/team/storm.yml"],
        repo.dir,
      ),
      aep(nodeBin, ["validate", "drafts/broken.yaml"], repo.dir),
      aep(nodeBin, ["plan", "--all", "--json"], repo.dir),
    ]);
    expect(version, "aep-activate --version").toMatchObject({
      code: 0,
      stdout: `aep-activate ${pkg.version}\n`,
    });
    expect(valid, "validate FILE FILE").toMatchObject({ code: 0, stdout: "" });
    expect(valid.stderr).toContain("2 plans valid.");
    expect(invalid.code, "validate of a broken plan").toBe(1);
    expect(invalid.stdout).toMatch(/^drafts\/broken\.yaml:\d+:\d+: error: /m);
    expect(plan.code, plan.stderr).toBe(0);
    const planned = JSON.parse(plan.stdout) as {
      planHash: string;
      jobs: unknown[];
      plans: { name: string; pairs: number }[];
    };
    expect(planned.plans.map((p) => [p.name, p.pairs]).sort()).toEqual([
      ["flash-sale", 2],
      ["storm", 2],
    ]);
    expect(planned.jobs.length).toBe(1);
    expect(planned.planHash).toMatch(/^sha256:/);
  } finally {
    rmSync(repo.dir, { recursive: true, force: true });
  }
}

describe("the installed package", () => {
  it("holds only what a user needs and installs no dependencies", () => {
    expect(packedFiles).toEqual(
      [
        "CHANGELOG.md",
        "LICENSE",
        "README.md",
        "bin/aep-activate.js",
        "dist/cli/index.js",
        "dist/cli/package.json",
        "dist/licenses.txt",
        // The demo (`aep-activate demo`) reads these.
        "examples/plans/black-friday-flash-sale.yaml",
        "examples/plans/integration-test-staging.yaml",
        "examples/plans/storm-warning-guests.yaml",
        "package.json",
        "schemas/activation-plan.schema.json",
        // The activation policy: its schema, and an example to copy to .github/activation-policy.yaml.
        "schemas/activation-policy.schema.json",
        "examples/policy/activation-policy.yaml",
      ].sort(),
    );
    expect(readdirSync(path.join(project, "node_modules")).sort()).toEqual([
      ".bin",
      ".package-lock.json",
      pkg.name.split("/")[0],
    ]);
  });

  it("exports the schema, whose $id is the versioned URL the README shows", () => {
    const require = createRequire(path.join(project, "package.json"));
    const schema = JSON.parse(readFileSync(require.resolve(`${pkg.name}/schema`), "utf8")) as { $id: string };
    const major = `v${pkg.version.split(".")[0]}`;
    expect(schema.$id).toBe(
      `https://raw.githubusercontent.com/aep-activation-plans/aep-activation-plans/${major}/schemas/activation-plan.schema.json`,
    );
    const readme = readFileSync(path.join(root, "README.md"), "utf8");
    expect(readme).toContain(`$schema=${schema.$id}`);
    expect(readme).not.toContain("$schema=../");
    expect(readme).toContain(`uses: aep-activation-plans/aep-activation-plans@${major}\n`);
    expect((require(`${pkg.name}/package.json`) as { version: string }).version).toBe(pkg.version);
  });

  it("offers a pre-commit hook that runs the installed command on plan files", () => {
    const hooks = parse(readFileSync(path.join(root, ".pre-commit-hooks.yaml"), "utf8")) as Record<
      string,
      unknown
    >[];
    expect(hooks).toEqual([
      expect.objectContaining({
        id: "aep-activate-validate",
        language: "node",
        entry: "aep-activate validate",
        pass_filenames: true,
      }),
    ]);
    expect(Object.keys(pkg.bin)).toEqual(["aep-activate"]);
    const files = new RegExp(hooks[0]!.files as string);
    expect(files.test("activation-plans/flash-sale.yaml")).toBe(true);
    expect(files.test("activation-plans/team/storm.yml")).toBe(true);
    expect(files.test("examples/plans/flash-sale.yaml")).toBe(false);
    expect(files.test("activation-plans/notes.md")).toBe(false);
  });

  it("engines.node is at least the floor of every dependency bundled into the CLI", () => {
    // The packages src/ imports, and everything they depend on, per package-lock.json.
    const imported = new Set<string>();
    const walk = (dir: string): void => {
      for (const entry of readdirSync(dir, { withFileTypes: true })) {
        const full = path.join(dir, entry.name);
        if (entry.isDirectory()) walk(full);
        else if (entry.name.endsWith(".ts"))
          for (const m of readFileSync(full, "utf8").matchAll(/\bfrom "((?:@[\w.-]+\/)?[\w.-]+)[^"]*"/g))
            if (!m[1]!.startsWith("node:") && !m[1]!.startsWith(".")) imported.add(m[1]!);
      }
    };
    walk(path.join(root, "src"));
    expect(imported).toContain("undici");
    const lock = JSON.parse(readFileSync(path.join(root, "package-lock.json"), "utf8")) as {
      packages: Record<string, { dependencies?: Record<string, string>; engines?: { node?: string } }>;
    };
    // Node's resolution: node_modules/<name> next to the requiring package, then in each parent.
    const resolve = (from: string, name: string): string => {
      for (let dir = from; ; dir = dir.replace(/\/?node_modules\/(@[^/]+\/)?[^/]+$/, "")) {
        const key = `${dir === "" ? "" : `${dir}/`}node_modules/${name}`;
        if (key in lock.packages) return key;
        if (dir === "") throw new Error(`${name} (required from ${from}) is not in package-lock.json`);
      }
    };
    const lowest = (range: string): number[] =>
      range
        .split("||")
        .map((alt) =>
          (/(\d+)(?:\.(\d+))?(?:\.(\d+))?/.exec(alt) ?? []).slice(1, 4).map((n) => Number(n ?? 0)),
        )
        .sort((a, b) => a[0]! - b[0]! || a[1]! - b[1]! || a[2]! - b[2]!)[0]!;
    const ours = lowest(pkg.engines.node);
    const seen = new Set<string>();
    const queue = [...imported].map((name) => resolve("", name));
    const tooLow: string[] = [];
    while (queue.length > 0) {
      const key = queue.pop()!;
      if (seen.has(key)) continue;
      seen.add(key);
      const entry = lock.packages[key]!;
      const theirs = entry.engines?.node;
      if (theirs !== undefined) {
        const t = lowest(theirs);
        if (
          t[0]! > ours[0]! ||
          (t[0] === ours[0] && (t[1]! > ours[1]! || (t[1] === ours[1] && t[2]! > ours[2]!)))
        )
          tooLow.push(`${key} needs node ${theirs}`);
      }
      for (const dep of Object.keys(entry.dependencies ?? {})) queue.push(resolve(key, dep));
    }
    expect(tooLow, `engines.node ${pkg.engines.node} is below a bundled dependency's floor`).toEqual([]);
    expect(seen.size).toBeGreaterThan(imported.size);
  });

  it("runs on Node 24 (through npx)", async () => {
    await checkInstalledCli(process.execPath, true);
  });

  it(
    `runs on Node ${floor}, the oldest that engines allows (from the npm registry)`,
    { timeout: 180_000 },
    async (ctx) => {
      expect(floor, `engines.node must be a plain floor like ">=22.19", not ${pkg.engines.node}`).not.toBe(
        "",
      );
      const bin = requireNode(ctx, nodeFromRegistry(floor));
      expect(nodeVersion(bin)).toBe(`v${floor}`);
      await checkInstalledCli(bin, false);
    },
  );

  it(
    "refuses Node 20 with one line and exit code 2, before loading anything",
    { timeout: 180_000 },
    async (ctx) => {
      const onPath = nodeOnPath(20);
      const bin = requireNode(ctx, onPath !== undefined ? { bin: onPath } : nodeFromRegistry("20"));
      const version = nodeVersion(bin)!;
      // The command prints the floor as engines spells it.
      const want = `aep-activate needs Node.js ${pkg.engines.node.replace(/^>=/, "")} or newer (this is ${version}). Install a current Node LTS: https://nodejs.org\n`;
      const cases: [string[], boolean][] = [
        [["--version"], true],
        [["--help"], false],
        [["validate"], false],
      ];
      const runs = await Promise.all(cases.map(([args, viaNpx]) => aep(bin, args, project, viaNpx)));
      runs.forEach((r, i) => {
        expect(r, cases[i]![0].join(" ")).toEqual({ code: 2, stdout: "", stderr: want });
        expect(r.stderr).not.toMatch(/^ {4}at /m);
      });
    },
  );
});
