// Fuzz: hostile plan names, YAML keys, destination and audience names, file names and Platform error
// bodies go through every renderer and logger of the Action and the CLI (validate, plan, apply with
// failures). No line the Action logs starts a workflow command it did not issue itself, and the
// CLI's output, as its streams write it, starts no workflow command and holds no control character.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { inertOutput } from "../../src/render/inert.js";
import { runCli } from "../helpers/cli.js";
import { GitHubStandIn } from "../helpers/github-standin.js";
import { TestRepo } from "../helpers/git-repo.js";
import { hostile, hostileFileName } from "../helpers/hostile.js";
import { uuid } from "../helpers/plans.js";
import { workflowDispatchEvent } from "../helpers/payloads.js";
import { runStep, VirtualClock, type ActionRun } from "../helpers/runner.js";
import { pairsOf, startSimulator } from "../helpers/sim.js";

const D = uuid("fz-d");
const A = uuid("fz-a");
const ENV = { AEP_CLIENT_ID: "fz-client", AEP_CLIENT_SECRET: "fz-secret-0a1b2c", AEP_ORG_ID: "FZ@AdobeOrg" };
const COMMAND_AT_LINE_START = /^[ \t]*::/;
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/;

const q = (s: string) => JSON.stringify(s); // a YAML double-quoted scalar holds any text

/** A valid plan whose destination and audience carry hostile names (shown in previews and reports). */
const good = (name: string) => `apiVersion: activation-plans/v1
kind: ActivationPlan
metadata:
  name: fuzz
  description: ${q(name)}
spec:
  sandbox: prod
  activations:
    - destination: { id: ${D}, name: ${q(name)} }
      audiences:
        - { id: ${A}, name: ${q(name)} }
`;

/** Invalid plans: a hostile plan name, a hostile unknown key. */
const badName = (name: string) => good(name).replace("name: fuzz", `name: ${q(name)}`);
const badKey = (key: string) => good("k").replace("  sandbox: prod", `  sandbox: prod\n  ${q(key)}: 1`);

/** The Action's log: every line that starts a workflow command is one the Action issued through the port. */
function expectInertLog(run: ActionRun): void {
  const issued = new Set(run.commands ?? []);
  for (const line of run.stdout.split(/\r\n|\r|\n/))
    if (COMMAND_AT_LINE_START.test(line)) expect(issued, `forged command: ${q(line)}`).toContain(line.trim());
  for (const c of run.commands ?? []) {
    expect(c).not.toMatch(/[\r\n]/);
    if (c.startsWith("::add-mask::")) expect(c.slice(12)).not.toContain("::"); // only secrets are masked
  }
}

/** The CLI's output as its streams write it (src/cli/index.ts). */
function expectInertOutput(...texts: string[]): void {
  for (const text of texts) {
    const out = inertOutput(text);
    expect(out).not.toMatch(CONTROL);
    for (const line of out.split("\n")) expect(line, q(line)).not.toMatch(COMMAND_AT_LINE_START);
  }
}

describe("fuzz: untrusted text through every renderer and logger", () => {
  it("plan names, keys, names, file names and Platform error bodies act as nothing in the Action's log or the CLI's output", async () => {
    const gh = new GitHubStandIn();
    await gh.start();
    const clock = new VirtualClock();
    const sim = await startSimulator({ clock, maps: pairsOf({ [D]: [A] }) });
    await fc.assert(
      fc.asyncProperty(hostile, hostile, hostileFileName, hostile, async (t, k, file, b) => {
        // Tagged, to show each reaches what is printed.
        const [text, key, body] = [`N1${t}`, `K1${k}`, `B1${b}`];
        const broken = TestRepo.create();
        broken.write("activation-plans/name.yaml", badName(text));
        broken.write("activation-plans/key.yaml", badKey(key));
        broken.write(`activation-plans/${file}`, "kind: [");
        const brokenHead = broken.commit("broken plans");
        const repo = TestRepo.create();
        const head = repo.write("activation-plans/good.yaml", good(text)).commit("good plan");
        // Reading the dataflow fails with the hostile body (retried, then reported with its words).
        Object.assign(sim.options, { rate500: 1, faultPaths: /flowservice\/flows\//, errorText: body });
        const validate = await runStep({
          workspace: broken.dir,
          eventName: "workflow_dispatch",
          event: workflowDispatchEvent({}),
          sha: brokenHead,
          apiUrl: gh.url,
          with: { mode: "validate" },
        });
        expect(validate.code).toBe(1);
        expect(validate.stdout).toContain("N1");
        expect(validate.stdout).toContain("K1");
        expectInertLog(validate);
        const apply = await runStep(
          {
            workspace: repo.dir,
            eventName: "workflow_dispatch",
            event: workflowDispatchEvent({}),
            sha: head,
            apiUrl: gh.url,
            with: {
              "client-id": ENV.AEP_CLIENT_ID,
              "client-secret": ENV.AEP_CLIENT_SECRET,
              "org-id": ENV.AEP_ORG_ID,
              "platform-url": sim.url,
              "ims-url": sim.url,
              "step-key": uuid(`${text}${body}`), // a fresh state key each time
              init: "true",
            },
          },
          { clock },
        );
        expect(apply.code).toBe(1);
        expect(apply.outputs["failure-reason"]).toBeDefined();
        expect(apply.stdout + apply.summary).toContain("B1");
        expectInertLog(apply);
        const cli = [
          await runCli(["validate"], broken.dir, {}),
          await runCli(["plan", "--all"], repo.dir, {}),
          await runCli(["apply", "--all", "--platform-url", sim.url, "--ims-url", sim.url], repo.dir, ENV, {
            clock,
          }),
        ];
        expect(cli.map((r) => r.code)).toEqual([1, 0, 1]);
        const [v, p, a] = cli.map((r) => r.stdout + r.stderr);
        expect(v).toContain("K1");
        expect(v).toContain("N1");
        expect(p).toContain("N1");
        expect(a).toContain("B1");
        expectInertOutput(...cli.flatMap((r) => [r.stdout, r.stderr]));
      }),
      { numRuns: 4 },
    );
  });
});
