// A fork's PR preview (`pull_request_target`): Platform's names, but only for the IDs the base
// branch's plans already hold, so that a fork cannot learn the org's audience names by listing IDs in
// a plan. Nothing else is read from Platform on a fork's behalf, and no selector name is used (a
// dataflow lists every audience mapped to it, new IDs included).
import { connectPlatform, type PlatformSettings } from "../aep/connect.js";
import type { Clock } from "../clock.js";
import type { Plan } from "../plan/types.js";

export interface BaseNames {
  audiences: Map<string, string>;
  destinations: Map<string, string>;
  /** Why some names could not be read, if so. */
  problem?: string;
}

export async function namesOnBase(
  pairs: readonly { sandbox: string; destination: string; audience: string }[],
  basePlans: readonly Plan[],
  platform: PlatformSettings,
  hooks: { clock: Clock; log: (m: string) => void; registerSecret: (s: string) => void },
): Promise<BaseNames> {
  const out: BaseNames = { audiences: new Map(), destinations: new Map() };
  const onBase = new Set(
    basePlans.flatMap((p) =>
      p.activations.flatMap((a) => [
        `${p.sandbox}\nd\n${a.destination.id}`,
        ...a.audiences.map((r) => `${p.sandbox}\na\n${r.id}`),
      ]),
    ),
  );
  const client = connectPlatform(platform, hooks.clock, hooks.registerSecret, hooks.log);
  try {
    for (const sandbox of [...new Set(pairs.map((p) => p.sandbox))].sort()) {
      const mine = pairs.filter((p) => p.sandbox === sandbox);
      const destinations = [...new Set(mine.map((p) => p.destination))].filter((d) =>
        onBase.has(`${sandbox}\nd\n${d}`),
      );
      const audiences = [...new Set(mine.map((p) => p.audience))].filter((a) =>
        onBase.has(`${sandbox}\na\n${a}`),
      );
      for (const id of destinations.sort()) {
        const name = (await client.client.getFlow(sandbox, id))?.name;
        if (name !== undefined) out.destinations.set(id, name);
      }
      if (audiences.length > 0)
        for (const a of await client.client.getAudiences(sandbox, audiences.sort()))
          if (a.name !== undefined && audiences.includes(a.id)) out.audiences.set(a.id, a.name);
    }
  } catch (error) {
    out.problem = (error as Error).message;
  } finally {
    await client.close();
  }
  return out;
}
