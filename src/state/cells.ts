// How a record's dates and lists are written in a CSV cell, and read back exactly. Pure.
import type { Cell } from "./csv.js";

/** A shard (or one of its cells) that does not read back as it was written. */
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
export const iso = (ms: number | undefined): Cell =>
  ms === undefined
    ? undefined
    : Number.isInteger(ms) && !Object.is(ms, -0) && Math.abs(ms) <= 8.64e15
      ? isoString(ms)
      : Object.is(ms, -0)
        ? "-0"
        : String(ms); // not a date in milliseconds: kept as the number it is
export const fromIso = (cell: Cell): number | undefined =>
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
export const list = (xs: string[] | undefined): Cell =>
  xs === undefined ? undefined : xs.length === 1 ? item(xs[0] ?? "") : xs.map(item).join(" ");
export const unlist = (cell: Cell): string[] | undefined =>
  cell === undefined
    ? undefined
    : cell === ""
      ? []
      : cell.includes(" ")
        ? cell.split(" ").map(unitem)
        : [unitem(cell)];
