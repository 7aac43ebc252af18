// Adobe's documented ad-hoc activation refusals, recognised from their messages (Platform gives no
// machine-readable code for them). Pure.
import { canonicalId } from "../plan/ids.js";

export type Refusal =
  /** "Run already going on for audience … with run id …": one run per audience at a time. */
  | { kind: "run-in-progress"; audience: string; runId: string }
  /** "Segments … are not part of this dataflow": not mapped, or outside the schedule. */
  | { kind: "not-in-dataflow"; names: string[] }
  | { kind: "other" };

const RUN_ALREADY = /Run already going on for (?:audience|segment) (\S+) for order (\S+) with run id (\S+)/i;
const NOT_IN_FLOW = /Segments? (.*?) (?:are not part of this dataflow|doesn't belong to this dataflow)/i;

export function classifyRefusal(status: number, message: string): Refusal {
  if (status !== 400) return { kind: "other" };
  const already = RUN_ALREADY.exec(message);
  if (already?.[1] !== undefined && already[3] !== undefined) {
    return { kind: "run-in-progress", audience: canonicalId(already[1]), runId: already[3] };
  }
  const notInFlow = NOT_IN_FLOW.exec(message);
  if (notInFlow?.[1] !== undefined) {
    return { kind: "not-in-dataflow", names: notInFlow[1].split(/,\s*/).map((n) => n.trim().toLowerCase()) };
  }
  return { kind: "other" };
}
