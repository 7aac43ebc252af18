// `aep-activate status`: every pair a state file holds, by plan, and where it is: succeeded, in
// flight, failed (with its code), unknown (with its candidate runs). Reads only; submits nothing.
import path from "node:path";
import { FileStateStore } from "../sources/state-file.js";
import { stateUnavailableMessage } from "../state/messages.js";
import { keyPath, StateUnavailable } from "../state/types.js";
import { renderStatus, statusRows } from "../render/status-text.js";
import { parseArgs, type FlagSpec } from "./args.js";
import { EXIT_FAILED, EXIT_OK, type CliIo } from "./io.js";
import { stateKeyFlags, stateKeyOf } from "./state-key.js";

export const statusFlags: FlagSpec[] = [
  ...stateKeyFlags,
  { name: "json", type: "boolean", description: "one JSON object per pair, in an array" },
  { name: "help", type: "boolean", description: "show this help" },
];

export const statusHelp = `Usage: aep-activate status --state FILE [options]

Shows every pair the state file records for one org, sandbox and step key, by plan:
succeeded (since when, its runs), submitted (in flight: the next apply follows it),
failed (its code and attempts), intent or unknown (the next apply resolves it, or
'aep-activate resolve' records what you found), expired. Nothing is submitted.

Options:
{flags}

Exit codes: 0 shown, 1 no state for the key or the state is unavailable, 2 usage error.`;

export async function runStatus(argv: readonly string[], io: CliIo): Promise<number> {
  const args = parseArgs(argv, statusFlags);
  const { file, key } = stateKeyOf(args, io);
  const store = new FileStateStore(path.resolve(io.cwd, file));
  try {
    const { state } = await store.read(key);
    if (state === undefined) {
      io.stderr(`There is no state for ${keyPath(key)} in ${store.where}.`);
      return EXIT_FAILED;
    }
    const rows = statusRows(state.records.values());
    const title = `${key.org} · sandbox ${key.sandbox}${key.stepKey === "" ? "" : ` · step key ${key.stepKey}`}`;
    io.stdout(args.flags.json === true ? JSON.stringify(rows, null, 2) : renderStatus(title, rows));
    return EXIT_OK;
  } catch (error) {
    if (!(error instanceof StateUnavailable)) throw error;
    io.stderr(stateUnavailableMessage(error));
    return EXIT_FAILED;
  }
}
