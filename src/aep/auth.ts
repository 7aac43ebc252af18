// Adobe IMS OAuth Server-to-Server: client credentials → access token, renewed before it expires
// (also in the middle of a long run); or a ready access token. Every secret is registered for masking.
import type { Http } from "./http.js";

export const DEFAULT_SCOPES =
  "openid,session,AdobeID,read_organizations,additional_info.projectedProductContext";

export interface AepCredentials {
  clientId: string;
  orgId: string;
  clientSecret?: string;
  accessToken?: string;
  scopes?: string;
}

export class AuthError extends Error {
  constructor(
    message: string,
    /** The credentials were refused (or are missing): asking again will not help, unlike an unreachable IMS. */
    readonly refused = true,
  ) {
    super(message);
  }
}

export class TokenSource {
  private token: string | undefined;
  private expiresAt = 0;
  private lifetimeMs = 0;
  private renewing: Promise<string> | undefined;

  constructor(
    private readonly http: Http,
    private readonly imsUrl: string,
    private readonly credentials: AepCredentials,
    private readonly now: () => number,
    private readonly registerSecret: (value: string) => void,
    private readonly log: (message: string) => void,
  ) {
    if (credentials.clientSecret !== undefined) registerSecret(credentials.clientSecret);
    if (credentials.accessToken !== undefined) registerSecret(credentials.accessToken);
  }

  /** A valid token, renewed when less than a tenth of its life (at least a minute) is left. */
  async get(): Promise<string> {
    if (this.credentials.accessToken !== undefined) return this.credentials.accessToken;
    const margin = Math.max(60_000, this.lifetimeMs / 10);
    if (this.token !== undefined && this.now() < this.expiresAt - Math.min(margin, this.lifetimeMs / 2))
      return this.token;
    // Callers that find the token stale together share one request to IMS.
    if (this.renewing === undefined) {
      if (this.token !== undefined)
        this.log("The access token is about to expire; requesting a new one from IMS.");
      this.renewing = this.fetchToken().finally(() => (this.renewing = undefined));
    }
    return this.renewing;
  }

  /** Forget the token after Platform said it is not valid, so the next call requests a new one. */
  invalidate(): boolean {
    if (this.credentials.accessToken !== undefined) return false;
    this.token = undefined;
    return true;
  }

  private async fetchToken(): Promise<string> {
    const { clientId, clientSecret } = this.credentials;
    if (clientSecret === undefined)
      throw new AuthError("no client secret and no access token: cannot authenticate");
    const body = new URLSearchParams({
      grant_type: "client_credentials",
      client_id: clientId,
      client_secret: clientSecret,
      scope: this.credentials.scopes ?? DEFAULT_SCOPES,
    }).toString();
    const outcome = await this.http.send({
      method: "POST",
      url: `${this.imsUrl.replace(/\/+$/, "")}/ims/token/v3`,
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body,
      what: "IMS token request",
    });
    if (outcome.kind !== "response") throw new AuthError(`could not reach IMS: ${outcome.reason}`, false);
    const { status, text } = outcome.response;
    let json: { access_token?: string; expires_in?: number; error?: string; error_description?: string } = {};
    try {
      json = JSON.parse(text) as typeof json;
    } catch {
      // handled below
    }
    if (status !== 200 || typeof json.access_token !== "string") {
      const detail = json.error_description ?? json.error ?? `HTTP ${status}`;
      throw new AuthError(
        `IMS refused the client credentials (${detail}). Check client-id and client-secret of the OAuth Server-to-Server credential in the Adobe Developer Console.`,
      );
    }
    this.registerSecret(json.access_token);
    this.token = json.access_token;
    this.lifetimeMs = (json.expires_in ?? 3600) * 1000; // seconds (the retired JWT exchange used ms)
    this.expiresAt = this.now() + this.lifetimeMs;
    return this.token;
  }
}
