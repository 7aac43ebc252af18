// Where the Platform client connects, checked without loading it: the default endpoints, whether a
// base URL may carry credentials, and the proxy the environment names (settings read these first).
import type { HttpSettings } from "./http.js";

export const DEFAULT_PLATFORM_URL = "https://platform.adobe.io";
export const DEFAULT_IMS_URL = "https://ims-na1.adobelogin.com";

const LOOPBACK = /^(localhost|127(\.\d{1,3}){3}|\[::1\])$/i;

/**
 * Why an IMS or Platform base URL cannot be used, or undefined: it must parse, and use https —
 * plain http only on loopback (the simulator), since the client secret and tokens travel to it.
 */
export function endpointProblem(name: string, url: string): string | undefined {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return `${name} '${url}' is not a URL; give the scheme too, e.g. https://platform.adobe.io`;
  }
  if (parsed.protocol === "https:") return undefined;
  if (parsed.protocol === "http:" && LOOPBACK.test(parsed.hostname)) return undefined;
  return `${name} '${url}' is not https: credentials and tokens would travel in clear text (plain http is allowed on loopback only)`;
}

export function proxyFromEnv(env: Record<string, string | undefined>): HttpSettings["proxy"] {
  const httpsProxy = env.HTTPS_PROXY ?? env.https_proxy;
  const httpProxy = env.HTTP_PROXY ?? env.http_proxy;
  const noProxy = env.NO_PROXY ?? env.no_proxy;
  if (httpsProxy === undefined && httpProxy === undefined) return undefined;
  return {
    ...(httpsProxy ? { httpsProxy } : {}),
    ...(httpProxy ? { httpProxy } : {}),
    ...(noProxy ? { noProxy } : {}),
  };
}
