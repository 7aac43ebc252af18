// A small, strict argv parser: declared flags only, `--flag value` or `--flag=value`, and positionals.

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

export function parseArgs(argv: readonly string[], specs: readonly FlagSpec[]): ParsedArgs {
  const byName = new Map(specs.map((s) => [s.name, s]));
  const flags: ParsedArgs["flags"] = {};
  const positionals: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === "--") {
      positionals.push(...argv.slice(i + 1));
      break;
    }
    if (!arg.startsWith("-") || arg === "-") {
      positionals.push(arg);
      continue;
    }
    const eq = arg.indexOf("=");
    const name = arg
      .replace(/^--?/, "")
      .slice(0, eq === -1 ? undefined : eq - (arg.startsWith("--") ? 2 : 1));
    const spec = byName.get(name) ?? (name === "h" ? byName.get("help") : undefined);
    if (spec === undefined) throw new UsageError(`unknown option '${arg.split("=")[0]}'`);
    if (spec.type === "boolean") {
      if (eq !== -1) throw new UsageError(`option '--${spec.name}' takes no value`);
      flags[spec.name] = true;
      continue;
    }
    let value: string | undefined;
    if (eq !== -1) value = arg.slice(eq + 1);
    else {
      value = argv[i + 1];
      i++;
    }
    if (value === undefined || (eq === -1 && value.startsWith("--")))
      throw new UsageError(`option '--${spec.name}' needs a value`);
    if (spec.type === "list") {
      const list = (flags[spec.name] as string[] | undefined) ?? [];
      list.push(value);
      flags[spec.name] = list;
    } else {
      flags[spec.name] = value;
    }
  }
  return { flags, positionals };
}

export function formatFlags(specs: readonly FlagSpec[]): string {
  const rows = specs.map((s) => [
    `--${s.name}${s.type === "boolean" ? "" : ` ${s.valueName ?? "VALUE"}`}`,
    s.description,
  ]);
  const width = Math.max(...rows.map((r) => r[0]!.length));
  return rows.map(([a, b]) => `  ${a!.padEnd(width)}  ${b}`).join("\n");
}
