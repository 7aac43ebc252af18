// Checks requests against GitHub's published OpenAPI description (@octokit/openapi): the operation
// exists, path and query parameters are declared and of the right type, and the JSON body conforms.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import AjvModule, { type ValidateFunction } from "ajv";
import addFormatsModule from "ajv-formats";

const Ajv = AjvModule as unknown as typeof AjvModule.default;
const addFormats = addFormatsModule as unknown as typeof addFormatsModule.default;

interface Param {
  name: string;
  in: "path" | "query" | "header" | "cookie";
  required?: boolean;
  schema?: object;
}
interface Operation {
  method: string;
  template: string;
  pattern: RegExp;
  names: string[];
  params: Param[];
  body?: { required: boolean; schema: object; validate?: ValidateFunction };
}

const DOC = "https://api.github.com/openapi.json";
let cached: { ops: Operation[]; ajv: InstanceType<typeof Ajv> } | undefined;

/** OpenAPI 3.0 → JSON Schema for ajv: absolute $refs into the document, `nullable` as a null type. */
function rewrite(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(rewrite);
  if (node !== null && typeof node === "object") {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(node)) {
      if (k === "nullable") continue;
      out[k] = k === "$ref" && typeof v === "string" && v.startsWith("#") ? `${DOC}${v}` : rewrite(v);
    }
    if ((node as { nullable?: boolean }).nullable !== true) return out;
    if (typeof out.type === "string") return { ...out, type: [out.type, "null"] };
    return { anyOf: [out, { type: "null" }] };
  }
  return node;
}

function load() {
  if (cached !== undefined) return cached;
  const file = createRequire(import.meta.url).resolve("@octokit/openapi/generated/api.github.com.json");
  const spec = JSON.parse(readFileSync(file, "utf8")) as {
    paths: Record<
      string,
      Record<
        string,
        {
          parameters?: ({ $ref: string } | Param)[];
          requestBody?: { required?: boolean; content?: Record<string, { schema?: object }> };
        }
      >
    >;
    components: { parameters: Record<string, Param>; schemas: object };
  };
  const ajv = new Ajv({ strict: false, allErrors: true, logger: false, validateSchema: false });
  addFormats(ajv);
  ajv.addSchema({ $id: DOC, components: rewrite({ schemas: spec.components.schemas }) as object });
  const ops: Operation[] = [];
  for (const [template, item] of Object.entries(spec.paths)) {
    for (const [method, op] of Object.entries(item)) {
      if (!["get", "post", "put", "patch", "delete"].includes(method)) continue;
      const names = [...template.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]!);
      const pattern = new RegExp(`^${template.replace(/\{[^}]+\}/g, "([^/]+)")}$`);
      const params = (op.parameters ?? []).map((p) =>
        "$ref" in p ? spec.components.parameters[p.$ref.split("/").pop()!]! : p,
      );
      const schema = op.requestBody?.content?.["application/json"]?.schema;
      const entry: Operation = { method: method.toUpperCase(), template, pattern, names, params };
      if (schema !== undefined) {
        entry.body = { required: op.requestBody?.required === true, schema };
      }
      ops.push(entry);
    }
  }
  // Literal segments win over parameters: fewer parameters first.
  ops.sort((a, b) => a.names.length - b.names.length);
  cached = { ops, ajv };
  return cached;
}

function coerce(value: string, schema: { type?: string | string[] } | undefined): unknown {
  const type = Array.isArray(schema?.type) ? schema?.type[0] : schema?.type;
  if (type === "integer" || type === "number") return /^-?\d+(\.\d+)?$/.test(value) ? Number(value) : value;
  if (type === "boolean") return value === "true" ? true : value === "false" ? false : value;
  return value;
}

// A parameter's schema compiled once (ajv caches by schema object; a rewritten schema is a new one).
const paramValidators = new WeakMap<Param, ValidateFunction>();
function paramValidator(ajv: InstanceType<typeof Ajv>, p: Param & { schema: object }): ValidateFunction {
  let validate = paramValidators.get(p);
  if (validate === undefined) paramValidators.set(p, (validate = ajv.compile(rewrite(p.schema) as object)));
  return validate;
}

// The operation of each method and path seen (a run repeats the same few paths).
const opOf = new Map<string, Operation | undefined>();

/** The problems with a request, or an empty list when it conforms. */
export function checkGitHubRequest(method: string, pathAndQuery: string, body: unknown): string[] {
  const { ops, ajv } = load();
  const url = new URL(pathAndQuery, "http://x");
  const key = `${method} ${url.pathname}`;
  if (!opOf.has(key))
    opOf.set(
      key,
      ops.find((o) => o.method === method && o.pattern.test(url.pathname)),
    );
  const op = opOf.get(key);
  if (op === undefined)
    return [`${method} ${url.pathname}: no such operation in GitHub's OpenAPI description`];
  const where = `${method} ${op.template}`;
  const problems: string[] = [];
  const values = op.pattern.exec(url.pathname)!.slice(1);
  op.names.forEach((name, i) => {
    const p = op.params.find((x) => x.in === "path" && x.name === name);
    if (p?.schema === undefined) return;
    const validate = paramValidator(ajv, p as Param & { schema: object });
    if (!validate(coerce(decodeURIComponent(values[i]!), p.schema)))
      problems.push(`${where}: path parameter ${name}=${values[i]} ${ajv.errorsText(validate.errors)}`);
  });
  for (const [name, value] of url.searchParams) {
    const p = op.params.find((x) => x.in === "query" && x.name === name);
    if (p === undefined) problems.push(`${where}: undeclared query parameter '${name}'`);
    else if (p.schema !== undefined) {
      const validate = paramValidator(ajv, p as Param & { schema: object });
      if (!validate(coerce(value, p.schema)))
        problems.push(`${where}: query parameter ${name}=${value} ${ajv.errorsText(validate.errors)}`);
    }
  }
  for (const p of op.params) {
    if (p.in === "query" && p.required === true && !url.searchParams.has(p.name))
      problems.push(`${where}: missing query parameter '${p.name}'`);
  }
  if (op.body !== undefined) {
    if (body === undefined) {
      if (op.body.required) problems.push(`${where}: missing request body`);
    } else {
      op.body.validate ??= ajv.compile(rewrite(op.body.schema) as object);
      if (!op.body.validate(body)) problems.push(`${where}: body ${ajv.errorsText(op.body.validate.errors)}`);
    }
  } else if (body !== undefined && method !== "GET") {
    problems.push(`${where}: takes no request body`);
  }
  return problems;
}
