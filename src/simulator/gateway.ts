// The IMS token endpoint and the API gateway's checks in front of every Platform request, with their
// documented error bodies.
import { randomUUID } from "node:crypto";
import type { IncomingMessage } from "node:http";
import type { Send, SimContext } from "./context.js";

export function issueToken(sim: SimContext, body: string, send: Send): void {
  const form = new URLSearchParams(body);
  const id = form.get("client_id");
  const secret = form.get("client_secret");
  if (form.get("grant_type") !== "client_credentials" || !id || !secret) {
    return send(400, {
      error: "invalid_request",
      error_description: "grant_type, client_id and client_secret are required",
    });
  }
  const creds = sim.options.credentials;
  if (creds !== undefined && (creds.clientId !== id || creds.clientSecret !== secret)) {
    return send(401, {
      error: "invalid_client",
      error_description:
        sim.options.echoRequests === true
          ? `invalid client_secret parameter in ${body}`
          : "invalid client_secret parameter",
    });
  }
  const lifetime = sim.options.tokenLifetimeSeconds ?? 86_399;
  const token = `sim-${randomUUID()}`;
  sim.state.tokens.set(token, { expiresAt: sim.now() + lifetime * 1000, clientId: id });
  send(200, { access_token: token, token_type: "bearer", expires_in: lifetime });
}

function bearer(req: IncomingMessage): string {
  const authz = req.headers.authorization;
  return typeof authz === "string" && authz.startsWith("Bearer ") ? authz.slice(7) : "";
}

/**
 * The IMS client a request acts as: the one its token was issued to, as Platform reads it from the
 * token; for a token the simulator did not issue (any is accepted without `credentials`), the x-api-key.
 */
export function clientOf(sim: SimContext, req: IncomingMessage): string {
  return sim.state.tokens.get(bearer(req))?.clientId ?? String(req.headers["x-api-key"]);
}

/** The gateway's refusal of a request, or undefined when its headers pass. */
export function checkHeaders(
  sim: SimContext,
  req: IncomingMessage,
): { status: number; body: unknown } | undefined {
  const token = bearer(req);
  if (token === "")
    return { status: 401, body: { error_code: "401013", message: "Oauth token is not valid" } };
  const expires = sim.state.tokens.get(token)?.expiresAt;
  const issuedOnly = sim.options.credentials !== undefined;
  if ((expires !== undefined && expires <= sim.now()) || (expires === undefined && issuedOnly)) {
    return { status: 401, body: { error_code: "401013", message: "Oauth token is not valid" } };
  }
  if (!req.headers["x-api-key"])
    return { status: 403, body: { error_code: "403003", message: "Api Key is invalid" } };
  if (!req.headers["x-gw-ims-org-id"] || !req.headers["x-sandbox-name"]) {
    return { status: 400, body: { error_code: "400003", message: "Missing header" } };
  }
  return undefined;
}
