// The CLI's flags: declared specs parsed by Node's `util.parseArgs`, and the help text made from them.
import { parseArgs as nodeParseArgs, type ParseArgsOptionsConfig } from "node:util";
import { SANDBOX_NAME } from "../plan/types.js";

export interface FlagSpec {
  name: string;
  /** "boolean" flags take no value; "string" flags take one; "list" flags may repeat. */
  type: "boolean" | "string" | "list";
  description: string;
  valueName?: string;
}

export interface ParsedArgs {
  flags: Record<string, string | boolean | string[] | undefined>;
  positionals: string[];
}

export class UsageError extends Error {}

/** Node's own `util.parseArgs`, strict, with our flag specs and usage errors people can act on. */
export function parseArgs(argv: readonly string[], specs: readonly FlagSpec[]): ParsedArgs {
  const options: ParseArgsOptionsConfig = {};
  for (const s of specs) {
    options[s.name] = {
      type: s.type === "boolean" ? "boolean" : "string",
      ...(s.type === "list" ? { multiple: true } : {}),
      ...(s.name === "help" ? { short: "h" } : {}),
    };
  }
  try {
    const { values, positionals } = nodeParseArgs({
      args: [...argv],
      options,
      strict: true,
      allowPositionals: true,
    });
    return { flags: values as ParsedArgs["flags"], positionals };
  } catch (error) {
    const code = (error as { code?: string }).code ?? "";
    const message = (error as Error).message;
    const option = /'(-[^' ]+)/.exec(message)?.[1] ?? "";
    if (code === "ERR_PARSE_ARGS_UNKNOWN_OPTION") throw new UsageError(`unknown option '${option}'`);
    if (code === "ERR_PARSE_ARGS_INVALID_OPTION_VALUE") {
      const spec = specs.find((s) => option === `--${s.name}` || (s.name === "help" && option === "-h"));
      throw new UsageError(
        spec?.type === "boolean"
          ? `option '--${spec.name}' takes no value`
          : `option '${option}' needs a value`,
      );
    }
    throw new UsageError(message);
  }
}

export function formatFlags(specs: readonly FlagSpec[]): string {
  const rows = specs.map((s): [string, string] => [
    `--${s.name}${s.type === "boolean" ? "" : ` ${s.valueName ?? "VALUE"}`}`,
    s.description,
  ]);
  const width = Math.max(...rows.map(([flag]) => flag.length));
  return rows.map(([flag, text]) => `  ${flag.padEnd(width)}  ${text}`).join("\n");
}

/** `--allowed-sandboxes a,b`: each one a sandbox name (`Prod` is a typo, not a sandbox). */
export function allowedSandboxes(flag: string | undefined): string[] {
  const list = (flag ?? "")
    .split(",")
    .map((s) => s.trim())
    .filter((s) => s !== "");
  const bad = list.find((s) => !SANDBOX_NAME.test(s));
  if (bad !== undefined)
    throw new UsageError(
      `--allowed-sandboxes: '${bad}' is not a sandbox name (lowercase letters, digits and '-', comma-separated)`,
    );
  return list;
}
