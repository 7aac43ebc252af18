// The simulator's fixture: the dataflows, audiences, scheduled export jobs and run history it starts
// with (YAML or JSON), as the demo, the tests and `aep-activate simulator --fixture` give it.
import Ajv2020Module from "ajv/dist/2020.js";
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

const str = { type: "string" };
const num = { type: "number" };
const list = (properties: Record<string, unknown>, required: string[]) => ({
  type: "array",
  items: { type: "object", properties, required, additionalProperties: false },
});
/** The fixture's shape: a mistake is named, not met later as a JavaScript error. */
const FIXTURE_SCHEMA = {
  type: "object",
  additionalProperties: false,
  properties: {
    strict: { type: "boolean" },
    dataflows: list(
      {
        id: str,
        name: str,
        state: { enum: ["enabled", "disabled"] },
        streamingSpec: str,
        audiences: list(
          {
            id: str,
            externalId: str,
            name: str,
            startDate: str,
            endDate: str,
            activatedMinutesAgo: num,
            failRun: { type: "boolean" },
            profiles: num,
            evaluatedHoursAgo: { type: ["number", "null"] },
          },
          ["id"],
        ),
      },
      ["id"],
    ),
    exportJobs: list({ id: num, busyFromMs: num, busyForMs: num }, ["busyForMs"]),
    history: list(
      {
        flowId: str,
        minutesAgo: num,
        createdClient: str,
        createdBy: str,
        status: { enum: ["success", "failed", "processing"] },
        durationMs: num,
        sandbox: str,
        audience: str,
        imsOrgId: str,
        id: str,
      },
      ["flowId", "minutesAgo", "createdClient"],
    ),
  },
};
const Ajv = Ajv2020Module as unknown as typeof Ajv2020Module.default;
/** Compiled on first use: every CLI command loads this module, only `simulator --fixture` needs it. */
let compiled: ReturnType<InstanceType<typeof Ajv>["compile"]> | undefined;

/** The fixture in YAML or JSON; throws an Error naming what is wrong with it. */
export function parseFixture(text: string): Fixture {
  const value = parseYaml(text) as unknown;
  if (value === null || typeof value !== "object" || Array.isArray(value))
    throw new Error(
      "the simulator fixture must be a YAML or JSON object (dataflows, exportJobs, history, strict)",
    );
  const check = (compiled ??= new Ajv({ allErrors: false }).compile(FIXTURE_SCHEMA));
  if (!check(value)) {
    const [e] = check.errors ?? [];
    const where = (e?.instancePath ?? "").replace(/^\//, "").replace(/\//g, ".") || "the fixture";
    const extra =
      e?.keyword === "additionalProperties" ? ` (unknown key '${String(e.params.additionalProperty)}')` : "";
    throw new Error(`the simulator fixture: ${where} ${e?.message ?? "is not valid"}${extra}`);
  }
  return value as Fixture;
}
