// Audience sizes for the activation policy at merge, before anything is submitted: each sandbox's
// newest evaluations (segment jobs), read once per sandbox and run. Unreadable: the policy's export
// limits fail closed (policy/judge.ts), never pass.
import type { Clock } from "../clock.js";
import { connectPlatform, type PlatformSettings } from "../aep/connect.js";
import { canonicalId } from "../plan/ids.js";

export interface SizeBook {
  size: (sandbox: string, audience: string) => number | undefined;
  read: boolean;
  /** Why sizes could not be read. */
  problem?: string;
}

/** Reads the sizes of these pairs' audiences; a problem makes the whole book unread. */
export async function readSizes(
  pairs: readonly { sandbox: string; audience: { id: string } }[],
  platform: PlatformSettings,
  hooks: { clock: Clock; log: (m: string) => void; registerSecret: (s: string) => void },
): Promise<SizeBook> {
  const counts = new Map<string, number>();
  const key = (sandbox: string, audience: string) => `${sandbox}\n${canonicalId(audience)}`;
  const client = connectPlatform(platform, hooks.clock, hooks.registerSecret, hooks.log);
  try {
    for (const sandbox of [...new Set(pairs.map((p) => p.sandbox))].sort()) {
      const ids = [...new Set(pairs.filter((p) => p.sandbox === sandbox).map((p) => p.audience.id))].sort();
      const read = await client.client.getAudienceSizes(sandbox, ids);
      for (const [id, s] of read.sizes)
        if (s.profiles !== undefined) counts.set(key(sandbox, id), s.profiles);
    }
    return { size: (s, a) => counts.get(key(s, a)), read: true };
  } catch (error) {
    return { size: () => undefined, read: false, problem: (error as Error).message };
  } finally {
    await client.close();
  }
}
