// The simulator's fixture: the dataflows, audiences, scheduled export jobs and run history it starts
// with (YAML or JSON), as the demo, the tests and `aep-activate simulator --fixture` give it.
import { parse as parseYaml } from "yaml";
import type { RunSeed } from "./runs.js";

export interface Fixture {
  /** Without `strict`, unknown dataflows exist (enabled); audiences are mapped by `mapAudiences`. */
  strict?: boolean;
  dataflows?: {
    id: string;
    name?: string;
    state?: "enabled" | "disabled";
    /** A streaming destination's dataflow, with this flow spec ID (ad-hoc activation refuses it). */
    streamingSpec?: string;
    audiences?: {
      id: string;
      /** An external audience: its source's ID (`id` is then its system ID in Platform). */
      externalId?: string;
      name?: string;
      startDate?: string;
      endDate?: string;
      /** Minutes since first activation (default: a day). */
      activatedMinutesAgo?: number;
      failRun?: boolean;
      /** Profiles at its newest evaluation (segment jobs); default: made from its ID. */
      profiles?: number;
      /** Hours before the start of its newest evaluation (default 6, then daily; 24 or more: stalled); null: never. */
      evaluatedHoursAgo?: number | null;
    }[];
  }[];
  /** Scheduled export jobs, in milliseconds relative to the simulator's start. */
  exportJobs?: { id?: number; busyFromMs?: number; busyForMs: number }[];
  /** Runs already in the dataflows' history (scheduled exports, UI exports), `minutesAgo` before the start. */
  history?: (Omit<RunSeed, "createdAt"> & { minutesAgo: number })[];
}

export function parseFixture(text: string): Fixture {
  const value = parseYaml(text) as unknown;
  if (value === null || typeof value !== "object")
    throw new Error("the simulator fixture must be a YAML or JSON object");
  return value as Fixture;
}
