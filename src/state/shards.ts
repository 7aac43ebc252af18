// The state of one key as files: `state.json` (key, lock, runs per pair) and CSV shards with one row
// per PairRecord, so that GitHub shows the pairs as a table (filterable by the `plan` column). Plans
// are packed into N shards by a stable hash of their path, N growing with the key's size, so that a
// read costs a bounded number of blobs however many plans there are (GitHub's token has 1,000
// requests an hour) while each shard stays under GitHub's CSV rendering limit. Pure: the GitHub home
// reads and writes these files; a round trip gives back exactly the state that was encoded.
import { csvRow, field, parseCsv, CsvError, type Cell } from "./csv.js";
import { packShards, SHARD_TARGET } from "./packing.js";
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
/**
 * GitHub renders a CSV file as a table up to 512 KB: every shard stays under this (unless one row
 * alone is larger), leaving room under either meaning of KB and for rows that grow between writes.
 */
export const SHARD_BYTES = 450_000;
const FORMAT = 1;

export class ShardError extends Error {}

// Date#toISOString's text, in half its time for the 200,000 dates of a write: the date part is made
// once per day (a state's dates are close together), the time of day by arithmetic.
const DAY = 86_400_000;
let day = NaN;
let dayText = "";
const pad = (n: number, width: number) => String(n).padStart(width, "0");
function isoString(ms: number): string {
  const d = Math.floor(ms / DAY);
  if (d !== day) {
    day = d;
    dayText = new Date(d * DAY).toISOString().slice(0, -"00:00:00.000Z".length);
  }
  const t = ms - d * DAY;
  return `${dayText}${pad(Math.floor(t / 3_600_000), 2)}:${pad(Math.floor(t / 60_000) % 60, 2)}:${pad(Math.floor(t / 1000) % 60, 2)}.${pad(t % 1000, 3)}Z`;
}
const iso = (ms: number | undefined): Cell =>
  ms === undefined
    ? undefined
    : Number.isInteger(ms) && !Object.is(ms, -0) && Math.abs(ms) <= 8.64e15
      ? isoString(ms)
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
const list = (xs: string[] | undefined): Cell =>
  xs === undefined ? undefined : xs.length === 1 ? item(xs[0] ?? "") : xs.map(item).join(" ");
const unlist = (cell: Cell): string[] | undefined =>
  cell === undefined
    ? undefined
    : cell === ""
      ? []
      : cell.includes(" ")
        ? cell.split(" ").map(unitem)
        : [unitem(cell)];

// The same line as csvRow(cells), for 100,000 rows: one array joined is one flat string at once, where
// a template of 30 parts builds a chain of partial strings that every later use flattens again.
function row(r: PairRecord): string {
  const cells = [
    field(r.commit),
    field(r.plan),
    field(r.destination),
    field(r.audience),
    field(r.state),
    field(r.code),
    field(list(r.runIds)),
    field(r.job),
    field(iso(r.intentAt)),
    field(iso(r.updatedAt)),
    field(r.client),
    field(String(r.attempts)),
    field(r.review === undefined ? undefined : `#${r.review.pr} ${r.review.hash}`),
    field(list(r.candidates)),
    `${field(list(r.forced))}\n`,
  ];
  return cells.join(",");
}

function record(cells: Cell[]): PairRecord {
  if (cells.length !== COLUMNS.length) throw new ShardError(`${cells.length} cells, not ${COLUMNS.length}`);
  // Cells by column name, without building an object per row (100,000 rows are read per run).
  const [commit, plan, destination, audience, state, code, runIdsCell, job, intentAtCell, updatedAtCell] =
    cells;
  const client = cells[10];
  const attemptsCell = cells[11];
  const reviewCell = cells[12];
  if (state === undefined) throw new ShardError("no state");
  if (updatedAtCell === undefined) throw new ShardError("no updatedAt");
  if (attemptsCell === undefined) throw new ShardError("no attempts");
  if (!STATES.has(state)) throw new ShardError(`unknown state '${state}'`);
  const review = reviewCell === undefined ? undefined : /^#(\d+) (.*)$/s.exec(reviewCell);
  if (review === null) throw new ShardError(`review '${reviewCell}' is not '#<pr> <hash>'`);
  const updatedAt = fromIso(updatedAtCell) ?? NaN;
  const attempts = Number(attemptsCell);
  const intentAt = fromIso(intentAtCell);
  if (Number.isNaN(updatedAt) || Number.isNaN(attempts) || Number.isNaN(intentAt))
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
  const candidates = unlist(cells[13]);
  if (candidates !== undefined) r.candidates = candidates;
  const forced = unlist(cells[14]);
  if (forced !== undefined) r.forced = forced;
  return r;
}

/**
 * The files of a key's directory, by name: `state.json` and the shards `packShards` lays out (rows
 * encoded once here; a shard's average size is kept under `target`, every shard under `maxBytes`
 * unless one row alone is larger).
 */
export function encodeShards(
  state: ActivationState,
  maxBytes = SHARD_BYTES,
  target = SHARD_TARGET,
): Map<string, string> {
  return new Map([...encodePieces(state, maxBytes, target)].map(([name, pieces]) => [name, pieces.join("")]));
}

/**
 * encodeShards' files as the pieces that join into their text: a store compares a file with the
 * text it read without building it (40 MB at 100,000 pairs, most of it unchanged).
 */
export function encodePieces(
  state: ActivationState,
  maxBytes = SHARD_BYTES,
  target = SHARD_TARGET,
): Map<string, string[]> {
  const meta = { format: FORMAT, key: state.key, lock: state.lock, runsPerPair: state.runsPerPair };
  const files = new Map<string, string[]>([[STATE_FILE, [`${JSON.stringify(meta, null, 2)}\n`]]]);
  const byPlan = new Map<string, { rows: [string, string, number][]; bytes: number }>();
  let total = 0;
  for (const [id, r] of state.records) {
    const line = row(r);
    const size = Buffer.byteLength(line);
    total += size;
    let plan = byPlan.get(r.plan);
    if (plan === undefined) byPlan.set(r.plan, (plan = { rows: [], bytes: 0 }));
    plan.rows.push([id, line, size]);
    plan.bytes += size;
  }
  for (const [name, text] of packShards(byPlan, total, HEADER, maxBytes, target)) files.set(name, text);
  return files;
}

/**
 * The state from a key's files (as `encodeShards` wrote them), each a text or the pieces of one that
 * each end where a row ends (rowPieces). Every `.csv` file is read whatever its name, so a key
 * written in another layout (one file per plan, another N) still reads, and the next write replaces
 * its files. Throws ShardError naming the file.
 */
export function decodeShards(files: Map<string, string | readonly string[]>): ActivationState {
  const metaFile = files.get(STATE_FILE);
  if (metaFile === undefined) throw new ShardError(`${STATE_FILE} is missing`);
  const metaText = typeof metaFile === "string" ? metaFile : metaFile.join("");
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
  for (const [name, file] of files) {
    if (!name.endsWith(".csv")) continue;
    try {
      let line = 1;
      let n = 0;
      for (const piece of typeof file === "string" ? [file] : file) {
        const rows = parseCsv(piece, line);
        // A piece ends a row: rows before a quote are one line each, and from a quote on there is one piece.
        line += rows.length;
        for (const cells of rows) {
          if (n++ === 0) {
            if (cells.join(",") !== COLUMNS.join(","))
              throw new ShardError("the header is not " + COLUMNS.join(","));
            continue;
          }
          try {
            const r = record(cells);
            const id = requestId(r.commit, r.destination, r.audience);
            // One lookup: a request seen before leaves the size as it was (the state is not returned).
            const size = state.records.size;
            state.records.set(id, r);
            if (state.records.size === size) throw new ShardError(`request ${id} is recorded twice`);
          } catch (e) {
            throw e instanceof ShardError ? new ShardError(`row ${n - 1}: ${e.message}`) : e;
          }
        }
      }
      if (n === 0) throw new ShardError("the header is not " + COLUMNS.join(","));
    } catch (e) {
      if (e instanceof ShardError || e instanceof CsvError) throw new ShardError(`${name}: ${e.message}`);
      throw e;
    }
  }
  return state;
}
