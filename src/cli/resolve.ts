// `aep-activate resolve`: list the pairs whose outcome is unknown in a state file, and record what a
// person found out about them in Experience Platform. Nothing is submitted here.
import path from "node:path";
import { systemClock } from "../clock.js";
import { FileStateStore } from "../sources/state-file.js";
import { applyDecisions, parseDecision, unknownRecords } from "../state/decide.js";
import { recordedSentence, refusalSentence, stateUnavailableMessage } from "../state/messages.js";
import { StateConflict, StateUnavailable, keyPath } from "../state/types.js";
import { parseArgs, UsageError, type FlagSpec } from "./args.js";
import { EXIT_FAILED, EXIT_OK, type CliIo } from "./io.js";
import { fileKey, noStateSentence, stateKeyFlags, stateKeyOf } from "./state-key.js";

export const resolveFlags: FlagSpec[] = [
  ...stateKeyFlags,
  { name: "help", type: "boolean", description: "show this help" },
];

export const resolveHelp = `Usage: aep-activate resolve --state FILE [options] [DECISION...]

A pair is "unknown" when a submission may have reached Platform but no run could be
matched to it (a lost reply with other runs by the same credential nearby, say). It is
never submitted again until someone decides. Without DECISION, lists the unknown pairs
with their candidate runs. Check those runs in Experience Platform, then record:

  DEST/AUD=not-activated   no run of it exists: the next apply submits it
  DEST/AUD=RUN_ID          this run is its run: the next apply follows it
  DEST/AUD=activated       it was exported: never submitted again
  (add @COMMIT after AUD when the pair is unknown for more than one commit)

Options:
{flags}

Exit codes: 0 listed or recorded, 1 a decision named no unknown pair or the state is unavailable, 2 usage error.`;

export async function runResolve(argv: readonly string[], io: CliIo): Promise<number> {
  const args = parseArgs(argv, resolveFlags);
  const { file } = stateKeyOf(args, io);
  const decisions = args.positionals.map((text) => {
    const d = parseDecision(text);
    if (d === undefined)
      throw new UsageError(
        `cannot read decision '${text}': expected DEST/AUD=not-activated|activated|RUN_ID`,
      );
    return d;
  });
  const store = new FileStateStore(path.resolve(io.cwd, file));
  try {
    const { key, held } = await fileKey(args, io, store);
    const { state, version } = await store.read(key);
    if (state === undefined) {
      io.stderr(noStateSentence(key, store.where, held));
      return EXIT_FAILED;
    }
    if (decisions.length === 0) {
      const unknown = unknownRecords(state);
      io.stdout(
        unknown.length === 0
          ? `No unknown pairs in ${keyPath(key)}.`
          : unknown
              .map(
                (r) =>
                  `${r.destination}/${r.audience}@${r.commit.slice(0, 12)}  ${r.code ?? r.state}  candidates: ${(r.candidates ?? []).join(" ") || "none"}`,
              )
              .join("\n"),
      );
      return EXIT_OK;
    }
    const result = applyDecisions([state], decisions, (io.clock ?? systemClock).now());
    if ("refused" in result) {
      io.stderr(refusalSentence(result.refused, keyPath(key)));
      return EXIT_FAILED;
    }
    for (const { decision, record } of result.recorded) io.stderr(recordedSentence(decision, record));
    await store.write(state, version);
    return EXIT_OK;
  } catch (error) {
    if (error instanceof StateUnavailable) io.stderr(stateUnavailableMessage(error));
    else if (error instanceof StateConflict)
      io.stderr(`The state changed while deciding (${error.message}); nothing was recorded. Run it again.`);
    else throw error;
    return EXIT_FAILED;
  }
}
