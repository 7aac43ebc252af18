// `aep-activate apply`'s options and help text.
import { DEFAULT_MAX_CONCURRENT } from "../aep/traffic.js";
import type { FlagSpec } from "./args.js";
import { platformFlags } from "./platform-flags.js";
import { selectionFlags } from "./plan.js";

export const applyFlags: FlagSpec[] = [
  ...selectionFlags,
  ...platformFlags,
  { name: "dry-run", type: "boolean", description: "plan and run the read-only pre-flight, submit nothing" },
  {
    name: "timeout-minutes",
    type: "string",
    valueName: "N",
    description: "longest wait for a scheduled export, and for the runs of a wave (default 60)",
  },
  {
    name: "state",
    type: "string",
    valueName: "FILE",
    description:
      "keep the activation state in FILE: a rerun never submits a pair twice, and follows or resolves what an earlier run left",
  },
  {
    name: "init",
    type: "boolean",
    description: "with --state: accept that FILE holds no state yet (the first run)",
  },
  {
    name: "step-key",
    type: "string",
    valueName: "KEY",
    description: "with --state: separates states that share an org and sandbox (default: empty)",
  },
  {
    name: "force",
    type: "boolean",
    description: "with --state: submit again pairs the state holds as succeeded",
  },
  {
    name: "max-concurrent-requests",
    type: "string",
    valueName: "N",
    description: `Platform requests in flight at once, at most (default ${DEFAULT_MAX_CONCURRENT}); a 429 pauses them all`,
  },
  { name: "json", type: "boolean", description: "print one JSON row per pair and plan instead of the table" },
  { name: "help", type: "boolean", description: "show this help" },
];

export const applyHelp = `Usage: aep-activate apply [options] [PATH|GLOB...]

Plans like 'aep-activate plan' (same selection options), then activates:
  1. pre-flight per sandbox (read-only): each dataflow exists and is enabled, each
     audience is mapped and in schedule, first activated at least an hour ago; waits
     (bounded) while a scheduled export is running;
  2. submits the jobs wave by wave (jobs of a wave together), mapping Adobe's errors:
     an audience already running is resubmitted once its run ends; an unmapped or
     out-of-schedule audience fails with its plan file and line;
  3. follows every run to its end, printing progress while it waits.
Every pair ends succeeded, failed (with the reason) or not submitted (with the reason).

With --state FILE, runs keep a durable record per pair and commit: a rerun submits
nothing that succeeded, follows runs an earlier attempt started, and holds pairs whose
outcome is unknown (a lost reply) until they are matched to their runs or you decide
with 'aep-activate resolve'. Create the file once with --init. Two runs on one state
key wait for each other. Without --state, nothing is remembered between runs.

Credentials come from the environment:
  AEP_CLIENT_ID, AEP_CLIENT_SECRET, AEP_ORG_ID   OAuth Server-to-Server credential
  AEP_ACCESS_TOKEN                               a ready token instead of the secret
  AEP_SCOPES                                     optional scopes
  HTTPS_PROXY, NO_PROXY                          proxy for every outbound call
Try it without Adobe: 'aep-activate simulator' prints a URL to pass as both
--platform-url and --ims-url (any credentials work there), or run 'aep-activate demo'.

Options:
{flags}

JSON rows: {"plan", "destination", "audience", "job", "runId", "status", "code", "reason"}
Exit codes: 0 everything requested succeeded (or, with --dry-run, passed pre-flight),
1 anything failed or was not submitted, or plans are invalid, 2 usage error.`;
