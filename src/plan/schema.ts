// JSON Schema validation of a parsed plan (ajv, compiled once) and translation of its errors
// into located messages a marketer can act on.
import Ajv2020Module, { type ErrorObject, type ValidateFunction } from "ajv/dist/2020.js";
import addFormatsModule from "ajv-formats";
import schema from "../../schemas/activation-plan.schema.json" with { type: "json" };
import { closest } from "./hints.js";
import { formatPath, locate, parseInstancePath, type PathSegment } from "./locate.js";
import type { ParsedDocument } from "./parse.js";
import type { Problem, ProblemCode } from "./types.js";

// ajv and ajv-formats are CommonJS modules whose export is the constructor itself.
const Ajv2020 = Ajv2020Module as unknown as typeof Ajv2020Module.default;
const addFormats = addFormatsModule as unknown as typeof addFormatsModule.default;

export const planSchema = schema;

/** A schema compiled on first use (the plan's, the policy's), with ajv's settings for located errors. */
export function lazySchema(source: object): () => ValidateFunction {
  let compiled: ValidateFunction | undefined;
  return () => {
    if (compiled === undefined) {
      // code.optimize off: the optimizer's passes cost more at start than they save on tens of plans.
      const ajv = new Ajv2020({
        allErrors: true,
        verbose: true,
        strict: true,
        allowUnionTypes: true,
        code: { optimize: false },
      });
      addFormats(ajv, ["date-time"]);
      compiled = ajv.compile(source);
    }
    return compiled;
  };
}
const validator = lazySchema(schema);

const EXAMPLE_UUID = "9f2c1a44-0d2b-4a8e-9b1f-2f6c3d4e5a6b";

const TYPE_WORDS: Record<string, string> = {
  string: "a text value",
  integer: "a whole number",
  number: "a number",
  object: "a block of `key: value` lines",
  array: "a list",
  boolean: "true or false",
};

function typeWords(type: unknown): string {
  const types = Array.isArray(type) ? type : [type];
  return types.map((t) => TYPE_WORDS[String(t)] ?? String(t)).join(" or ");
}

function show(value: unknown): string {
  const text = typeof value === "string" ? value : JSON.stringify(value);
  return text === undefined ? "nothing" : text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

function isIdPath(path: readonly PathSegment[]): boolean {
  const last = path[path.length - 1];
  const parent = path[path.length - 2];
  return last === "destination" || parent === "audiences" || (last === "id" && path.length > 4);
}

function describeMissing(error: ErrorObject): string | undefined {
  const missing = String(error.params.missingProperty);
  const props = (error.parentSchema as { properties?: Record<string, { description?: string }> } | undefined)
    ?.properties;
  return props?.[missing]?.description;
}

function allowedKeys(error: ErrorObject): string[] {
  return Object.keys(
    (error.parentSchema as { properties?: Record<string, unknown> } | undefined)?.properties ?? {},
  );
}

function closestAllowed(error: ErrorObject): string | undefined {
  return closest(String(error.params.additionalProperty), allowedKeys(error));
}

/** One ajv error → one problem, or undefined for errors that only repeat another (if/then wrappers). */
function toProblem(parsed: ParsedDocument, error: ErrorObject, doc: string): Problem | undefined {
  const path = parseInstancePath(error.instancePath);
  const where = formatPath(path);
  const field = path.length === 0 ? `the ${doc}` : `\`${where}\``;
  let message: string;
  let hint: string | undefined;
  let at: "value" | "key" = "value";
  let locPath = path;
  let code: ProblemCode = `schema-${error.keyword}`;
  switch (error.keyword) {
    case "if":
      return undefined;
    case "required": {
      const missing = String(error.params.missingProperty);
      message =
        path.length === 0
          ? `The ${doc} is missing \`${missing}\`.`
          : `\`${missing}\` is missing under ${field}.`;
      hint = describeMissing(error);
      code = "missing-key";
      break;
    }
    case "additionalProperties": {
      const key = String(error.params.additionalProperty);
      locPath = [...path, key];
      at = "key";
      const allowed = allowedKeys(error);
      message =
        path.length === 0
          ? `Unknown key \`${key}\` at the top level of the ${doc}.`
          : `Unknown key \`${key}\` under ${field}.`;
      const guess = closestAllowed(error);
      hint =
        guess !== undefined
          ? `did you mean \`${guess}\`?`
          : allowed.length > 0
            ? `Keys allowed here: ${allowed.map((k) => `\`${k}\``).join(", ")}.`
            : undefined;
      code = "unknown-key";
      break;
    }
    case "const":
      message = `${field} must be \`${String(error.params.allowedValue)}\`, not \`${show(error.data)}\`.`;
      break;
    case "type":
      if (isIdPath(path) && typeof error.data === "number") {
        // An all-digit ID (an external audience's source ID) reads as a YAML number.
        // The hint quotes the digits as written (YAML drops leading zeros and rounds long numbers).
        const node = parsed.doc.getIn(path, true) as { source?: unknown } | undefined;
        const written = typeof node?.source === "string" ? node.source : show(error.data);
        message = `${field} is the number \`${show(error.data)}\`; an ID is text.`;
        hint = `Quote it: \`"${show(written)}"\`.`;
        break;
      }
      message = `${field} must be ${typeWords(error.params.type)}, not \`${show(error.data)}\`.`;
      // The value shown alone hides its type: `"2"` is text, `2026` a number; say which, and the fix.
      if (typeof error.data === "string" && /^-?\d+(\.\d+)?$/.test(error.data.trim())) {
        message = `${field} must be ${typeWords(error.params.type)}, not the text \`"${show(error.data)}"\`.`;
        hint = "Remove the quotes.";
      } else if (typeof error.data === "number" && [error.params.type].flat().includes("string")) {
        message = `${field} must be ${typeWords(error.params.type)}, not the number \`${show(error.data)}\`.`;
        hint = `Quote it: \`"${show(error.data)}"\`.`;
      }
      if (isIdPath(path)) hint = `Write the ID on its own (\`${EXAMPLE_UUID}\`) or as \`{id: …, name: …}\`.`;
      break;
    case "pattern": {
      const value = String(error.data);
      const last = path[path.length - 1];
      const parent = path[path.length - 2];
      if (last === "name" && path[0] === "metadata") {
        message = `The plan name \`${show(value)}\` may only use lowercase letters, digits and '-', and must start and end with a letter or digit.`;
        const suggestion = value
          .toLowerCase()
          .replace(/[^a-z0-9-]+/g, "-")
          .replace(/^-+|-+$/g, "");
        if (suggestion !== "" && suggestion !== value) hint = `did you mean \`${suggestion}\`?`;
      } else if (last === "sandbox" || parent === "sandboxes") {
        message = `The sandbox name \`${show(value)}\` must be all lowercase (letters, digits and '-'), as Experience Platform spells it.`;
        if (value.toLowerCase() !== value) hint = `did you mean \`${value.toLowerCase()}\`?`;
      } else if (parent === "from") {
        message = `\`${show(value)}\` is not a GitHub login or a team: write a login (\`maria-privacy\`) or a team as \`@org/team-slug\`.`;
      } else if (isIdPath(path) || parent === "destinations") {
        message = path.includes("audiences")
          ? /(^|_)[0-9a-fA-F]*-[0-9a-fA-F-]*$/.test(value)
            ? `\`${show(value)}\` is not an audience ID: it looks like a UUID with digits missing or extra (a UUID is \`${EXAMPLE_UUID}\`, alone or after a prefix and \`_\`).`
            : `\`${show(value)}\` is not an audience ID: audience IDs are UUIDs such as \`${EXAMPLE_UUID}\`, IDs Platform issued as a prefix, \`_\` and a UUID, or other IDs Platform shows (letters, digits, '.', ':' and '-', with a digit; a word alone reads as a name).`
          : `\`${show(value)}\` is not a destination ID: IDs are UUIDs such as \`${EXAMPLE_UUID}\`.`;
        hint = path.includes("audiences")
          ? "Copy the audience ID from Audiences > Browse in Experience Platform (for an audience from outside Platform, its ID there, not its source's); names go in `{id: …, name: …}`."
          : "Copy the destination (dataflow) ID from Destinations > Browse in Experience Platform.";
      } else {
        message = `${field} has an unexpected value \`${show(value)}\`.`;
      }
      code = "bad-value";
      break;
    }
    case "format":
      message = `${field} is \`${show(error.data)}\`, which is not a date-time.`;
      hint = "Write it in RFC 3339 with a time zone, e.g. `2026-11-27T08:00:00Z`.";
      code = "bad-date";
      break;
    case "minItems":
      if (path[path.length - 1] === "activations") {
        message = "This plan activates nothing: `spec.activations` is empty.";
        hint = "Add at least one destination with its audiences, or delete the plan.";
        code = "empty-plan";
      } else if (path[path.length - 1] === "audiences") {
        message = `No audiences are listed for this destination (${field} is empty).`;
        hint = "List at least one audience ID, or remove the destination.";
        code = "empty-plan";
      } else {
        message = `${field} must not be empty.`;
      }
      break;
    case "minProperties":
      message = `${field} is empty.`;
      hint =
        path[path.length - 1] === "window"
          ? "Give `notBefore`, `notAfter` or both, or remove `window`."
          : undefined;
      break;
    case "minimum":
      message = `${field} must be ${String(error.params.limit)} or more, not ${show(error.data)}.`;
      break;
    case "maxLength":
    case "minLength":
      message = `${field} must be ${error.keyword === "maxLength" ? "at most" : "at least"} ${String(error.params.limit)} characters long.`;
      break;
    default:
      message = `${field} ${error.message ?? "is not valid"}.`;
  }
  const pos = locate(parsed, locPath, at);
  const problem: Problem = { file: parsed.file, line: pos.line, col: pos.col, code, message };
  if (hint !== undefined) problem.hint = hint;
  return problem;
}

export function validateAgainstSchema(parsed: ParsedDocument): Problem[] {
  return schemaProblems(parsed, validator(), "plan");
}

/** Every error of `validate` on a parsed document, located and said once. `doc` names it in messages. */
export function schemaProblems(parsed: ParsedDocument, validate: ValidateFunction, doc: string): Problem[] {
  if (validate(parsed.value)) return [];
  const errors = validate.errors ?? [];
  // A misspelt required key shows up twice: as unknown and as missing. Report it once, as the typo.
  const typos = new Set(
    errors
      .filter((e) => e.keyword === "additionalProperties")
      .map((e) => `${e.instancePath}\u0000${closestAllowed(e) ?? ""}`),
  );
  const problems: Problem[] = [];
  const seen = new Set<string>();
  for (const error of errors) {
    if (
      error.keyword === "required" &&
      typos.has(`${error.instancePath}\u0000${String(error.params.missingProperty)}`)
    )
      continue;
    const problem = toProblem(parsed, error, doc);
    if (problem === undefined) continue;
    const key = `${problem.line}:${problem.col}:${problem.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    problems.push(problem);
  }
  return problems;
}
