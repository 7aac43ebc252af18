// Benchmark: the Action's start. The built dist/index.js, run as the runner runs it (every
// action.yml default as INPUT_*, the runner's variables, mode validate) on a repository of one plan,
// against bare `node -e 0`, alternating the two over paired runs; prints the median ratio.
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { parse } from "yaml";
import { row, uuidFor } from "./lib.js";

const PAIRS = 21;

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

export function benchStart(): void {
  const dir = mkdtempSync(path.join(os.tmpdir(), "aep-bench-start-"));
  mkdirSync(path.join(dir, ".git"));
  mkdirSync(path.join(dir, "activation-plans"));
  const plan = [
    "apiVersion: activation-plans/v1",
    "kind: ActivationPlan",
    "metadata:",
    "  name: flash",
    "spec:",
  ];
  plan.push("  sandbox: prod", "  activations:", `    - destination: ${uuidFor("start-d")}`);
  plan.push("      audiences:", `        - ${uuidFor("start-a")}`);
  writeFileSync(path.join(dir, "activation-plans/flash.yaml"), plan.join("\n") + "\n");
  writeFileSync(path.join(dir, "event.json"), "{}");
  // As the runner starts a step: every action.yml default as INPUT_*, the files it reads and writes.
  const inputs = (
    parse(readFileSync("action.yml", "utf8")) as { inputs: Record<string, { default?: string }> }
  ).inputs;
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? "",
    HOME: dir,
    CI: "true",
    GITHUB_ACTIONS: "true",
  };
  for (const [name, spec] of Object.entries(inputs))
    if (spec.default !== undefined)
      env[`INPUT_${name.toUpperCase()}`] = spec.default.replace(/\$\{\{\s*github\.token\s*\}\}/, "ghs_bench");
  env.INPUT_MODE = "validate";
  Object.assign(env, {
    GITHUB_EVENT_NAME: "push",
    GITHUB_EVENT_PATH: path.join(dir, "event.json"),
    GITHUB_WORKSPACE: dir,
    GITHUB_REPOSITORY: "octo/plans",
    GITHUB_OUTPUT: path.join(dir, "output"),
    GITHUB_STEP_SUMMARY: path.join(dir, "summary"),
  });
  for (const f of ["output", "summary"]) writeFileSync(path.join(dir, f), "");
  const node = path.resolve("node_modules/.bin/node"); // the runner's node24
  const time = (args: string[]) => {
    const t = performance.now();
    const out = spawnSync(node, args, { cwd: dir, env, encoding: "utf8" });
    const ms = performance.now() - t;
    if (out.status !== 0) throw new Error(`${args.join(" ")} failed: ${out.stdout}${out.stderr}`);
    return ms;
  };
  time([path.resolve("dist/index.js")]); // warm the file cache
  const ratios: number[] = [];
  const action: number[] = [];
  const bare: number[] = [];
  for (let i = 0; i < PAIRS; i++) {
    const b = time(["-e", "0"]);
    const a = time([path.resolve("dist/index.js")]);
    bare.push(b);
    action.push(a);
    ratios.push(a / b);
  }
  console.log(
    `start: the built Action validating one plan (mode validate), against bare node (${PAIRS} paired runs)`,
  );
  row("Action start and validate (median)", `${median(action).toFixed(0)} ms`);
  row("bare node -e 0 (median)", `${median(bare).toFixed(0)} ms`);
  row("ratio (median of pairs)", median(ratios).toFixed(2), "bound: ≤ 4");
  rmSync(dir, { recursive: true, force: true });
}
