// `aep-activate import`: a plan written from dataflows that exist, with Platform's names in the long
// form and each external audience under the ID ad-hoc activation wants (its system ID), so that a
// team does not copy UUIDs from the UI by hand. Reads only; prints the plan (YAML) on stdout.
import { stringify } from "yaml";
import { clip } from "../activation/messages.js";
import { listDestinationFlows } from "../aep/flows.js";
import { systemClock } from "../clock.js";
import { connectPlatform } from "../aep/connect.js";
import { proxyFromEnv } from "../aep/endpoints.js";
import { Redactor } from "../redact.js";
import { PLAN_API_VERSION, PLAN_KIND, SANDBOX_NAME } from "../plan/types.js";
import { validatePlanSet } from "../plan/validate.js";
import { parseArgs, UsageError, type FlagSpec } from "./args.js";
import { EXIT_FAILED, EXIT_OK, type CliIo } from "./io.js";
import { platformFlags, platformOf } from "./platform-flags.js";

export const importFlags: FlagSpec[] = [
  {
    name: "sandbox",
    type: "string",
    valueName: "NAME",
    description: "the sandbox the dataflows are in (required)",
  },
  {
    name: "dataflow",
    type: "list",
    valueName: "ID",
    description: "a destination dataflow to import (may repeat; default: every destination dataflow)",
  },
  {
    name: "name",
    type: "string",
    valueName: "NAME",
    description: "the plan's name (default import-SANDBOX)",
  },
  ...platformFlags,
  { name: "help", type: "boolean", description: "show this help" },
];

export const importHelp = `Usage: aep-activate import --sandbox NAME [--dataflow ID...] [options] > activation-plans/NAME.yaml

Writes an activation plan (YAML, on stdout) that activates every audience mapped to the given
destination dataflows (without --dataflow: every destination dataflow of the sandbox), as Platform describes them now: each dataflow and audience in the long form
with Platform's name, and an external audience (from Audience Manager or a custom upload) under the
ID ad-hoc activation wants, not its source's. Reads only. Needs AEP_CLIENT_ID, AEP_ORG_ID and
AEP_CLIENT_SECRET (or AEP_ACCESS_TOKEN) in the environment, with View Destinations and View Segments.

Options:
{flags}

Exit codes: 0 written, 1 a dataflow not found or Platform could not be read, 2 usage error.`;

/** A name as the plan format allows it (at most 256 characters). */
const fit = (name: string) => clip(name, 256);

export async function runImport(argv: readonly string[], io: CliIo): Promise<number> {
  const args = parseArgs(argv, importFlags);
  const sandbox = (args.flags.sandbox as string | undefined)?.trim() ?? "";
  // The same dataflow named twice is imported once.
  const dataflows = [...new Set((args.flags.dataflow as string[] | undefined) ?? [])];
  if (!SANDBOX_NAME.test(sandbox))
    throw new UsageError("--sandbox NAME is required (lowercase, as Platform spells it)");
  const name = (args.flags.name as string | undefined) ?? `import-${sandbox}`;
  const { credentials, platformUrl, imsUrl } = platformOf(args, io);
  const redactor = new Redactor();
  redactor.add(credentials.clientSecret);
  redactor.add(credentials.accessToken);
  const log = (m: string) => io.stderr(redactor.redact(m));
  const proxy = proxyFromEnv(io.env);
  const platform = connectPlatform(
    { platformUrl, imsUrl, credentials, ...(proxy === undefined ? {} : { proxy }) },
    io.clock ?? systemClock,
    (s) => redactor.add(s),
    log,
  );
  try {
    const activations = [];
    // Without --dataflow: every destination dataflow of the sandbox.
    const listed = dataflows.length > 0 ? undefined : await listDestinationFlows(platform.client, sandbox);
    for (const id of listed?.map((f) => f.id) ?? dataflows) {
      const flow = listed?.find((f) => f.id === id) ?? (await platform.client.getFlow(sandbox, id));
      if (flow === undefined) {
        log(
          `Dataflow ${id} was not found in sandbox ${sandbox}: copy its ID from Destinations > Browse in that sandbox.`,
        );
        return EXIT_FAILED;
      }
      // An external audience is activated by its system ID; its source's ID is only a label.
      const ids = flow.selectors.map((s) => s.systemSegmentId ?? s.audienceId);
      const named = new Map((await platform.client.getAudiences(sandbox, ids)).map((a) => [a.id, a.name]));
      const audiences = flow.selectors.map((s, i) => {
        const audience = ids[i] ?? s.audienceId;
        const label = named.get(audience) ?? s.name;
        return label === undefined ? { id: audience } : { id: audience, name: fit(label) };
      });
      if (audiences.length === 0) log(`Dataflow ${id} has no audience mapped: it is left out.`);
      else
        activations.push({
          destination: flow.name === undefined ? { id: flow.id } : { id: flow.id, name: fit(flow.name) },
          audiences,
        });
    }
    if (activations.length === 0) {
      log("No dataflow given has an audience mapped: there is nothing to write.");
      return EXIT_FAILED;
    }
    const yaml = stringify({
      apiVersion: PLAN_API_VERSION,
      kind: PLAN_KIND,
      metadata: { name, description: `Imported from sandbox ${sandbox} by aep-activate import.` },
      spec: { sandbox, activations },
    });
    // What is written must be a valid plan: checked as `validate` would.
    const { problems } = validatePlanSet([{ file: `${name}.yaml`, bytes: new TextEncoder().encode(yaml) }]);
    if (problems.length > 0)
      throw new UsageError(`the imported plan is not valid: ${problems.map((p) => p.message).join("; ")}`);
    io.stdout(yaml.trimEnd());
    log(
      `Imported ${activations.reduce((n, a) => n + a.audiences.length, 0)} audience(s) on ${activations.length} dataflow(s) from sandbox ${sandbox}.`,
    );
    return EXIT_OK;
  } catch (error) {
    if (error instanceof UsageError) throw error;
    log(`Platform could not be read: ${(error as Error).message}`);
    return EXIT_FAILED;
  } finally {
    await platform.close();
  }
}
