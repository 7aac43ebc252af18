// Builds the Platform client from settings: HTTP (undici, proxy), IMS token source, Platform API.
import { Redactor } from "../redact.js";
import { TokenSource, type AepCredentials } from "./auth.js";
import { sleepUnless, type Clock } from "../clock.js";
import { Http, type HttpSettings } from "./http.js";
import { DEFAULT_MAX_CONCURRENT, type HttpStats } from "./traffic.js";
import { PlatformClient } from "./platform.js";

export interface PlatformSettings {
  platformUrl: string;
  imsUrl: string;
  credentials: AepCredentials;
  /** Defaults to DEFAULT_HTTP. */
  http?: HttpSettings;
  proxy?: HttpSettings["proxy"];
  /** Requests in flight at once to Platform (and to IMS), at most; DEFAULT_MAX_CONCURRENT unless set. */
  maxConcurrent?: number;
  /** The run's cancellation: no 429 pause or retry is waited out after it (see HttpDeps). */
  cancelled?: AbortSignal;
}

export const DEFAULT_HTTP: HttpSettings = {
  timeoutMs: 30_000,
  maxAttempts: 6,
  maxTotalWaitMs: 120_000,
  baseDelayMs: 500,
};

export function connectPlatform(
  settings: PlatformSettings,
  clock: Clock,
  registerSecret: (value: string) => void,
  log: (message: string) => void,
): { client: PlatformClient; close: () => Promise<void>; stats: HttpStats; limit: number } {
  const httpSettings = {
    ...(settings.http ?? DEFAULT_HTTP),
    ...(settings.proxy === undefined ? {} : { proxy: settings.proxy }),
    ...(settings.maxConcurrent === undefined ? {} : { maxConcurrent: settings.maxConcurrent }),
  };
  // Error bodies may echo the request (the form with the client secret, the bearer token): the
  // redactor learns each secret as the token source registers it (the credentials at construction).
  const redactor = new Redactor();
  const http = new Http(httpSettings, {
    sleep: (ms) =>
      settings.cancelled === undefined
        ? clock.sleep(ms)
        : sleepUnless(clock, ms, { deadline: Infinity, signal: settings.cancelled }),
    now: () => clock.now(),
    random: Math.random,
    log,
    redact: redactor.redact,
    ...(settings.cancelled === undefined ? {} : { cancelled: settings.cancelled }),
  });
  const tokens = new TokenSource(
    http,
    settings.imsUrl,
    settings.credentials,
    () => clock.now(),
    (secret) => {
      redactor.add(secret);
      registerSecret(secret);
    },
    log,
  );
  const client = new PlatformClient(
    http,
    tokens,
    {
      platformUrl: settings.platformUrl,
      clientId: settings.credentials.clientId,
      orgId: settings.credentials.orgId,
    },
    log,
  );
  return {
    client,
    close: () => http.close(),
    stats: http.stats,
    limit: httpSettings.maxConcurrent ?? DEFAULT_MAX_CONCURRENT,
  };
}

/** Credentials from the CLI's environment (the Action reads its inputs instead). */
export function credentialsFromEnv(env: Record<string, string | undefined>): AepCredentials | string {
  const clientId = env.AEP_CLIENT_ID?.trim();
  const orgId = env.AEP_ORG_ID?.trim();
  const clientSecret = env.AEP_CLIENT_SECRET?.trim();
  const accessToken = env.AEP_ACCESS_TOKEN?.trim();
  const missing = [
    ...(clientId ? [] : ["AEP_CLIENT_ID"]),
    ...(orgId ? [] : ["AEP_ORG_ID"]),
    ...(clientSecret || accessToken ? [] : ["AEP_CLIENT_SECRET (or AEP_ACCESS_TOKEN)"]),
  ];
  if (!clientId || !orgId || missing.length > 0) return `missing ${missing.join(", ")} in the environment`;
  return {
    clientId,
    orgId,
    ...(clientSecret ? { clientSecret } : {}),
    ...(accessToken ? { accessToken } : {}),
    ...(env.AEP_SCOPES ? { scopes: env.AEP_SCOPES } : {}),
  };
}
