// Following a Flow Service list's `_links.next.href` without sending credentials anywhere else. Adobe's
// example href is relative to the service (`/connections?continuationToken=…`); a host-relative or an
// absolute one is read too. It is followed only when it stays under the configured Platform URL and
// names the listing it came from, since every request carries the token and the API key.

export const FLOW_SERVICE = "/data/foundation/flowservice";

/** The URL an href names, or undefined when it is no URL the client would build itself. */
function resolve(base: string, href: string): URL | undefined {
  try {
    if (/^[a-z][a-z0-9+.-]*:/i.test(href)) return new URL(href);
    if (href.startsWith("//") || !href.startsWith("/")) return undefined; // another host, or unanchored
    return new URL(href.startsWith(`${FLOW_SERVICE}/`) ? `${base}${href}` : `${base}${FLOW_SERVICE}${href}`);
  } catch {
    return undefined;
  }
}

/**
 * The path and query under `base` (the Platform URL, no trailing slash) to request for a next-page
 * href, or why it is not followed.
 */
export function nextPagePath(
  base: string,
  href: string,
  listPath: string,
): { path: string } | { refused: string } {
  const url = resolve(base, href);
  const root = new URL(base);
  const prefix = root.pathname.replace(/\/+$/, "");
  if (url === undefined) return { refused: "it is not a URL on the Platform API" };
  if (url.origin !== root.origin)
    return { refused: `it points at ${url.origin}, not the configured Platform URL` };
  const path = url.pathname.startsWith(`${prefix}/`) ? url.pathname.slice(prefix.length) : "";
  if (path !== listPath) return { refused: `it points at ${url.pathname}, not the listing it came from` };
  return { path: `${path}${url.search}` };
}
