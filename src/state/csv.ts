// RFC 4180 CSV, with one addition that keeps a round trip exact: an empty field written bare is
// "absent" (undefined) and an empty field written quoted (`""`) is the empty string. GitHub's table
// view shows both as an empty cell.

const NEEDS_QUOTES = /[",\r\n]/;

export type Cell = string | undefined;

/** One field as written in a line (quoted when needed). */
export function field(value: Cell): string {
  if (value === undefined) return "";
  if (value === "" || NEEDS_QUOTES.test(value)) return `"${value.replace(/"/g, '""')}"`;
  return value;
}

/** One line, ending in "\n". */
export function csvRow(cells: readonly Cell[]): string {
  return `${cells.map(field).join(",")}\n`;
}

export class CsvError extends Error {
  constructor(
    message: string,
    readonly line: number,
  ) {
    super(`line ${line}: ${message}`);
  }
}

/**
 * Rows of cells; a final line ending is optional. Line numbers in errors count physical lines, from
 * `firstLine` (a piece of a longer text, see rowPieces).
 */
export function parseCsv(text: string, firstLine = 1): Cell[][] {
  const rows: Cell[][] = [];
  let row: Cell[] = [];
  let line = firstLine;
  let i = 0;
  const n = text.length;
  if (n === 0) return rows;
  // Where the next quote and carriage return are: a line with neither is split natively, which is
  // most of a shard (100,000 rows are read per run); others take the field-by-field path below.
  let quote = text.indexOf('"');
  let cr = text.indexOf("\r");
  for (;;) {
    if (row.length === 0) {
      if (quote >= 0 && quote < i) quote = text.indexOf('"', i);
      if (cr >= 0 && cr < i) cr = text.indexOf("\r", i);
      let end = text.indexOf("\n", i);
      if (end < 0) end = n;
      if ((quote < 0 || quote > end) && (cr < 0 || cr > end)) {
        const cells: Cell[] = text.slice(i, end).split(",");
        for (let k = 0; k < cells.length; k++) if (cells[k] === "") cells[k] = undefined;
        rows.push(cells);
        line++;
        i = end + 1;
        if (i >= n) return rows;
        continue;
      }
    }
    let value: Cell;
    if (text[i] === '"') {
      // Quoted: everything up to the closing quote, "" standing for one quote; line breaks are data.
      let out = "";
      let j = i + 1;
      for (;;) {
        const q = text.indexOf('"', j);
        if (q < 0) throw new CsvError("a quoted field is not closed", line);
        out += text.slice(j, q);
        for (let k = j; k < q; k++) if (text[k] === "\n") line++;
        if (text[q + 1] === '"') {
          out += '"';
          j = q + 2;
        } else {
          i = q + 1;
          break;
        }
      }
      value = out;
      if (i < n && text[i] !== "," && text[i] !== "\n" && !(text[i] === "\r" && text[i + 1] === "\n"))
        throw new CsvError("text after a closing quote", line);
    } else {
      let j = i;
      while (j < n && text[j] !== "," && text[j] !== "\n" && text[j] !== "\r") j++;
      if (j < n && text[j] === "\r" && text[j + 1] !== "\n")
        throw new CsvError("a bare carriage return", line);
      const raw = text.slice(i, j);
      if (raw.includes('"')) throw new CsvError("a quote inside an unquoted field", line);
      value = raw === "" ? undefined : raw;
      i = j;
    }
    row.push(value);
    if (i >= n) {
      rows.push(row);
      return rows;
    }
    if (text[i] === ",") {
      i++;
      continue;
    }
    // A line ending: "\n" or "\r\n".
    i += text[i] === "\r" ? 2 : 1;
    line++;
    rows.push(row);
    row = [];
    if (i >= n) return rows;
  }
}

/**
 * Text that arrives in chunks (a stream's), regrouped into pieces that each end where a row ends, so
 * that each can be parsed alone: a chunk's whole rows are one piece (a slice of it, not a copy), and
 * a row that two chunks cut is a piece of its own. A line ending is known to end a row only while no
 * quote has been seen, since a quoted field may hold line breaks: from the first quote on, the rest
 * is one piece.
 */
export function rowPieces(chunks: Iterable<string>): string[] {
  const pieces: string[] = [];
  let rest = "";
  let quoted = false;
  for (const chunk of chunks) {
    quoted ||= chunk.includes('"');
    const first = quoted ? -1 : chunk.indexOf("\n");
    if (first < 0) {
      rest += chunk;
      continue;
    }
    pieces.push(rest + chunk.slice(0, first + 1));
    const last = chunk.lastIndexOf("\n");
    if (last > first) pieces.push(chunk.slice(first + 1, last + 1));
    rest = chunk.slice(last + 1);
  }
  if (rest !== "") pieces.push(rest);
  return pieces;
}
