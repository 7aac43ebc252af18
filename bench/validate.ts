// Benchmark: `aep-activate validate` over 5,000 generated plans of 100 audiences each (a whole CLI process).
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
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

/** Best of three whole-process runs of `aep-activate validate` over `files` generated plans. */
function measure(files: number, audiences: number) {
  const root = mkdtempSync(path.join(os.tmpdir(), "aep-bench-validate-"));
  try {
    mkdirSync(path.join(root, ".git"));
    const dir = path.join(root, "activation-plans");
    mkdirSync(dir);
    generatePlans(dir, files, audiences);
    runCliProcess(["validate", "activation-plans"], root); // warm the file cache
    const runs = [0, 1, 2].map(() => runCliProcess(["validate", "activation-plans"], root));
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
}
