// One spelling per ID, wherever IDs are compared (plans, Platform's replies, the simulator). Pure.

/** Hex digits and dashes: a UUID, or a UUID-shaped part of an ID. */
const HEX = /^[0-9a-fA-F-]+$/;

/**
 * A UUID's hex digits in lowercase. A Platform-issued audience ID's prefix (before the last `_`) is
 * case-sensitive base64 and kept as written; only its UUID part is lowercased. Any other ID (an
 * external audience's source ID, `extAud9001`) is kept as written.
 */
export function canonicalId(id: string): string {
  const cut = id.lastIndexOf("_");
  const tail = id.slice(cut + 1);
  return HEX.test(tail) ? `${id.slice(0, cut + 1)}${tail.toLowerCase()}` : id;
}
