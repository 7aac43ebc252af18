// `aep-activate status`: every pair a state file holds, by plan, and where it is: succeeded, in
// flight, failed (with its code), unknown (with its candidate runs). Reads only; submits nothing.
import path from "node:path";
import { FileStateStore } from "../sources/state-file.js";
import { StateUnavailable } from "../state/types.js";
import { renderStatus, statusRows } from "../render/status-text.js";
import { parseArgs, type FlagSpec } from "./args.js";
import { EXIT_FAILED, EXIT_OK, type CliIo } from "./io.js";
import { fileKey, keyOf, noStateSentence, stateKeyFlags, stateKeyOf } from "./state-key.js";
import { UsageError } from "./args.js";
import { GitRepo } from "../sources/git.js";
import { StateBranchReader } from "../sources/state-branch.js";

export const statusFlags: FlagSpec[] = [
  ...stateKeyFlags,
  {
    name: "branch",
    type: "string",
    valueName: "REF",
    description:
      "instead of --state: the Action's state branch, fetched into this repository (e.g. origin/aep-activation-state)",
  },
  { name: "json", type: "boolean", description: "one JSON object per pair, in an array" },
  { name: "help", type: "boolean", description: "show this help" },
];

export const statusHelp = `Usage: aep-activate status --state FILE [options]
       aep-activate status --branch REF [options]

Shows every pair the state records for one org, sandbox and step key, by plan:
succeeded (since when, its runs), submitted (in flight: the next apply follows it),
failed (its code and attempts), pending (waiting for its plan's window or Adobe's
first-activation hour: a scheduled run sends it), intent or unknown (the next apply
resolves it, or 'aep-activate resolve' records what you found), expired. Nothing is
submitted.

The CLI's state is a file (--state, as given to apply). The Action keeps its state on
a branch of the repository: fetch it, then read it from this clone:
  git fetch origin aep-activation-state
  aep-activate status --branch origin/aep-activation-state --org ORG@AdobeOrg --sandbox prod

Options:
{flags}

Exit codes: 0 shown, 1 no state for the key or the state is unavailable, 2 usage error.`;

export async function runStatus(argv: readonly string[], io: CliIo): Promise<number> {
  const args = parseArgs(argv, statusFlags);
  const branch = args.flags.branch as string | undefined;
  if (branch !== undefined && args.flags.state !== undefined)
    throw new UsageError("give --state FILE or --branch REF, not both");
  const git = branch === undefined ? undefined : new GitRepo(io.cwd);
  const store =
    git === undefined || branch === undefined
      ? new FileStateStore(path.resolve(io.cwd, stateKeyOf(args, io).file))
      : new StateBranchReader(git, branch);
  try {
    const { key, held } =
      store instanceof FileStateStore
        ? await fileKey(args, io, store)
        : { key: keyOf(args, io), held: undefined };
    const { state } = await store.read(key);
    if (state === undefined) {
      io.stderr(noStateSentence(key, store.where, held));
      return EXIT_FAILED;
    }
    const rows = statusRows(state.records.values());
    const title = `${key.org} · sandbox ${key.sandbox}${key.stepKey === "" ? "" : ` · step key ${key.stepKey}`}`;
    io.stdout(args.flags.json === true ? JSON.stringify(rows, null, 2) : renderStatus(title, rows));
    return EXIT_OK;
  } catch (error) {
    if (!(error instanceof StateUnavailable)) throw error;
    io.stderr(
      `The activation state cannot be shown: ${error.message}.${error.remedy === undefined ? "" : ` To fix: ${error.remedy}.`}`,
    );
    return EXIT_FAILED;
  } finally {
    git?.close();
  }
}
