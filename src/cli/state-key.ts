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
  { name: "sandbox", type: "string", valueName: "NAME", description: "the sandbox (default prod)" },
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
