// `aep-activate simulator`: the loopback Platform simulator as a process, for trying the CLI by hand.
import { readFile } from "node:fs/promises";
import { parseFixture } from "../simulator/fixture.js";
import { Simulator, type SimulatorOptions } from "../simulator/server.js";
import { parseArgs, UsageError, type FlagSpec } from "./args.js";
import { pairsInPlans } from "./mapped.js";
import { EXIT_OK, type CliIo } from "./io.js";

export const simulatorFlags: FlagSpec[] = [
  { name: "port", type: "string", valueName: "N", description: "port on 127.0.0.1 (default: a free one)" },
  {
    name: "seed",
    type: "string",
    valueName: "S",
    description: "seed of the simulated faults and run metrics (default 1)",
  },
  {
    name: "fixture",
    type: "string",
    valueName: "FILE",
    description: "YAML/JSON state: dataflows, audiences, schedules, export jobs",
  },
  {
    name: "plans",
    type: "list",
    valueName: "PATH",
    description: "map the audiences these plan files (or folders) name to their dataflows; may repeat",
  },
  {
    name: "run-duration-ms",
    type: "string",
    valueName: "MS",
    description: "how long an ad-hoc run stays processing (default 2000)",
  },
  {
    name: "latency-ms",
    type: "string",
    valueName: "MS",
    description: "added latency per request (default 0)",
  },
  {
    name: "rate-429",
    type: "string",
    valueName: "P",
    description: "share of requests answered 429 with Retry-After (default 0)",
  },
  {
    name: "rate-500",
    type: "string",
    valueName: "P",
    description: "share of requests answered 500 (default 0)",
  },
  {
    name: "rate-drop",
    type: "string",
    valueName: "P",
    description: "share of connections dropped (default 0)",
  },
  { name: "help", type: "boolean", description: "show this help" },
];

export const simulatorHelp = `Usage: aep-activate simulator [options]

Starts a local Adobe Experience Platform simulator on 127.0.0.1 and prints its base
URL on the first line; it runs until stopped (Ctrl-C). It serves the IMS token
endpoint and the Platform endpoints aep-activate uses, with Adobe's documented
guardrails and errors. Without --fixture it is permissive: any dataflow exists and
is enabled. As on Platform, an audience must be mapped to a dataflow before it can be
activated: --plans maps every audience your plan files name (on a schedule that
started a year ago), as a person would in the Platform UI.

  aep-activate simulator --port 8080 --plans activation-plans &
  AEP_CLIENT_ID=x AEP_CLIENT_SECRET=y AEP_ORG_ID=z@AdobeOrg \\
    aep-activate apply --all --platform-url http://127.0.0.1:8080 --ims-url http://127.0.0.1:8080

Options:
{flags}`;

function num(value: unknown, name: string): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isFinite(n) || n < 0) throw new UsageError(`--${name} must be a non-negative number`);
  return n;
}

export async function runSimulator(argv: readonly string[], io: CliIo): Promise<number> {
  const args = parseArgs(argv, simulatorFlags);
  const options: SimulatorOptions = {};
  const set = <K extends keyof SimulatorOptions>(key: K, value: SimulatorOptions[K] | undefined) => {
    if (value !== undefined) options[key] = value;
  };
  set("port", num(args.flags.port, "port"));
  set("seed", num(args.flags.seed, "seed"));
  set("runDurationMs", num(args.flags["run-duration-ms"], "run-duration-ms"));
  set("latencyMs", num(args.flags["latency-ms"], "latency-ms"));
  set("rate429", num(args.flags["rate-429"], "rate-429"));
  set("rate500", num(args.flags["rate-500"], "rate-500"));
  set("rateDrop", num(args.flags["rate-drop"], "rate-drop"));
  const fixtureFile = args.flags.fixture as string | undefined;
  if (fixtureFile !== undefined) {
    const text = await readFile(fixtureFile, "utf8").catch(() => {
      throw new UsageError(`cannot read the fixture '${fixtureFile}'`);
    });
    try {
      options.fixture = parseFixture(text);
    } catch (error) {
      throw new UsageError(`${fixtureFile}: ${(error as Error).message}`);
    }
  }
  const sim = new Simulator(options);
  const plans = (args.flags.plans as string[] | undefined) ?? [];
  if (plans.length > 0) sim.state.mapAudiences(await pairsInPlans(io.cwd, plans));
  io.stdout(await sim.start());
  io.stderr(`Simulating Adobe Experience Platform (IMS and Platform APIs) on ${sim.url}; stop with Ctrl-C.`);
  await new Promise<void>((resolve) => {
    if (io.signal === undefined) return;
    if (io.signal.aborted) resolve();
    io.signal.addEventListener("abort", () => resolve(), { once: true });
  });
  await sim.stop();
  return EXIT_OK;
}
