// What a failed HTTP exchange means: whether the request certainly never reached the server (so it
// may be sent again without risk), and a short description of the failure for people.

const NOT_SENT = new Set([
  "ECONNREFUSED",
  "ENOTFOUND",
  "EAI_AGAIN",
  "UND_ERR_CONNECT_TIMEOUT",
  "EHOSTUNREACH",
  "ENETUNREACH",
]);

function errorCode(error: unknown): string {
  const e = error as { code?: string; cause?: { code?: string } };
  return e.cause?.code ?? e.code ?? "";
}

/** The status a proxy answered a tunnel (CONNECT) with; undici reports it as an aborted request. */
function proxyRefusal(error: unknown): string | undefined {
  const e = error as { message?: unknown; cause?: { message?: unknown } };
  for (const m of [e.message, e.cause?.message])
    if (typeof m === "string") {
      const status = /^Proxy response \((\d{3})\) !== 200 when HTTP Tunneling/.exec(m)?.[1];
      if (status !== undefined) return status;
    }
  return undefined;
}

/** " to HOST:PORT" of a URL (never its user or query), or "" when there is none. */
const hostOf = (url: string | undefined): string => {
  if (url === undefined) return "";
  try {
    return ` to ${new URL(url).host}`;
  } catch {
    return "";
  }
};

/** Whether the request certainly never reached the server (it may be sent again without risk). */
export function notSent(error: unknown): boolean {
  return NOT_SENT.has(errorCode(error)) || proxyRefusal(error) !== undefined;
}

/** A failure as people read it; `url`: the request's, whose host a connection failure names (a typo shows). */
export function describeNetworkError(error: unknown, url?: string): string {
  const code = errorCode(error);
  const name = (error as { name?: string }).name;
  const proxy = proxyRefusal(error);
  if (proxy !== undefined)
    return `the proxy refused to connect to the server (HTTP ${proxy}); check HTTPS_PROXY and NO_PROXY, and the proxy's rules for this host`;
  if (name === "TimeoutError" || name === "AbortError") return "timed out waiting for the server";
  if (code === "UND_ERR_HEADERS_TIMEOUT" || code === "UND_ERR_BODY_TIMEOUT")
    return "timed out waiting for the server";
  if (code === "UND_ERR_SOCKET" || code === "ECONNRESET") return "the connection was closed before a reply";
  if (NOT_SENT.has(code)) return `could not connect${hostOf(url)} (${code})`;
  return `network error${code === "" ? "" : ` (${code})`}`;
}
