// The state of one key as files: `state.json` (key, lock, runs per pair) and CSV shards with one row
// per PairRecord, so that GitHub shows the pairs as a table (filterable by the `plan` column). Plans
// are packed into N shards by a stable hash of their path, N growing with the key's size, so that a
// read costs a bounded number of blobs however many plans there are (GitHub's token has 1,000
// requests an hour) while each shard stays under GitHub's CSV rendering limit. Pure: the GitHub home
// reads and writes these files; a round trip gives back exactly the state that was encoded.
import { fromIso, iso, list, unlist, ShardError } from "./cells.js";
import { COMMITS_FILE, commitsIndex, FORMAT, parseMeta, STATE_FILE, type Meta } from "./meta.js";
import { csvRow, field, parseCsv, CsvError, type Cell } from "./csv.js";
import { packShards, SHARD_TARGET } from "./packing.js";
import {
  RECORD_STATES,
  requestId,
  type ActivationState,
  type PairRecord,
  type RecordState,
} from "./types.js";

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
  "due",
] as const;
/** A shard written before `due` was added: read as written (every record without `due`). */
const COLUMNS_BEFORE_DUE = COLUMNS.slice(0, -1);
const HEADERS = new Set([COLUMNS.join(","), COLUMNS_BEFORE_DUE.join(",")]);
const HEADER = csvRow(COLUMNS);
/** The header line's size: a shard's rows are its size less this. */
export const HEADER_BYTES = Buffer.byteLength(HEADER);
/**
 * GitHub renders a CSV file as a table up to 512 KB: every shard stays under this (unless one row
 * alone is larger), leaving room under either meaning of KB and for rows that grow between writes.
 */
export const SHARD_BYTES = 450_000;

export { ShardError };
export { COMMITS_FILE, parseCommits, parseMeta, STATE_FILE } from "./meta.js";

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
    field(reviewCell(r.review)),
    field(list(r.candidates)),
    field(list(r.forced)),
    `${field(iso(r.due))}\n`,
  ];
  return cells.join(",");
}

/** `#PR HASH`, and `approved-by LOGIN …` when the activation policy counted approvals. */
function reviewCell(review: PairRecord["review"]): string | undefined {
  if (review === undefined) return undefined;
  const by = review.approvedBy ?? [];
  return `#${review.pr} ${review.hash}${by.length === 0 ? "" : ` approved-by ${by.join(" ")}`}`;
}

function record(cells: Cell[], width: number): PairRecord {
  if (cells.length !== width) throw new ShardError(`${cells.length} cells, not ${width}`);
  // Cells by column name, without building an object per row (100,000 rows are read per run).
  const [commit, plan, destination, audience, state, code, runIdsCell, job, intentAtCell, updatedAtCell] =
    cells;
  const client = cells[10];
  const attemptsCell = cells[11];
  const reviewCell = cells[12];
  if (state === undefined) throw new ShardError("no state");
  if (updatedAtCell === undefined) throw new ShardError("no updatedAt");
  if (attemptsCell === undefined) throw new ShardError("no attempts");
  if (!RECORD_STATES.has(state)) throw new ShardError(`unknown state '${state}'`);
  const review =
    reviewCell === undefined ? undefined : /^#(\d+) (.*?)(?: approved-by (\S+(?: \S+)*))?$/s.exec(reviewCell);
  if (review === null)
    throw new ShardError(`review '${reviewCell}' is not '#<pr> <hash> [approved-by <logins>]'`);
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
  if (review !== undefined)
    r.review = {
      pr: Number(review[1]),
      hash: review[2] ?? "",
      ...(review[3] === undefined ? {} : { approvedBy: review[3].split(" ") }),
    };
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
  const due = fromIso(cells[15]);
  if (Number.isNaN(due)) throw new ShardError("a date or a count does not parse");
  if (due !== undefined) r.due = due;
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
 * text it read without building it (40 MB at 100,000 pairs, most of it unchanged). `unreadBytes`:
 * the rows of the key that are not in `state` (a scoped read left them stored), counted into the
 * key's size, which sets the number of shards.
 */
export function encodePieces(
  state: ActivationState,
  maxBytes = SHARD_BYTES,
  target = SHARD_TARGET,
  unreadBytes = 0,
): Map<string, string[]> {
  const byPlan = new Map<string, { rows: [string, string, number][]; bytes: number }>();
  let total = unreadBytes;
  let open = 0;
  for (const [id, r] of state.records) {
    const line = row(r);
    const size = Buffer.byteLength(line);
    total += size;
    if (r.state === "intent" || r.state === "unknown") open++;
    let plan = byPlan.get(r.plan);
    if (plan === undefined) byPlan.set(r.plan, (plan = { rows: [], bytes: 0 }));
    plan.rows.push([id, line, size]);
    plan.bytes += size;
  }
  // `open`: records still to resolve (intent, unknown). A scoped read is allowed only when there are none.
  const meta: Meta = {
    format: FORMAT,
    key: state.key,
    lock: state.lock,
    runsPerPair: state.runsPerPair,
    reconciled: state.reconciled,
    starts: state.starts,
    pendingIn: state.pendingIn,
    open,
  };
  const files = new Map<string, string[]>([
    [STATE_FILE, [`${JSON.stringify(meta, null, 2)}\n`]],
    [COMMITS_FILE, [commitsIndex(state)]],
  ]);
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
  const meta = parseMeta(typeof metaFile === "string" ? metaFile : metaFile.join(""));
  const state: ActivationState = { key: meta.key, records: new Map() };
  if (meta.lock !== undefined) state.lock = meta.lock;
  if (meta.runsPerPair !== undefined) state.runsPerPair = meta.runsPerPair;
  if (typeof meta.reconciled === "string") state.reconciled = meta.reconciled;
  if (typeof meta.starts === "object" && meta.starts !== null) state.starts = meta.starts;
  if (Array.isArray(meta.pendingIn)) state.pendingIn = meta.pendingIn.filter((s) => typeof s === "string");
  addRows(state, files);
  return state;
}

/** The rows of every `.csv` file among `files` added to `state`'s records. Throws ShardError naming the file. */
export function addRows(state: ActivationState, files: Map<string, string | readonly string[]>): void {
  for (const [name, file] of files) {
    if (!name.endsWith(".csv")) continue;
    try {
      let line = 1;
      let n = 0;
      let width: number = COLUMNS.length;
      for (const piece of typeof file === "string" ? [file] : file) {
        const rows = parseCsv(piece, line);
        // A piece ends a row: rows before a quote are one line each, and from a quote on there is one piece.
        line += rows.length;
        for (const cells of rows) {
          if (n++ === 0) {
            if (!HEADERS.has(cells.join(","))) throw new ShardError("the header is not " + COLUMNS.join(","));
            width = cells.length;
            continue;
          }
          try {
            const r = record(cells, width);
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
}
