// The runner-faithful harness: builds a step's environment as the Actions runner does, from action.yml
// (every input's default as INPUT_<NAME>, `${{ github.token }}` expanded) and the runner's GITHUB_*
// variables, with a real event payload in a file. Runs the Action in-process (the default: a virtual
// clock may be passed, so polls never sleep) or as the built dist/index.js in a process.
import { spawn } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { parse } from "yaml";
import type { Clock } from "../../src/clock.js";
import type { ActionsPort } from "../../src/action/actions-port.js";
import { run } from "../../src/main.js";
import { GitHubStandIn } from "./github-standin.js";
import { DEFAULT_BRANCH, OWNER, REPO } from "./payloads.js";
import { tempDir } from "./tmp.js";

const ROOT = path.resolve(import.meta.dirname, "../..");
const DIST = path.join(ROOT, "dist/index.js");

interface ActionYml {
  inputs: Record<string, { default?: string; required?: boolean }>;
  outputs: Record<string, unknown>;
}
export const actionYml = parse(readFileSync(path.join(ROOT, "action.yml"), "utf8")) as ActionYml;

export interface Step {
  workspace: string;
  eventName: string;
  /** A payload from ./payloads.ts (GitHub's own examples, SHAs rewritten). */
  event: unknown;
  /** The event file's exact text instead (e.g. broken JSON). */
  rawEvent?: string;
  /** The step's `with:` block. Every input it leaves out gets its action.yml default, as on the runner. */
  with?: Record<string, string>;
  /** GitHub REST base URL (the stand-in). */
  apiUrl: string;
  /** GITHUB_SHA. */
  sha: string;
  /** GITHUB_REF; derived from the event when left out. */
  ref?: string;
  /** `${{ github.token }}`. */
  token?: string;
  /** Extra environment (e.g. HTTPS_PROXY) as a job's `env:` would set it. */
  env?: Record<string, string>;
}

export interface ActionRun {
  code: number;
  stdout: string;
  outputs: Record<string, string>;
  summary: string;
  env: Record<string, string>;
  /** In-process runs: the workflow commands the Action issued through the port (each one line). */
  commands?: string[];
  /** A cancelled dist run: milliseconds from the runner's SIGINT to the Action's exit. */
  cancelledAfterMs?: number;
}

/** The runner's name for an input's variable: upper-cased, spaces to `_`, dashes kept. */
export const inputVariable = (name: string) => `INPUT_${name.replace(/ /g, "_").toUpperCase()}`;

function refFor(eventName: string, event: Record<string, unknown>): string {
  if (eventName === "pull_request" || eventName === "pull_request_target") {
    const n = (event.pull_request as { number: number }).number;
    return eventName === "pull_request" ? `refs/pull/${n}/merge` : `refs/heads/${DEFAULT_BRANCH}`;
  }
  if (eventName === "merge_group") return (event.merge_group as { head_ref: string }).head_ref;
  if (typeof event.ref === "string") return event.ref;
  return `refs/heads/${DEFAULT_BRANCH}`;
}

/** Each step is a workflow run of its own, as on GitHub (a rerun passes its run's GITHUB_RUN_ID in `env`). */
let nextRunId = 4242;
const WORKFLOW_FILE = ".github/workflows/activation.yml";

export function stepEnvironment(step: Step): Record<string, string> {
  const dir = tempDir("aep-runner-");
  const files = {
    GITHUB_EVENT_PATH: path.join(dir, "event.json"),
    GITHUB_OUTPUT: path.join(dir, "output"),
    GITHUB_STEP_SUMMARY: path.join(dir, "summary.md"),
    GITHUB_STATE: path.join(dir, "state"),
    GITHUB_ENV: path.join(dir, "env"),
    GITHUB_PATH: path.join(dir, "path"),
  };
  writeFileSync(files.GITHUB_EVENT_PATH, step.rawEvent ?? JSON.stringify(step.event));
  for (const f of Object.values(files).slice(1)) writeFileSync(f, "");
  const token = step.token ?? "ghs_harness0token0000000000000000000000";
  const event = step.event as Record<string, unknown>;
  const ref = step.ref ?? refFor(step.eventName, event);
  const pr = event.pull_request as
    { number: number; head: { ref: string; sha: string }; base: { ref: string } } | undefined;
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? "",
    HOME: process.env.HOME ?? dir,
    CI: "true",
    GITHUB_ACTIONS: "true",
    GITHUB_ACTION: "__aep-activation-plans_aep-activation-plans",
    GITHUB_ACTION_REPOSITORY: "aep-activation-plans/aep-activation-plans",
    GITHUB_ACTION_REF: "v0",
    GITHUB_ACTION_PATH: ROOT,
    GITHUB_ACTOR: "octocat",
    GITHUB_ACTOR_ID: "1",
    GITHUB_TRIGGERING_ACTOR: "octocat",
    GITHUB_API_URL: step.apiUrl,
    GITHUB_GRAPHQL_URL: `${step.apiUrl}/graphql`,
    GITHUB_SERVER_URL: "https://github.example",
    GITHUB_EVENT_NAME: step.eventName,
    GITHUB_JOB: "activate",
    GITHUB_REF: ref,
    GITHUB_REF_NAME: ref.replace(/^refs\/(heads|tags)\//, ""),
    GITHUB_REF_TYPE: ref.startsWith("refs/tags/") ? "tag" : "branch",
    GITHUB_REF_PROTECTED: "false",
    GITHUB_HEAD_REF: pr?.head.ref ?? "",
    GITHUB_BASE_REF: pr?.base.ref ?? "",
    GITHUB_REPOSITORY: `${OWNER}/${REPO}`,
    GITHUB_REPOSITORY_ID: "1296269",
    GITHUB_REPOSITORY_OWNER: OWNER,
    GITHUB_REPOSITORY_OWNER_ID: "2",
    GITHUB_RETENTION_DAYS: "90",
    GITHUB_RUN_ID: String(nextRunId++),
    GITHUB_RUN_NUMBER: "7",
    GITHUB_RUN_ATTEMPT: "1",
    GITHUB_SHA: step.sha,
    GITHUB_WORKFLOW: "Activation plans",
    GITHUB_WORKFLOW_REF: `${OWNER}/${REPO}/${WORKFLOW_FILE}@${ref}`,
    GITHUB_WORKSPACE: step.workspace,
    RUNNER_ARCH: "X64",
    RUNNER_NAME: "GitHub Actions 2",
    RUNNER_OS: "Linux",
    RUNNER_TEMP: dir,
    RUNNER_TOOL_CACHE: dir,
    ...files,
    ...step.env,
  };
  GitHubStandIn.at(step.apiUrl)?.recordRun(
    env.GITHUB_RUN_ID ?? "",
    {
      event: step.eventName,
      // A pull_request run is on the PR's head; pull_request_target runs on the base branch's commit.
      head_sha: step.eventName === "pull_request" ? (pr?.head.sha ?? step.sha) : step.sha,
      path: WORKFLOW_FILE,
      repository: env.GITHUB_REPOSITORY ?? "",
    },
    pr?.number,
    pr?.head.sha,
  );
  const given = step.with ?? {};
  for (const name of Object.keys(given)) {
    if (!(name in actionYml.inputs))
      throw new Error(`the step sets '${name}', which action.yml does not declare`);
  }
  for (const [name, spec] of Object.entries(actionYml.inputs)) {
    const value = given[name] ?? spec.default;
    if (value === undefined) continue;
    env[inputVariable(name)] = String(value).replace(/\$\{\{\s*github\.token\s*\}\}/g, token);
  }
  return env;
}

/** The runner's file commands: `name<<DELIMITER` … `DELIMITER` blocks in GITHUB_OUTPUT. */
function parseOutputs(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  const lines = text.split("\n");
  for (let i = 0; i < lines.length; i++) {
    const m = /^([^<]+)<<(.+)$/.exec(lines[i]!);
    if (m === null) continue;
    const value: string[] = [];
    for (i++; i < lines.length && lines[i] !== m[2]; i++) value.push(lines[i]!);
    out[m[1]!] = value.join("\n");
  }
  return out;
}

/** The runner's side of @actions/core, in-process: inputs from the step's env, log lines as workflow commands. */
function harnessPort(
  env: Record<string, string>,
  sink: {
    log: string[];
    commands: string[];
    outputs: Record<string, string>;
    summary: string;
    failed: boolean;
  },
): ActionsPort {
  const say = (line: string) => sink.log.push(line);
  // Workflow commands as @actions/core writes them (lib/command.js): one line, its data escaped.
  const data = (s: string) => s.replace(/%/g, "%25").replace(/\r/g, "%0D").replace(/\n/g, "%0A");
  const prop = (s: string) => data(s).replace(/:/g, "%3A").replace(/,/g, "%2C");
  const command = (name: string, message: string, props: Record<string, string | number> = {}) => {
    const p = Object.entries(props).map(([k, v]) => `${k}=${prop(String(v))}`);
    const line = `::${name}${p.length === 0 ? "" : ` ${p.join(",")}`}::${data(message)}`;
    sink.commands.push(line);
    say(line);
  };
  return {
    getInput: (name) => (env[inputVariable(name)] ?? "").trim(),
    info: say,
    warning: (m) => command("warning", m),
    error: (m, a) =>
      command("error", m, a === undefined ? {} : { file: a.file, line: a.line, col: a.col, title: a.title }),
    notice: (m) => command("notice", m),
    setOutput: (n, v) => (sink.outputs[n] = v),
    setFailed: (m) => {
      sink.failed = true;
      command("error", m);
    },
    setSecret: (v) => command("add-mask", v),
    startGroup: (n) => command("group", n),
    endGroup: () => command("endgroup", ""),
    appendSummary: async (md) => {
      sink.summary += `${md}\n`;
    },
  };
}

/** In-process runs: the cancellation signal handed to the Action when a step gives none (hostile-stop tests). */
export const inProcess: { signal?: AbortSignal } = {};

export async function runStep(
  step: Step,
  options: {
    /** Run the built dist/index.js as a process instead of in-process. */
    dist?: boolean;
    /** The in-process clock (a virtual one in most tests). */
    clock?: Clock;
    /** In-process: the runner's cancellation (defaults to `inProcess.signal`). */
    signal?: AbortSignal;
    /** dist only: polled every 50 ms; when it returns true the Action is killed (SIGKILL), like a lost runner. */
    killWhen?: () => boolean;
    /**
     * dist only: polled every 50 ms; when it returns true the step is cancelled as the runner cancels
     * it: SIGINT, SIGTERM 7.5 s later, SIGKILL 2.5 s after that. The run's `cancelledAfterMs` is how
     * long the Action took to exit after the SIGINT.
     */
    cancelWhen?: () => boolean;
  } = {},
): Promise<ActionRun> {
  const env = stepEnvironment(step);
  if (options.dist !== true) {
    const sink = {
      log: [] as string[],
      commands: [] as string[],
      outputs: {} as Record<string, string>,
      summary: "",
      failed: false,
    };
    const signal = options.signal ?? inProcess.signal;
    await run({
      port: harnessPort(env, sink),
      env,
      ...(signal === undefined ? {} : { signal }),
      ...(options.clock === undefined ? {} : { clock: options.clock, paceGitHub: false }),
    });
    return {
      code: sink.failed ? 1 : 0,
      stdout: sink.log.join("\n"),
      outputs: sink.outputs,
      summary: sink.summary,
      env,
      commands: sink.commands,
    };
  }
  const node = path.join(ROOT, "node_modules/.bin/node"); // the runner's node24
  const child = spawn(node, [DIST], { cwd: step.workspace, env });
  let stdout = "";
  child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
  child.stderr.on("data", (d: Buffer) => (stdout += d.toString()));
  let cancelledAt: number | undefined;
  const later: NodeJS.Timeout[] = [];
  const killer =
    options.killWhen === undefined && options.cancelWhen === undefined
      ? undefined
      : setInterval(() => {
          if (options.killWhen?.() === true) child.kill("SIGKILL");
          if (cancelledAt === undefined && options.cancelWhen?.() === true) {
            cancelledAt = Date.now();
            child.kill("SIGINT");
            later.push(setTimeout(() => child.kill("SIGTERM"), 7_500));
            later.push(setTimeout(() => child.kill("SIGKILL"), 10_000));
          }
        }, 50);
  const code = await new Promise<number>((r) => child.on("close", (c) => r(c ?? 137)));
  if (killer !== undefined) clearInterval(killer);
  for (const t of later) clearTimeout(t);
  return {
    ...(cancelledAt === undefined ? {} : { cancelledAfterMs: Date.now() - cancelledAt }),
    code,
    stdout,
    outputs: parseOutputs(readFileSync(env.GITHUB_OUTPUT!, "utf8")),
    summary: readFileSync(env.GITHUB_STEP_SUMMARY!, "utf8"),
    env,
  };
}

export { VirtualClock } from "./clock.js";

/**
 * The `with:` block of this Action's step in a workflow file, as the runner evaluates it: secrets,
 * workflow_dispatch inputs (with their defaults) and `github.event.*` substituted. Any other expression
 * is an error here, so a new example cannot silently pass untested.
 */
export function workflowStep(
  file: string,
  context: { secrets: Record<string, string>; inputs?: Record<string, string>; event?: unknown },
): { with: Record<string, string>; events: string[] } {
  const wf = parse(readFileSync(path.join(ROOT, file), "utf8")) as {
    on: Record<string, { inputs?: Record<string, { default?: unknown }> } | null>;
    jobs: Record<string, { steps: { uses?: string; with?: Record<string, unknown> }[] }>;
  };
  const dispatch = wf.on.workflow_dispatch?.inputs ?? {};
  const lookup = (expr: string): string => {
    let m: RegExpExecArray | null;
    if ((m = /^secrets\.(\w+)$/.exec(expr))) return context.secrets[m[1]!] ?? "";
    if ((m = /^inputs\.([\w-]+)$/.exec(expr)))
      return context.inputs?.[m[1]!] ?? String(dispatch[m[1]!]?.default ?? "");
    if (expr === "github.token") return "${{ github.token }}"; // the harness expands it like defaults
    if ((m = /^github\.event\.([\w.]+)$/.exec(expr))) {
      let v: unknown = context.event;
      for (const k of m[1]!.split(".")) v = (v as Record<string, unknown> | undefined)?.[k];
      return v === undefined || v === null ? "" : String(v);
    }
    throw new Error(`${file}: the harness cannot evaluate \${{ ${expr} }}`);
  };
  const steps = Object.values(wf.jobs).flatMap((j) => j.steps);
  const step = steps.find((s) => s.uses?.startsWith("aep-activation-plans/aep-activation-plans@") === true);
  if (step === undefined) throw new Error(`${file} has no step that uses this Action`);
  const given: Record<string, string> = {};
  for (const [k, v] of Object.entries(step.with ?? {}))
    given[k] = String(v).replace(/\$\{\{\s*(.+?)\s*\}\}/g, (_, e: string) => lookup(e));
  return { with: given, events: Object.keys(wf.on) };
}
