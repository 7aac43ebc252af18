// The state of one key as files: `state.json` (key, lock, runs per pair) and one CSV file per plan
// with one row per PairRecord, so that GitHub shows each plan's pairs as a table. Pure: the GitHub
// home reads and writes these files; a round trip gives back exactly the state that was encoded.
import { createHash } from "node:crypto";
import { csvRow, parseCsv, CsvError, type Cell } from "./csv.js";
import {
  requestId,
  type ActivationState,
  type PairRecord,
  type RecordState,
  type StateKey,
} from "./types.js";

export const STATE_FILE = "state.json";
export const COLUMNS = [
  "commit",
  "plan",
  "destination",
  "audience",
  "state",
  "code",
  "runIds",
  "job",
  "intentAt",
  "updatedAt",
  "client",
  "attempts",
  "review",
  "candidates",
  "forced",
] as const;
const HEADER = csvRow(COLUMNS);
const STATES = new Set<string>(["intent", "submitted", "unknown", "succeeded", "failed", "expired"]);
/** GitHub renders a CSV file as a table up to 512 KB; stay under it whichever KB is meant. */
export const SHARD_BYTES = 500_000;
const FORMAT = 1;

export class ShardError extends Error {}

/**
 * A file name for a plan's shard: `/` and anything outside [A-Za-z0-9._-] as %XX of its UTF-8
 * bytes, so distinct plans never share a file; `~` (always escaped in a name) separates the part
 * number of a split plan. A very long name is cut and completed by a hash of the plan path.
 */
export function shardName(plan: string, part: number): string {
  let base = [...Buffer.from(plan, "utf8")]
    .map((b) => {
      const c = String.fromCharCode(b);
      return /[A-Za-z0-9._-]/.test(c) ? c : `%${b.toString(16).toUpperCase().padStart(2, "0")}`;
    })
    .join("");
  if (base.length > 120)
    base = `${base.slice(0, 100)}~${createHash("sha256").update(plan).digest("hex").slice(0, 16)}`;
  return part === 1 ? `${base}.csv` : `${base}~${part}.csv`;
}

const iso = (ms: number | undefined): Cell =>
  ms === undefined
    ? undefined
    : Number.isInteger(ms) && !Object.is(ms, -0) && Math.abs(ms) <= 8.64e15
      ? new Date(ms).toISOString()
      : Object.is(ms, -0)
        ? "-0"
        : String(ms); // not a date in milliseconds: kept as the number it is
const fromIso = (cell: Cell): number | undefined =>
  cell === undefined ? undefined : cell.includes("T") ? Date.parse(cell) : Number(cell);

// Lists are space-separated items (run IDs are UUIDs); `%`, whitespace and an empty item are
// escaped so that any list comes back as it was. An absent list is a bare empty cell, [] a quoted one.
const ESCAPED = /[%\s]/u;
const item = (s: string) =>
  s === "" ? "%-" : ESCAPED.test(s) ? s.replace(/[%\s]/gu, encodeURIComponent) : s;
const unitem = (s: string) => {
  try {
    return s === "%-" ? "" : s.includes("%") ? decodeURIComponent(s) : s;
  } catch {
    throw new ShardError(`list item '${s}' is not escaped as written`);
  }
};
const list = (xs: string[] | undefined): Cell => (xs === undefined ? undefined : xs.map(item).join(" "));
const unlist = (cell: Cell): string[] | undefined =>
  cell === undefined ? undefined : cell === "" ? [] : cell.split(" ").map(unitem);

function row(r: PairRecord): string {
  return csvRow([
    r.commit,
    r.plan,
    r.destination,
    r.audience,
    r.state,
    r.code,
    list(r.runIds),
    r.job,
    iso(r.intentAt),
    iso(r.updatedAt),
    r.client,
    String(r.attempts),
    r.review === undefined ? undefined : `#${r.review.pr} ${r.review.hash}`,
    list(r.candidates),
    list(r.forced),
  ]);
}

function record(cells: Cell[]): PairRecord {
  if (cells.length !== COLUMNS.length) throw new ShardError(`${cells.length} cells, not ${COLUMNS.length}`);
  // Cells by column name, without building an object per row (100,000 rows are read per run).
  const [commit, plan, destination, audience, stateCell, code, runIdsCell, job, intentAtCell, updatedAtCell] =
    cells;
  const [client, attemptsCell, reviewCell, candidatesCell, forcedCell] = cells.slice(10);
  const c = { state: stateCell, updatedAt: updatedAtCell, attempts: attemptsCell };
  const need = (name: keyof typeof c) => {
    if (c[name] === undefined) throw new ShardError(`no ${name}`);
    return c[name];
  };
  const state = need("state");
  if (!STATES.has(state)) throw new ShardError(`unknown state '${state}'`);
  const review = reviewCell === undefined ? undefined : /^#(\d+) (.*)$/s.exec(reviewCell);
  if (review === null) throw new ShardError(`review '${reviewCell}' is not '#<pr> <hash>'`);
  const updatedAt = fromIso(need("updatedAt")) ?? NaN;
  const attempts = Number(need("attempts"));
  const intentAt = fromIso(intentAtCell);
  if ([updatedAt, attempts, intentAt].some((x) => Number.isNaN(x)))
    throw new ShardError("a date or a count does not parse");
  const r: PairRecord = {
    commit: commit ?? "",
    plan: plan ?? "",
    destination: destination ?? "",
    audience: audience ?? "",
    state: state as RecordState,
    attempts,
    updatedAt,
  };
  // Optional fields are set only when present, so a decoded record has the shape it was written with.
  if (review !== undefined) r.review = { pr: Number(review[1]), hash: review[2] ?? "" };
  if (job !== undefined) r.job = job;
  if (intentAt !== undefined) r.intentAt = intentAt;
  if (client !== undefined) r.client = client;
  const runIds = unlist(runIdsCell);
  if (runIds !== undefined) r.runIds = runIds;
  if (code !== undefined) r.code = code;
  const candidates = unlist(candidatesCell);
  if (candidates !== undefined) r.candidates = candidates;
  const forced = unlist(forcedCell);
  if (forced !== undefined) r.forced = forced;
  return r;
}

/**
 * The files of a key's directory, by name. Rows are sorted by request so that an unchanged plan
 * encodes to the same bytes (the same blob: nothing to upload); a plan over `maxBytes` is split.
 */
export function encodeShards(state: ActivationState, maxBytes = SHARD_BYTES): Map<string, string> {
  const meta = { format: FORMAT, key: state.key, lock: state.lock, runsPerPair: state.runsPerPair };
  const files = new Map<string, string>([[STATE_FILE, `${JSON.stringify(meta, null, 2)}\n`]]);
  const byPlan = new Map<string, [string, PairRecord][]>();
  for (const [id, r] of state.records) {
    const rows = byPlan.get(r.plan) ?? [];
    rows.push([id, r]);
    byPlan.set(r.plan, rows);
  }
  for (const [plan, rows] of byPlan) {
    rows.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
    let part = 1;
    let chunk: string[] = [];
    let bytes = Buffer.byteLength(HEADER);
    const flush = () => {
      files.set(shardName(plan, part++), HEADER + chunk.join(""));
      chunk = [];
      bytes = Buffer.byteLength(HEADER);
    };
    for (const [, r] of rows) {
      const line = row(r);
      const size = Buffer.byteLength(line);
      if (chunk.length > 0 && bytes + size > maxBytes) flush();
      chunk.push(line);
      bytes += size;
    }
    flush();
  }
  return files;
}

/** The state from a key's files (as `encodeShards` wrote them). Throws ShardError naming the file. */
export function decodeShards(files: Map<string, string>): ActivationState {
  const metaText = files.get(STATE_FILE);
  if (metaText === undefined) throw new ShardError(`${STATE_FILE} is missing`);
  let meta: { format?: number; key?: StateKey; lock?: ActivationState["lock"]; runsPerPair?: number };
  try {
    meta = JSON.parse(metaText) as typeof meta;
  } catch (e) {
    throw new ShardError(`${STATE_FILE}: ${(e as Error).message}`);
  }
  if (meta.format !== FORMAT || meta.key === undefined)
    throw new ShardError(`${STATE_FILE}: format ${meta.format} is not ${FORMAT}, or no key`);
  const state: ActivationState = { key: meta.key, records: new Map() };
  if (meta.lock !== undefined) state.lock = meta.lock;
  if (meta.runsPerPair !== undefined) state.runsPerPair = meta.runsPerPair;
  for (const [name, text] of files) {
    if (!name.endsWith(".csv")) continue;
    try {
      const [header, ...rows] = parseCsv(text);
      if (header?.join(",") !== COLUMNS.join(","))
        throw new ShardError("the header is not " + COLUMNS.join(","));
      rows.forEach((cells, i) => {
        try {
          const r = record(cells);
          const id = requestId(r.commit, r.destination, r.audience);
          if (state.records.has(id)) throw new ShardError(`request ${id} is recorded twice`);
          state.records.set(id, r);
        } catch (e) {
          throw e instanceof ShardError ? new ShardError(`row ${i + 1}: ${e.message}`) : e;
        }
      });
    } catch (e) {
      if (e instanceof ShardError || e instanceof CsvError) throw new ShardError(`${name}: ${e.message}`);
      throw e;
    }
  }
  return state;
}
