// The fan-out example (examples/workflows/apply-per-sandbox.yml) run as GitHub would run it, through
// the runner-faithful harness: its planning job's command gives the sandboxes of the push, then its
// matrix job runs once per sandbox with the step's `with:` as the workflow writes it (the matrix value
// and that sandbox's Environment secrets filled in). Each job applies only its own sandbox's pairs,
// under its own reviewed hash.
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { runCli } from "../helpers/cli.js";
import { pullRequestEvent, pushEvent } from "../helpers/payloads.js";
import { planYaml } from "../helpers/plans.js";
import { twoSandboxWorld } from "../helpers/pr-world.js";
import { acceptedTwice } from "../helpers/sim.js";

const WORKFLOW = path.resolve(import.meta.dirname, "../../examples/workflows/apply-per-sandbox.yml");

interface Step {
  id?: string;
  uses?: string;
  run?: string;
  with?: Record<string, string>;
}
interface Job {
  steps: Step[];
  environment?: string;
  concurrency?: { group: string };
  strategy?: { matrix: Record<string, string> };
}

/** `${{ … }}` expressions the example uses, from the values a run has. */
function evaluate(text: string, values: Record<string, string>): string {
  return text.replace(/\$\{\{\s*([^}]+?)\s*\}\}/g, (_, expr: string) => {
    const value = values[expr];
    if (value === undefined) throw new Error(`the test does not know ${expr}`);
    return value;
  });
}

describe("the fan-out example through the harness", () => {
  it("two sandboxes: the planning job's command lists them, and one job each applies only its own pairs under its own hash", async () => {
    const workflow = parse(readFileSync(WORKFLOW, "utf8")) as { jobs: Record<string, Job> };
    const { A, B, D, D2, gh, sim, r, change, init, step } = await twoSandboxWorld("fan", "fan-secret-7c6b5a");
    expect(init.code, init.stdout).toBe(0);
    // A PR that touches both sandboxes, previewed (unlimited, as pr-review.yml runs it), then merged.
    r.write("activation-plans/fan-prod.yaml", planYaml("fan-prod", "prod", { [D]: [A[0]] }));
    r.write("activation-plans/fan-dev.yaml", planYaml("fan-dev", "dev", { [D2]: [B[0] ?? ""] }));
    const head = r.commit("fan out");
    const preview = await step("pull_request", pullRequestEvent({ number: 71, base: change, head }), head);
    expect(preview.code, preview.stdout).toBe(0);
    const hashes = Object.fromEntries(
      [...(gh.comments.get(71)?.[0]?.body.match(/sandboxes=([^ ]+) -->/)?.[1] ?? "").split(",")].map((s) =>
        s.split(/:(.*)/s).slice(0, 2),
      ),
    ) as Record<string, string>;
    expect(Object.keys(hashes).sort()).toEqual(["dev", "prod"]);
    gh.pulls.set(head, 71);

    // The planning job: its command, with the push's before and after (jq's '.sandboxes' read here).
    const planning = workflow.jobs.sandboxes?.steps.find((s) => s.id === "plan");
    const script = planning?.run ?? "";
    const range = /else range=\((--base "\$BEFORE" --head "\$AFTER")\); fi/.exec(script);
    expect(range, "the example's range on a push").not.toBeNull();
    expect(script).toContain("set -o pipefail");
    expect(script).toContain(`cli@0 plan "\${range[@]}" --no-policy --json | jq -c '.sandboxes'`);
    const argv = ["plan", ...(range?.[1] ?? "").split(" "), "--no-policy", "--json"].map((a) =>
      a.replaceAll('"', "").replace("$BEFORE", change).replace("$AFTER", head),
    );
    const planned = await runCli(argv, r.dir);
    expect(planned.code, planned.stderr).toBe(0);
    const list = (JSON.parse(planned.stdout) as { sandboxes: string[] }).sandboxes;
    expect(list).toEqual(["dev", "prod"]);

    // The matrix job, once per sandbox, with its Environment's secrets.
    const apply = workflow.jobs.apply;
    const action = apply?.steps.find((s) => s.uses?.startsWith("aep-activation-plans/aep-activation-plans@"));
    expect(apply?.strategy?.matrix.sandbox).toBe("${{ fromJSON(needs.sandboxes.outputs.list) }}");
    const secrets = (sandbox: string) => ({
      "secrets.AEP_CLIENT_ID": `${sandbox}-client`,
      "secrets.AEP_CLIENT_SECRET": `${sandbox}-secret-5e4d3c`,
      "secrets.AEP_ORG_ID": "ORG@AdobeOrg",
    });
    const accepted = () => sim.state.accepted.map((a) => `${a.sandbox} ${a.audience}`).sort();
    let before = accepted();
    for (const sandbox of list) {
      const values = {
        "matrix.sandbox": sandbox,
        "github.event_name == 'schedule' && '-scheduled' || ''": "",
        ...secrets(sandbox),
      };
      expect(evaluate(apply?.environment ?? "", values)).toBe(`aep-${sandbox}`);
      expect(evaluate(apply?.concurrency?.group ?? "", values)).toBe(`aep-activation-plans-${sandbox}`);
      const inputs = Object.fromEntries(
        Object.entries(action?.with ?? {}).map(([k, v]) => [k, evaluate(String(v), values)]),
      );
      expect(inputs.sandboxes).toBe(sandbox);
      // Only the endpoints differ from the example: the job talks to the simulator.
      const job = await step("push", pushEvent({ before: change, after: head }), head, inputs);
      expect(job.code, job.stdout).toBe(0);
      expect(job.outputs["plan-hash"]).toBe(hashes[sandbox]);
      const sent = accepted().filter((a) => !before.includes(a));
      expect(sent).toEqual([`${sandbox} ${sandbox === "prod" ? A[0] : B[0]}`]);
      before = accepted();
    }
    expect(acceptedTwice(sim)).toEqual([]);
  });
});
