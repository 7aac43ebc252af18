// Secrets never reach GitHub: a canary client secret echoed by IMS, and the access token echoed by
// Platform, in error bodies appear in no log line, summary, output or comment, whole or in part.
import { describe, expect, it } from "vitest";
import { GitHubStandIn } from "../helpers/github-standin.js";
import { TestRepo } from "../helpers/git-repo.js";
import { planYaml, uuid } from "../helpers/plans.js";
import { pullRequestEvent, pushEvent, workflowDispatchEvent } from "../helpers/payloads.js";
import { runStep, VirtualClock, type ActionRun } from "../helpers/runner.js";
import { pairsOf, startSimulator } from "../helpers/sim.js";
import { Redactor } from "../../src/redact.js";

const D = uuid("rd-d");
const A = uuid("rd-a");
const CANARY = "CANARY-s3cr3t-0f9e8d7c6b5a";

/** Every piece of `secret` at least `size` long (a secret cut by truncation is still a leak). */
const pieces = (secret: string, size: number) =>
  Array.from({ length: secret.length - size + 1 }, (_, i) => secret.slice(i, i + size));

/** Everything a run sends to GitHub or prints, minus the lines that register masks with the runner. */
function emitted(run: ActionRun, gh: GitHubStandIn): string {
  const log = run.stdout
    .split("\n")
    .filter((l) => !l.startsWith("::add-mask::"))
    .join("\n");
  const comments = [...gh.comments.values()].flat().map((c) => c.body);
  return [log, run.summary, JSON.stringify(run.outputs), ...comments, ...gh.branchFiles().values()].join(
    "\n",
  );
}

async function world(options: { credentials: { clientId: string; clientSecret: string } }) {
  const gh = new GitHubStandIn();
  await gh.start();
  const clock = new VirtualClock();
  const sim = await startSimulator({ clock, echoRequests: true, maps: pairsOf({ [D]: [A] }), ...options });
  const r = TestRepo.create();
  const base = r.write("README.md", "plans\n").commit("base");
  const head = r
    .write("activation-plans/flash.yaml", planYaml("flash", "prod", { [D]: [A] }))
    .commit("flash");
  const inputs = (secret: string) => ({
    "client-id": "rd-client",
    "client-secret": secret,
    "org-id": "ORG@AdobeOrg",
    "platform-url": sim.url,
    "ims-url": sim.url,
  });
  return { gh, clock, sim, r, base, head, inputs };
}

describe("secrets echoed in error bodies", () => {
  it("IMS quotes the form with a wrong client secret: the built Action's log, summary and outputs hold no piece of it", async () => {
    const w = await world({ credentials: { clientId: "rd-client", clientSecret: "the-right-one-1234" } });
    const run = await runStep(
      {
        workspace: w.r.dir,
        eventName: "workflow_dispatch",
        event: workflowDispatchEvent({}),
        sha: w.head,
        apiUrl: w.gh.url,
        with: { ...w.inputs(CANARY), "dry-run": "true", plans: "activation-plans/" },
      },
      { dist: true },
    );
    expect(run.code).toBe(1);
    expect(run.summary).toContain("IMS refused the client credentials (invalid client\\_secret parameter in");
    expect(run.summary).toContain("client\\_secret=\\[redacted\\]");
    const text = emitted(run, w.gh);
    for (const piece of pieces(CANARY, 8)) expect(text).not.toContain(piece);
  });

  it("Platform quotes the bearer token in 500s on a read: no piece of the token in the log, summary, outputs, comment or state", async () => {
    const w = await world({ credentials: { clientId: "rd-client", clientSecret: CANARY } });
    const step = (eventName: string, event: unknown, sha: string, extra: Record<string, string> = {}) =>
      runStep(
        {
          workspace: w.r.dir,
          eventName,
          event,
          sha,
          apiUrl: w.gh.url,
          with: { ...w.inputs(CANARY), ...extra },
        },
        { clock: w.clock },
      );
    expect(
      (
        await step("workflow_dispatch", workflowDispatchEvent({}), w.head, {
          init: "true",
          "dry-run": "true",
        })
      ).code,
    ).toBe(0);
    expect(
      (await step("pull_request", pullRequestEvent({ number: 41, base: w.base, head: w.head }), w.head)).code,
    ).toBe(0);
    w.gh.pulls.set(w.head, 41);
    // Reading the dataflow fails with a body that quotes the request (retried, then reported).
    Object.assign(w.sim.options, { rate500: 1, faultPaths: /flowservice\/flows\// });
    const run = await step("push", pushEvent({ before: w.base, after: w.head }), w.head, {
      "require-reviewed-plan": "true",
    });
    expect(run.code).toBe(1);
    const tokens = [...w.sim.state.tokens.keys()];
    expect(tokens.length).toBeGreaterThan(0);
    expect(run.outputs.result).toContain(
      "Internal server error for a request with Authorization: Bearer ***",
    );
    const text = emitted(run, w.gh);
    for (const secret of [CANARY, ...tokens])
      for (const piece of pieces(secret, 12)) expect(text).not.toContain(piece);
    expect(w.gh.comments.get(41)?.[0]?.body).toContain("with Authorization: Bearer \\*\\*\\*"); // Markdown-escaped
  });
});

describe("the redactor", () => {
  it("removes a secret in the forms servers echo it, and credential shapes, and leaves prose alone", () => {
    const r = new Redactor();
    r.add("p@ss word/+1");
    const echoed = [
      "raw p@ss word/+1",
      "url p%40ss%20word%2F%2B1",
      "form client_secret=p%40ss+word%2F%2B1&scope=x",
      'json {"client_secret":"p@ss word/+1"}',
      "Authorization: Bearer abcdefghijklmnop0123456789",
      "jwt eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl",
      "github ghp_0123456789abcdefABCDEF",
    ].map(r.redact);
    expect(echoed.join("\n")).not.toMatch(/p@ss|p%40ss|abcdefghijklmnop|eyJzdWIi|ghp_0123/);
    // As other encoders write it: lower-case escapes, `\/` in JSON, \u escapes, HTML entities.
    const s2 = new Redactor();
    s2.add(`a<b>&"c'/d e`);
    const other = [
      "url a%3cb%3e%26%22c'%2fd%20e",
      "form a%3cb%3e%26%22c%27%2fd+e",
      'php {"secret":"a<b>&\\"c\'\\/d e"}',
      `unicode ${[...`a<b>&"c'/d e`].map((c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`).join("")}`,
      "html a&lt;b&gt;&amp;&quot;c&#39;/d e",
    ].map(s2.redact);
    expect(other).toEqual(["url ***", "form ***", 'php {"secret":"***"}', "unicode ***", "html ***"]);
    const prose = "a token that cannot read the pull request; basic checks pass; the bearer of news";
    expect(r.redact(prose)).toBe(prose);
  });
});
