// The plan preview as plain text for a terminal (`aep-activate plan`): the same facts as the Markdown
// preview, without Markdown. Pure; plan text is printed as data (control characters are replaced
// where the CLI writes to the terminal).
import type { PlanOutcome } from "../jobs/outcome.js";
import { nameFor } from "./names.js";
import { CHANGE_LABEL, summaryLine } from "./preview.js";
import { textTable } from "./text-table.js";

export function renderPreviewText(outcome: PlanOutcome): string {
  const { changes, execution } = outcome;
  const out = [`Activation preview: ${summaryLine(outcome)}`, ""];
  if (changes.length === 0) out.push("No plan changed between these commits, so a merge activates nothing.");
  else {
    if (execution.pairs.length === 0) out.push("Nothing will be activated: no plan asks for a new pair.", "");
    out.push(
      ...textTable(
        ["PLAN", "FILE", "CHANGE", "PAIRS", "WHY"],
        changes.map((c) => [c.name, c.file, CHANGE_LABEL[c.change], String(c.pairs.length), c.reason]),
      ),
    );
  }
  if (execution.jobs.length > 0) {
    out.push(
      "",
      "Jobs a merge will submit (the jobs of one wave run together; a wave starts when the one before it ends):",
    );
    out.push(
      ...textTable(
        ["WAVE", "JOB", "SANDBOX", "DESTINATIONS", "AUDIENCES", "PAIRS"],
        execution.jobs.map((j) => [
          String(j.wave),
          j.id,
          j.sandbox,
          String(Object.keys(j.activationInfo).length),
          String(j.audienceCount),
          String(j.pairCount),
        ]),
      ),
    );
    out.push("", "What each job activates (names as the plans give them, not checked against Platform):");
    const byJob = Map.groupBy(execution.pairs, (p) => p.jobId);
    for (const job of execution.jobs) {
      out.push(`  ${job.id} · wave ${job.wave} · sandbox ${job.sandbox}`);
      const byDestination = Map.groupBy(byJob.get(job.id) ?? [], (p) => p.destination);
      for (const [destination, pairs] of [...byDestination].sort(([a], [b]) => (a < b ? -1 : 1))) {
        const dName = pairs.map((p) => nameFor(p, "destination")).find((n) => n !== undefined);
        out.push(`    destination ${dName === undefined ? "" : `${dName} `}${destination}`);
        for (const p of pairs) {
          const aName = nameFor(p, "audience");
          out.push(
            `      ${aName === undefined ? "" : `${aName} `}${p.audience} ← ${p.requestedBy.map((r) => r.plan).join(", ")}`,
          );
        }
      }
    }
  }
  const range =
    outcome.baseSha === undefined
      ? outcome.headSha.slice(0, 12)
      : `${outcome.baseSha.slice(0, 12)} → ${outcome.headSha.slice(0, 12)}`;
  out.push("", `Plan hash ${execution.planHash} (${range})`);
  return out.join("\n");
}
