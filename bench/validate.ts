// Benchmark: `aep-activate validate` over 5,000 generated plans of 100 audiences each (a whole CLI
// process); then with an activation policy, `validate`, and `plan` of a merge that changes 10 of the
// plans (read from two commits, every head plan judged by the policy).
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { row, runCliProcess, uuidFor } from "./lib.js";

export function generatePlans(dir: string, files: number, audiencesPerPlan: number): void {
  for (let f = 0; f < files; f++) {
    const lines = [
      "# yaml-language-server: $schema=../schemas/activation-plan.schema.json",
      "apiVersion: activation-plans/v1",
      "kind: ActivationPlan",
      "metadata:",
      `  name: bench-plan-${f}`,
      `  description: Generated plan ${f}`,
      "spec:",
      "  sandbox: prod",
      "  activations:",
    ];
    for (let d = 0; d < 2; d++) {
      lines.push(`    - destination: ${uuidFor(`dest-${f % 7}-${d}`)}`, "      audiences:");
      for (let a = d; a < audiencesPerPlan; a += 2) {
        const id = uuidFor(`aud-${f}-${a}`);
        lines.push(
          a % 4 === 0 ? `        - { id: ${id}, name: Audience ${a} of plan ${f} }` : `        - ${id}`,
        );
      }
    }
    writeFileSync(path.join(dir, `plan-${String(f).padStart(5, "0")}.yaml`), lines.join("\n") + "\n");
  }
}

/** A policy every generated plan meets: its path rule, limits and an approval rule are all judged. */
const POLICY = `apiVersion: activation-plans/v1
kind: ActivationPolicy
paths:
  - name: all
    plans: activation-plans/**
    sandboxes: [prod]
limits:
  audiences-per-plan: 100
  pairs-per-merge: 1000000
approvals:
  - name: production
    when: { sandboxes: [prod] }
    from: [maria]
`;

/** Best of three whole-process runs of `aep-activate` (`args`) over `files` generated plans. */
function measure(files: number, audiences: number, policy = false, args = ["validate", "activation-plans"]) {
  const root = mkdtempSync(path.join(os.tmpdir(), "aep-bench-validate-"));
  try {
    const dir = path.join(root, "activation-plans");
    mkdirSync(dir);
    generatePlans(dir, files, audiences);
    if (policy) {
      mkdirSync(path.join(root, ".github"));
      writeFileSync(path.join(root, ".github", "activation-policy.yaml"), POLICY);
    }
    // `plan` reads the plans from a commit; `validate` only needs the repository's root.
    if (args[0] === "plan") {
      const git = (...a: string[]) => execFileSync("git", a, { cwd: root, stdio: "ignore" });
      git("init", "-q");
      git("add", "-A");
      const commit = (m: string) =>
        git("-c", "user.name=bench", "-c", "user.email=bench@example.com", "commit", "-qam", m);
      commit("plans");
      // The change a merge plans: 10 of the plans bump their revision (1,000 pairs to send).
      for (let f = 0; f < 10; f++) {
        const file = path.join(dir, `plan-${String(f).padStart(5, "0")}.yaml`);
        writeFileSync(file, readFileSync(file, "utf8").replace("spec:\n", "spec:\n  revision: 2\n"));
      }
      commit("bump 10 plans");
    } else mkdirSync(path.join(root, ".git"));
    runCliProcess(args, root); // warm the file cache
    const runs = [0, 1, 2].map(() => runCliProcess(args, root));
    const best = runs.reduce((a, b) => (a.ms <= b.ms ? a : b));
    if (best.code !== 0) throw new Error(`validate failed: ${best.stderr.slice(0, 500)}`);
    return best;
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

export function benchValidate(): void {
  console.log("validate: whole CLI process (best of 3), with the one YAML parser (`yaml`)");
  const typical = measure(500, 100);
  row("500 plans × 100 audiences", `${(typical.ms / 1000).toFixed(2)} s`, "bound: < 1.5 s");
  const large = measure(5000, 100);
  row("5,000 plans × 100 audiences", `${(large.ms / 1000).toFixed(2)} s`, "bound: < 10 s");
  row("files / second (5,000)", `${Math.round((5000 / large.ms) * 1000)}`, "bound: > 500");
  row("peak memory (max RSS, 5,000)", `${large.maxRssMiB.toFixed(0)} MiB`);
  console.log("with an activation policy (path rule, limits, an approval rule), whole CLI process");
  const judged = measure(5000, 100, true);
  row("validate 5,000 plans, policy", `${(judged.ms / 1000).toFixed(2)} s`, "bound: < 10 s");
  const planned = measure(5000, 100, true, ["plan", "--json"]);
  if (!planned.stdout.includes('"policy"')) throw new Error("plan did not judge the change by the policy");
  row("plan 10 changed of 5,000, policy", `${(planned.ms / 1000).toFixed(2)} s`, "bound: < 10 s");
}
