// The CLI dispatcher: argv → command → exit code. Usage errors exit 2 with a pointer to --help;
// unexpected errors print one line (never a stack trace) and exit 1.
import pkg from "../../package.json" with { type: "json" };
import { formatFlags, UsageError, type FlagSpec } from "./args.js";
import { EXIT_FAILED, EXIT_OK, EXIT_USAGE, type CliIo } from "./io.js";
import { runApply } from "./apply.js";
import { applyFlags, applyHelp } from "./apply-flags.js";
import { demoFlags, demoHelp, runDemo } from "./demo.js";
import { importFlags, importHelp, runImport } from "./import.js";
import { planFlags, planHelp, runPlan } from "./plan.js";
import { resolveFlags, resolveHelp, runResolve } from "./resolve.js";
import { runSimulator, simulatorFlags, simulatorHelp } from "./simulator.js";
import { runStatus, statusFlags, statusHelp } from "./status.js";
import { runValidate, validateFlags, validateHelp } from "./validate.js";

interface Command {
  summary: string;
  help: string;
  flags: FlagSpec[];
  run: (argv: readonly string[], io: CliIo) => Promise<number>;
}

export const commands: Record<string, Command> = {
  validate: {
    summary: "check plan files and report every problem with its file and line",
    help: validateHelp,
    flags: validateFlags,
    run: runValidate,
  },
  plan: {
    summary: "show which jobs a merge (or a manual run) will submit, and why",
    help: planHelp,
    flags: planFlags,
    run: runPlan,
  },
  apply: {
    summary: "activate: pre-flight, submit the jobs wave by wave, follow every run to its end",
    help: applyHelp,
    flags: applyFlags,
    run: runApply,
  },
  import: {
    summary: "write a plan from dataflows that exist, with Platform's names and the IDs to use",
    help: importHelp,
    flags: importFlags,
    run: runImport,
  },
  resolve: {
    summary: "list pairs whose outcome is unknown in a state file, and record what you found",
    help: resolveHelp,
    flags: resolveFlags,
    run: runResolve,
  },
  status: {
    summary: "show every pair a state file records, by plan: succeeded, in flight, failed, unknown",
    help: statusHelp,
    flags: statusFlags,
    run: runStatus,
  },
  simulator: {
    summary: "run the local Adobe Experience Platform simulator (prints its URL)",
    help: simulatorHelp,
    flags: simulatorFlags,
    run: runSimulator,
  },
  demo: {
    summary: "run the whole flow against the built-in simulator (no credentials needed)",
    help: demoHelp,
    flags: demoFlags,
    run: runDemo,
  },
};

export function mainHelp(): string {
  const width = Math.max(...Object.keys(commands).map((c) => c.length));
  return `aep-activate: activation plans as code for Adobe Experience Platform ad-hoc activation.

Usage: aep-activate <command> [options]

Commands:
${Object.entries(commands)
  .map(([name, c]) => `  ${name.padEnd(width)}  ${c.summary}`)
  .join("\n")}

Run 'aep-activate <command> --help' for a command's options.`;
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

export async function main(argv: readonly string[], io: CliIo): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === "--help" || name === "-h" || name === "help") {
    io.stdout(mainHelp());
    return name === undefined ? EXIT_USAGE : EXIT_OK;
  }
  if (name === "--version") {
    io.stdout(`aep-activate ${pkg.version}`);
    return EXIT_OK;
  }
  const command = commands[name];
  if (command === undefined) {
    io.stderr(`aep-activate: unknown command '${name}'. Run 'aep-activate --help' for the list.`);
    return EXIT_USAGE;
  }
  if (rest.includes("--help") || rest.includes("-h")) {
    io.stdout(command.help.replace("{flags}", formatFlags(command.flags)));
    return EXIT_OK;
  }
  try {
    return await command.run(rest, io);
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr(
        `aep-activate ${name}: ${error.message.replace(/\.$/, "")}. Run 'aep-activate ${name} --help' for usage.`,
      );
      return EXIT_USAGE;
    }
    io.stderr(`aep-activate ${name}: ${errorMessage(error)}`);
    return EXIT_FAILED;
  }
}
