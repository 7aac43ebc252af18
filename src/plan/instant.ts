// Reading the plan format's date-times. Pure.

/**
 * An RFC 3339 date-time as epoch milliseconds. A leap second (`23:59:60`) is the last moment of its
 * minute (`Date.parse` gives NaN for it); anything else unreadable stays NaN for the caller to refuse.
 */
export function instant(text: string): number {
  return Date.parse(text.replace(/T(\d\d):(\d\d):60(\.\d+)?/i, "T$1:$2:59.999"));
}
