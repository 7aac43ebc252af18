// Small GitHub fakes for unit tests of the GitHub client and of the PR comment: a bare HTTP server
// answering as a test says (stopped after each test by test/setup.ts), and a limited job's context
// writing to a GitHub stand-in's PR comments.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { ActionContext } from "../../src/action/context.js";
import type { RefusedMerge } from "../../src/action/review-gate.js";
import { NO_STOP, type Clock } from "../../src/clock.js";
import { createGitHubClient } from "../../src/github/client.js";
import type { GitHubStandIn } from "./github-standin.js";

const servers: Server[] = [];

/** A server on 127.0.0.1 answering with `handler`; its base URL. */
export async function serve(handler: Parameters<typeof createServer>[1]): Promise<string> {
  const server = createServer(handler);
  servers.push(server);
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", () => r()));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

/** Closes these servers (their open connections first), emptying the list. */
export async function closeServers(list: Server[]): Promise<void> {
  while (list.length > 0) {
    const server = list.pop()!;
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
  }
}

export const stopServed = (): Promise<void> => closeServers(servers);

/** The commit the limited jobs ran at. */
export const JOB_HEAD = "c".repeat(40);

/** A job limited to `sandbox`, writing to the stand-in's PR comments; `sleep` is its clock's wait. */
export function limitedJob(
  gh: GitHubStandIn,
  sandbox: string,
  logs: string[],
  sleep: Clock["sleep"] = async () => {},
): ActionContext {
  return {
    settings: { sandboxes: [sandbox], repository: { owner: "o", repo: "r" }, stepKey: "" },
    port: { info: (m: string) => logs.push(m), warning: (m: string) => logs.push(`warning: ${m}`) },
    gh: createGitHubClient("ghs_token123456", gh.url, () => {}, { pace: false }),
    redact: (t: string) => t,
    githubIdentity: async () => "github-actions[bot]",
    clock: { now: () => 0, sleep },
    stop: NO_STOP,
  } as unknown as ActionContext;
}

/** The workflow token's identity, as a stand-in comment's author. */
export const BOT = { login: "github-actions[bot]", type: "Bot" };

/** A plan hash made of one repeated hex digit. */
export const hashOf = (c: string) => `sha256:${c.repeat(64)}`;

/** PR 5's merge (at JOB_HEAD) refused in `sandbox`'s job: changed since its review, with `hash` to confirm. */
export const refusalIn = (sandbox: string, hash: string): RefusedMerge => ({
  head: JOB_HEAD,
  pr: 5,
  reason: "plan-changed",
  title: "Not applied: the plan changed since review",
  why: `The plan derived from the merged commit (${sandbox}) differs from the one reviewed on PR #5.`,
  hash,
  sandboxes: [sandbox],
});
