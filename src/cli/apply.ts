// `aep-activate apply`: plan, pre-flight, submit wave by wave, follow every run, report per pair.
import { Redactor } from "../redact.js";
import { needsAttention } from "../activation/stopping.js";
import { randomUUID } from "node:crypto";
import { existsSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { activate, type StateUse } from "../app/activate.js";
import { keysOf, lockTimes } from "../app/state-lock.js";
import { StateSession } from "../app/state-session.js";
import { FileStateStore } from "../sources/state-file.js";
import { stateUnavailableMessage } from "../state/messages.js";
import { StateUnavailable } from "../state/types.js";
import { expirePending } from "../state/pending.js";
import { addPending } from "../state/records.js";
import { NO_STOP, systemClock } from "../clock.js";
import { pairKey } from "../plan/changes.js";
import { proxyFromEnv } from "../aep/endpoints.js";
import { applyFlags } from "./apply-flags.js";
import { concurrencyOf } from "../aep/traffic.js";
import { renderPreview } from "../render/preview.js";
import { formatProblems } from "../render/problems.js";
import { resultRows, resultsTable, trafficLine } from "../render/results-text.js";
import { platformOf } from "./platform-flags.js";
import { parseArgs, UsageError } from "./args.js";
import { EXIT_FAILED, EXIT_OK, type CliIo } from "./io.js";
import { computePlan, readSelection } from "./plan.js";

export async function runApply(argv: readonly string[], io: CliIo): Promise<number> {
  const clock = io.clock ?? systemClock;
  // Ctrl-C (or SIGTERM) stops new work: what was started is followed no longer, and recorded.
  const stop = { deadline: Infinity, signal: io.signal ?? NO_STOP.signal };
  const args = parseArgs(argv, applyFlags);
  const selection = await readSelection(args, io);
  const { credentials, platformUrl, imsUrl } = platformOf(args, io);
  const minutes = args.flags["timeout-minutes"] === undefined ? 60 : Number(args.flags["timeout-minutes"]);
  if (!(minutes > 0)) throw new UsageError("--timeout-minutes must be a positive number");
  const concurrent = args.flags["max-concurrent-requests"] as string | undefined;
  const maxConcurrent = concurrent === undefined ? undefined : concurrencyOf(concurrent);
  if (concurrent !== undefined && maxConcurrent === undefined)
    throw new UsageError("--max-concurrent-requests must be a whole number from 1 to 64");
  const stateFile = args.flags.state as string | undefined;
  for (const flag of ["init", "step-key", "force"])
    if (stateFile === undefined && args.flags[flag] !== undefined)
      throw new UsageError(`--${flag} needs --state FILE`);
  const outcome = await computePlan(selection, io);
  if (outcome.problems.length > 0) {
    io.stdout(formatProblems(outcome.problems));
    io.stderr(`Nothing was applied: ${outcome.problems.length} problem(s) in the plans.`);
    return EXIT_FAILED;
  }
  io.stderr((renderPreview(outcome, { budget: Infinity }).split("\n")[0] ?? "").replace(/^### /, ""));
  const dryRun = args.flags["dry-run"] === true;
  // With a state, pairs whose plan's window has not opened are kept as pending: a later apply of
  // this change, once the window is open, sends them (and `status` lists them meanwhile).
  const pending =
    stateFile === undefined || dryRun
      ? []
      : outcome.changes.flatMap((c) =>
          (c.pending?.pairs ?? []).map((pair) => ({
            pair,
            commit: outcome.headSha,
            review: undefined,
            opens: c.pending?.opens ?? 0,
          })),
        );
  // And this change's pending requests whose plan's window has closed since expire: never sent. A
  // pair that another plan of the change still asks for (now or later) is not this plan's to expire;
  // a state file that does not exist holds no pending request.
  const asked = new Set([
    ...outcome.execution.pairs.map((p) => pairKey(p.sandbox, p.destination, p.audience)),
    ...pending.map((p) => pairKey(p.pair.sandbox, p.pair.destination.id, p.pair.audience.id)),
  ]);
  const closed =
    stateFile === undefined || dryRun || !existsSync(path.resolve(io.cwd, stateFile))
      ? []
      : outcome.changes
          .flatMap((c) => c.closed?.pairs ?? [])
          .filter((p) => !asked.has(pairKey(p.sandbox, p.destination.id, p.audience.id)));
  if (outcome.execution.jobs.length === 0 && pending.length === 0 && closed.length === 0) {
    io.stdout(args.flags.json === true ? "[]" : "Nothing to activate.");
    return EXIT_OK;
  }
  const redactor = new Redactor();
  redactor.add(credentials.clientSecret);
  redactor.add(credentials.accessToken);
  const redact = redactor.redact;
  const log = (m: string) => io.stderr(redact(m));
  const proxy = proxyFromEnv(io.env);
  let state: StateUse | undefined;
  if (stateFile !== undefined && !dryRun) {
    const keys = keysOf(
      [...outcome.execution.jobs, ...pending.map((p) => p.pair), ...closed],
      credentials.orgId,
      (args.flags["step-key"] as string | undefined) ?? "",
    );
    try {
      const session = await StateSession.open(
        {
          store: new FileStateStore(path.resolve(io.cwd, stateFile)),
          holder: `aep-activate on ${os.hostname()} (pid ${process.pid}, ${randomUUID().slice(0, 8)})`,
          // A lock left by a process of this machine that no longer exists (killed) is taken over.
          supersedes: (holder) => deadLocalHolder(holder),
          init: args.flags.init === true,
          clock,
          stop,
          ...lockTimes(minutes),
          log,
        },
        keys,
      );
      if (pending.length > 0) {
        const added = addPending(session.states(), pending, clock.now());
        io.stderr(
          `${pending.length} pair(s) wait for their plan's window: ${added} newly recorded as pending in ${stateFile}; apply this change again once the window is open to send them.`,
        );
      }
      const expired = expirePending(session.states(), closed, outcome.headSha, clock.now());
      if (expired > 0)
        io.stderr(
          `${expired} pending pair(s) expired: their plan's window closed before an apply sent them; never sent (recorded as window-closed in ${stateFile}).`,
        );
      if (outcome.execution.jobs.length === 0) {
        await session.release(true);
        io.stdout(args.flags.json === true ? "[]" : "Nothing to activate now.");
        return EXIT_OK;
      }
      state = { session, commit: outcome.headSha, force: args.flags.force === true };
    } catch (error) {
      if (!(error instanceof StateUnavailable)) throw error;
      io.stderr(stateUnavailableMessage(error));
      return EXIT_FAILED;
    }
  }
  const report = await activate(
    outcome.execution,
    {
      platform: {
        platformUrl,
        imsUrl,
        credentials,
        ...(proxy === undefined ? {} : { proxy }),
        ...(maxConcurrent === undefined ? {} : { maxConcurrent }),
      },
      apiVersion: selection.apiVersion,
      dryRun,
      timeoutMinutes: minutes,
      stop,
      ...(state === undefined ? {} : { state }),
    },
    { clock, log, registerSecret: (s) => redactor.add(s) },
  );
  io.stdout(
    redact(
      args.flags.json === true ? JSON.stringify(resultRows(report.results), null, 2) : resultsTable(report),
    ),
  );
  const traffic = trafficLine(report.traffic);
  if (traffic !== undefined) log(traffic);
  if (report.stateNotRecorded !== undefined) {
    io.stderr(
      `The outcomes above could not be recorded: ${report.stateNotRecorded}. The next run matches what it can to Platform's runs and holds the rest as unknown.`,
    );
    return EXIT_FAILED;
  }
  return needsAttention(report).length === 0 ? EXIT_OK : EXIT_FAILED;
}

/** True when a lock holder names a process on this host that is gone (`aep-activate on HOST (pid N, …)`). */
function deadLocalHolder(holder: string): boolean {
  const m = /^aep-activate on (.+) \(pid (\d+), /.exec(holder);
  if (m === null || m[1] !== os.hostname() || Number(m[2]) === process.pid) return false;
  try {
    process.kill(Number(m[2]), 0);
    return false; // it is alive
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "ESRCH";
  }
}
