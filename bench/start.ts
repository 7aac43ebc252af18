// Benchmark: the Action's start. The built dist/index.js, run as the runner runs it (every
// action.yml default as INPUT_*, the runner's variables, mode validate) on a repository of one plan,
// against bare `node -e 0`, alternating the two over paired runs; prints the median ratio.
import { spawnSync } from "node:child_process";
import path from "node:path";
import { TestRepo } from "../test/helpers/git-repo.js";
import { pushEvent } from "../test/helpers/payloads.js";
import { planYaml } from "../test/helpers/plans.js";
import { stepEnvironment } from "../test/helpers/runner.js";
import { removeTempDirs } from "../test/helpers/tmp.js";
import { row, uuidFor } from "./lib.js";

const PAIRS = 21;

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

export function benchStart(): void {
  // The runner-faithful harness's environment: every action.yml default as INPUT_*, the runner's
  // variables and files, a real push payload; mode validate.
  const r = TestRepo.create();
  const head = r
    .write(
      "activation-plans/flash.yaml",
      planYaml("flash", "prod", { [uuidFor("start-d")]: [uuidFor("start-a")] }),
    )
    .commit("flash");
  const env = stepEnvironment({
    workspace: r.dir,
    eventName: "push",
    event: pushEvent({ before: head, after: head }),
    sha: head,
    apiUrl: "http://127.0.0.1:9", // validate mode never calls GitHub
    with: { mode: "validate" },
  });
  const dir = r.dir;
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
  removeTempDirs();
}
