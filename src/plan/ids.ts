// One spelling per ID, wherever IDs are compared (plans, Platform's replies, the simulator). Pure.

/** A UUID (the only part of an ID whose case Platform ignores). */
const UUID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;

/**
 * A UUID's hex digits in lowercase. A Platform-issued audience ID's prefix (before the last `_`) is
 * case-sensitive base64 and kept as written; only its UUID part is lowercased. Any other ID (an
 * external audience's source ID, `extAud9001`) is kept as written.
 */
export function canonicalId(id: string): string {
  const cut = id.lastIndexOf("_");
  const tail = id.slice(cut + 1);
  return tail.length === 36 && UUID.test(tail) ? `${id.slice(0, cut + 1)}${tail.toLowerCase()}` : id;
}
