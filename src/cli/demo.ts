// `aep-activate demo` (npm run demo): the whole flow on this machine with no credentials. Starts the
// simulator, makes a temporary git repository from examples/plans, commits a change to the plans, then
// plans and applies it exactly as a merge would, printing what a user sees.
import { execFileSync } from "node:child_process";
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { Simulator } from "../simulator/server.js";
import { runApply } from "./apply.js";
import { pairsInPlans } from "./mapped.js";
import { parseArgs, type FlagSpec } from "./args.js";
import type { CliIo } from "./io.js";
import { runPlan } from "./plan.js";

export const demoFlags: FlagSpec[] = [
  { name: "keep", type: "boolean", description: "keep the temporary repository and print its path" },
  { name: "help", type: "boolean", description: "show this help" },
];

export const demoHelp = `Usage: aep-activate demo [--keep]

Runs the whole flow against the built-in Platform simulator, with no credentials:
a temporary git repository is made from examples/plans, a change is committed
(the flash sale's revision is bumped, a VIP audience is added to the storm warning),
and 'aep-activate plan' and 'aep-activate apply' run on it as a merge would. The
simulator has a scheduled export running for the first seconds, so the wait is shown.

Options:
{flags}`;

function examplesDir(): string {
  // dist/cli/index.js and src/cli/demo.ts are both two levels below the package root.
  return path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../examples/plans");
}

export async function runDemo(argv: readonly string[], io: CliIo): Promise<number> {
  const args = parseArgs(argv, demoFlags);
  const sim = new Simulator({
    runDurationMs: 2500,
    runJitterMs: 1000,
    seed: 7,
    fixture: { exportJobs: [{ busyForMs: 5000 }] },
  });
  const url = await sim.start();
  const repo = mkdtempSync(path.join(os.tmpdir(), "aep-demo-"));
  const git = (...a: string[]) => execFileSync("git", a, { cwd: repo, stdio: ["ignore", "pipe", "pipe"] });
  const say = (text: string) => io.stdout(text);
  try {
    say(`▶ Simulated Adobe Experience Platform at ${url} (a scheduled export is running for the first 5 s).`);
    git("init", "-q", "-b", "main");
    git("config", "user.email", "demo@example.com");
    git("config", "user.name", "Demo");
    git("config", "commit.gpgsign", "false");
    cpSync(examplesDir(), path.join(repo, "activation-plans"), { recursive: true });
    git("add", "-A");
    git("commit", "-q", "-m", "Activation plans");
    const sale = path.join(repo, "activation-plans/black-friday-flash-sale.yaml");
    writeFileSync(sale, readFileSync(sale, "utf8").replace("revision: 1", "revision: 2"));
    const storm = path.join(repo, "activation-plans/storm-warning-guests.yaml");
    writeFileSync(
      storm,
      readFileSync(storm, "utf8") +
        "        - { id: 6f1d2c3b-4a5e-4f60-8a7b-9c0d1e2f3a4b, name: VIP guests arriving 48h }\n",
    );
    git("commit", "-q", "-am", "Flash sale: run again; storm warning: add VIP guests");
    // Someone mapped these audiences to their destinations in the Platform UI.
    sim.state.mapAudiences(await pairsInPlans(repo, ["activation-plans"]));
    say(`▶ Temporary repository ${repo}: committed "Flash sale: run again; storm warning: add VIP guests".`);
    say("\n▶ aep-activate plan   (the preview reviewers see on the pull request)\n");
    const sub: CliIo = { ...io, cwd: repo };
    const planned = await runPlan([], sub);
    if (planned !== 0) return planned;
    say("\n▶ aep-activate apply   (what the merge runs: pre-flight, submit, follow)\n");
    const env = {
      ...io.env,
      AEP_CLIENT_ID: "demo-client",
      AEP_CLIENT_SECRET: "demo-secret",
      AEP_ORG_ID: "DEMO0000000000000000000@AdobeOrg",
    };
    const code = await runApply(["--platform-url", url, "--ims-url", url], { ...sub, env });
    say(
      `\n▶ Done: the simulator accepted ${sim.state.accepted.length} pair(s) in ${new Set(sim.state.accepted.map((a) => a.at)).size} submission(s).`,
    );
    return code;
  } finally {
    await sim.stop();
    if (args.flags.keep === true) io.stderr(`Kept ${repo}`);
    else rmSync(repo, { recursive: true, force: true });
  }
}
