// Which key of a state file a command works on: the flags `resolve` and `status` share.
import { UsageError, type FlagSpec, type ParsedArgs } from "./args.js";
import type { CliIo } from "./io.js";
import type { StateKey } from "../state/types.js";

export const stateKeyFlags: FlagSpec[] = [
  {
    name: "state",
    type: "string",
    valueName: "FILE",
    description: "the state file (as given to apply --state)",
  },
  {
    name: "sandbox",
    type: "string",
    valueName: "NAME",
    description: "the sandbox (default: the state file's only sandbox for the org, else prod)",
  },
  { name: "step-key", type: "string", valueName: "KEY", description: "the step key (default: empty)" },
  { name: "org", type: "string", valueName: "ID", description: "the Adobe org (default: AEP_ORG_ID)" },
];

/** The state file and key the flags name. Throws UsageError. */
export function stateKeyOf(args: ParsedArgs, io: CliIo): { file: string; key: StateKey } {
  const file = args.flags.state as string | undefined;
  if (file === undefined) throw new UsageError("--state FILE is required");
  return { file, key: keyOf(args, io) };
}

/** The org, sandbox and step key the flags name. Throws UsageError. */
export function keyOf(args: ParsedArgs, io: CliIo): StateKey {
  const org = (args.flags.org as string | undefined) ?? io.env.AEP_ORG_ID;
  if (org === undefined || org === "") throw new UsageError("--org (or AEP_ORG_ID) is required");
  return {
    org,
    sandbox: (args.flags.sandbox as string | undefined) ?? "prod",
    stepKey: (args.flags["step-key"] as string | undefined) ?? "",
  };
}

/**
 * A state file's key: with --sandbox left out, the file's only sandbox for the org and step key
 * (else prod); and the keys it holds, for the sentence when there is no state for the key.
 */
export async function fileKey(
  args: ParsedArgs,
  io: CliIo,
  store: { keys(): Promise<StateKey[]> },
): Promise<{ key: StateKey; held: StateKey[] }> {
  const { key } = stateKeyOf(args, io);
  const held = (await store.keys()).filter((k) => k.sandbox !== "");
  const mine = held.filter((k) => k.org === key.org && k.stepKey === key.stepKey);
  const [only] = mine;
  return {
    key: args.flags.sandbox === undefined && mine.length === 1 && only !== undefined ? only : key,
    held,
  };
}

const keyName = (k: StateKey) =>
  `org ${k.org}, sandbox ${k.sandbox}${k.stepKey === "" ? "" : `, step key ${k.stepKey}`}`;

/** There is no state for the key: and what the file holds instead, with the flags that name it. */
export function noStateSentence(key: StateKey, where: string, held: readonly StateKey[] | undefined): string {
  const first = `There is no state for ${keyName(key)} in ${where}.`;
  if (held === undefined) return first;
  if (held.length === 0) return `${first} It holds none yet (apply --state writes it).`;
  return `${first} It holds: ${held.map(keyName).join("; ")}. Name one with --org, --sandbox and --step-key.`;
}
