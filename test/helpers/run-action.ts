// Runs the built Action (dist/index.js) exactly as the Actions runner does: INPUT_* variables, an
// event payload file, GITHUB_OUTPUT and GITHUB_STEP_SUMMARY files, a git workspace.
import { spawn } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { tempDir } from "./tmp.js";

export interface ActionRun {
  code: number;
  stdout: string;
  outputs: Record<string, string>;
  summary: string;
}

const DIST = path.resolve(import.meta.dirname, "../../dist/index.js");

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

export async function runAction(options: {
  workspace: string;
  eventName: string;
  event: unknown;
  inputs: Record<string, string>;
  apiUrl: string;
  sha: string;
  /** Polled every 50 ms; when it returns true the Action is killed (SIGKILL), like a cancelled job. */
  killWhen?: () => boolean;
}): Promise<ActionRun> {
  const dir = tempDir("aep-runner-");
  const eventPath = path.join(dir, "event.json");
  const outputPath = path.join(dir, "output");
  const summaryPath = path.join(dir, "summary.md");
  writeFileSync(eventPath, JSON.stringify(options.event));
  writeFileSync(outputPath, "");
  writeFileSync(summaryPath, "");
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? "",
    HOME: process.env.HOME ?? dir,
    GITHUB_ACTIONS: "true",
    GITHUB_EVENT_NAME: options.eventName,
    GITHUB_EVENT_PATH: eventPath,
    GITHUB_OUTPUT: outputPath,
    GITHUB_STEP_SUMMARY: summaryPath,
    GITHUB_API_URL: options.apiUrl,
    GITHUB_SERVER_URL: "https://github.example",
    GITHUB_REPOSITORY: "acme/plans",
    GITHUB_RUN_ID: "4242",
    GITHUB_SHA: options.sha,
    GITHUB_WORKSPACE: options.workspace,
  };
  for (const [k, v] of Object.entries(options.inputs)) env[`INPUT_${k.toUpperCase()}`] = v;
  const child = spawn(process.execPath, [DIST], { cwd: options.workspace, env });
  let stdout = "";
  child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
  child.stderr.on("data", (d: Buffer) => (stdout += d.toString()));
  const killer =
    options.killWhen === undefined
      ? undefined
      : setInterval(() => {
          if (options.killWhen!()) child.kill("SIGKILL");
        }, 50);
  const code = await new Promise<number>((r) => child.on("close", (c) => r(c ?? 137)));
  if (killer !== undefined) clearInterval(killer);
  return {
    code,
    stdout,
    outputs: parseOutputs(readFileSync(outputPath, "utf8")),
    summary: readFileSync(summaryPath, "utf8"),
  };
}
