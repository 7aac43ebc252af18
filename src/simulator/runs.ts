// Runs in the simulated sandbox: the ad-hoc runs the simulator's adhocrun endpoint starts, and the
// history a real dataflow has beside them (scheduled exports, "Export file now" in the UI, ad-hoc runs
// another step or CLI user made with the same credential). Each carries who made it, as Platform's
// run objects do (`createdClient`, `createdBy`).
import { createHash } from "node:crypto";
import { canonicalId } from "../plan/ids.js";

export interface SimRun {
  id: string;
  flowId: string;
  /**
   * The audience an ad-hoc run exports, for the simulator's own bookkeeping (runs already going on).
   * Never rendered: the run object the client reads names no audience. Undefined for scheduled exports.
   */
  audience?: string;
  sandbox: string;
  imsOrgId: string;
  /** The IMS client that created the run (`exc_app` for the Platform UI), and its Adobe ID. */
  createdClient: string;
  createdBy: string;
  createdAt: number;
  /** Epoch ms; Infinity for a run that stays processing. */
  completesAt: number;
  fails: boolean;
  records: number;
  files: number;
}

/**
 * The IMS client scheduled destination exports are created by. An assumption: Adobe does not document
 * it for runs; its examples show `acp_foundation_connectors` creating and updating destination
 * dataflows and connection specs, so the scheduler is taken to be that service too.
 */
export const SCHEDULER_CLIENT = "acp_foundation_connectors";
/** The client of runs people start in the Platform UI ("Export file now"), as Adobe documents. */
export const UI_CLIENT = "exc_app";
/** The org of seeded runs when the test names none. */
export const SIM_ORG = "5555467B5D8013E50A494220@AdobeOrg";

/**
 * A client's Adobe ID as Platform writes it into `createdBy`. Adobe's examples pair `createdClient:
 * acp_foundation_connectors` with `createdBy: acp_foundation_connectors@AdobeID`; for a service
 * credential the simulator does the same with its client ID (a real one may show the technical account).
 */
export const adobeIdOf = (client: string) => `${client}@AdobeID`;

/** A stable sandbox ID for a sandbox name (Platform's are UUIDs; the simulator only needs them fixed). */
export function sandboxIdOf(name: string): string {
  const h = createHash("sha1").update(`sandbox:${name}`).digest("hex");
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
}

/** A run a test (or the fixture) puts in a dataflow's history. */
export interface RunSeed {
  flowId: string;
  createdAt: number;
  createdClient: string;
  /** Default: `<createdClient>@AdobeID`. UI runs carry the person's Adobe ID: pass one. */
  createdBy?: string;
  /** Default "success"; "processing" stays processing until a test changes `completesAt`. */
  status?: "success" | "failed" | "processing";
  /** How long a finished run ran (default a minute). */
  durationMs?: number;
  /** Default "prod". */
  sandbox?: string;
  /** The audience of a one-audience run (UI "Export file now", another caller's ad-hoc run). */
  audience?: string;
  imsOrgId?: string;
  id?: string;
}

export function seededRun(seed: RunSeed, id: string): SimRun {
  const status = seed.status ?? "success";
  return {
    id: seed.id ?? id,
    flowId: seed.flowId.toLowerCase(),
    ...(seed.audience === undefined ? {} : { audience: canonicalId(seed.audience) }),
    sandbox: seed.sandbox ?? "prod",
    imsOrgId: seed.imsOrgId ?? SIM_ORG,
    createdClient: seed.createdClient,
    createdBy: seed.createdBy ?? adobeIdOf(seed.createdClient),
    createdAt: seed.createdAt,
    completesAt: status === "processing" ? Infinity : seed.createdAt + (seed.durationMs ?? 60_000),
    fails: status === "failed",
    records: 1000,
    files: 1,
  };
}
