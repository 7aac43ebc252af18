// The use case "activate a job plan", shared by the CLI and the Action: connect to Platform with the
// given settings, run the engine (pre-flight only, or a full apply), and always close the connection.
import { Applier } from "../activation/engine.js";
import {
  standardApplyOptions,
  type ApplyOptions,
  type ApplyReport,
  type LedgerHooks,
} from "../activation/types.js";
import { connectPlatform, type PlatformSettings } from "../aep/connect.js";
import type { Clock } from "../clock.js";
import type { ExecutionPlan } from "../jobs/planner.js";

export interface ActivateRequest {
  platform: PlatformSettings;
  apiVersion: 1 | 2;
  dryRun: boolean;
  timeoutMinutes: number;
  /** The rerun ledger's hooks, when one is kept. */
  ledger?: LedgerHooks;
}

export interface ActivateHooks {
  clock: Clock;
  log: (message: string) => void;
  /** Every secret the connection learns (tokens), for masking. */
  registerSecret: (value: string) => void;
}

export async function activate(
  plan: ExecutionPlan,
  request: ActivateRequest,
  hooks: ActivateHooks,
): Promise<ApplyReport> {
  const platform = connectPlatform(request.platform, hooks.clock, hooks.registerSecret, hooks.log);
  try {
    const options: ApplyOptions = {
      ...standardApplyOptions({
        apiVersion: request.apiVersion,
        dryRun: request.dryRun,
        timeoutMinutes: request.timeoutMinutes,
      }),
      ...request.ledger,
    };
    return await new Applier(platform.client, hooks.clock, hooks.log, options).apply(plan);
  } finally {
    await platform.close();
  }
}
