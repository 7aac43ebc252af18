// The Platform connection the CLI's commands share: credentials from the environment, and the
// endpoints from --platform-url / --ims-url (or AEP_PLATFORM_URL / AEP_IMS_URL), checked.
import type { AepCredentials } from "../aep/auth.js";
import { credentialsFromEnv } from "../aep/connect.js";
import { DEFAULT_IMS_URL, DEFAULT_PLATFORM_URL, endpointProblem } from "../aep/endpoints.js";
import { UsageError, type FlagSpec, type ParsedArgs } from "./args.js";
import type { CliIo } from "./io.js";

export const platformFlags: FlagSpec[] = [
  {
    name: "platform-url",
    type: "string",
    valueName: "URL",
    description: `Platform API base URL (default ${DEFAULT_PLATFORM_URL})`,
  },
  {
    name: "ims-url",
    type: "string",
    valueName: "URL",
    description: `Adobe IMS base URL (default ${DEFAULT_IMS_URL})`,
  },
];

export function platformOf(
  args: ParsedArgs,
  io: CliIo,
): { credentials: AepCredentials; platformUrl: string; imsUrl: string } {
  const credentials = credentialsFromEnv(io.env);
  if (typeof credentials === "string") {
    throw new UsageError(`${credentials} (or run 'aep-activate demo' to try it against the simulator)`);
  }
  const platformUrl =
    (args.flags["platform-url"] as string | undefined) ?? io.env.AEP_PLATFORM_URL ?? DEFAULT_PLATFORM_URL;
  const imsUrl = (args.flags["ims-url"] as string | undefined) ?? io.env.AEP_IMS_URL ?? DEFAULT_IMS_URL;
  for (const [name, url] of [
    ["--platform-url", platformUrl],
    ["--ims-url", imsUrl],
  ] as const) {
    const problem = endpointProblem(name, url);
    if (problem !== undefined) throw new UsageError(problem);
  }
  return { credentials, platformUrl, imsUrl };
}
