// One spelling per ID, wherever IDs are compared (plans, Platform's replies, the simulator). Pure.

/**
 * A UUID's hex digits in lowercase. A Platform-issued audience ID's prefix (before the last `_`) is
 * case-sensitive base64 and kept as written; only its UUID part is lowercased.
 */
export function canonicalId(id: string): string {
  const cut = id.lastIndexOf("_");
  return cut < 0 ? id.toLowerCase() : `${id.slice(0, cut + 1)}${id.slice(cut + 1).toLowerCase()}`;
}
