// The IMS token source: one renewal in flight however many callers find the token stale at once.
import { describe, expect, it } from "vitest";
import { TokenSource, AuthError } from "../../src/aep/auth.js";
import type { Http, HttpRequest } from "../../src/aep/http.js";

function fakeIms(reply: () => { status: number; text: string }) {
  const sent: HttpRequest[] = [];
  const http = {
    send: async (req: HttpRequest) => {
      sent.push(req);
      await new Promise((r) => setTimeout(r, 5)); // IMS takes a moment: the callers overlap
      return { kind: "response", response: { ...reply(), headers: {} } };
    },
  } as unknown as Http;
  return { http, sent };
}

const credentials = { clientId: "c", clientSecret: "s3cret-value", orgId: "O@AdobeOrg" };

describe("TokenSource", () => {
  it("callers that need a token together share one request to IMS, and its answer", async () => {
    let n = 0;
    const ims = fakeIms(() => ({
      status: 200,
      text: JSON.stringify({ access_token: `tok-${++n}`, expires_in: 3600 }),
    }));
    let now = 0;
    const tokens = new TokenSource(
      ims.http,
      "https://ims.example",
      credentials,
      () => now,
      () => {},
      () => {},
    );
    expect(await Promise.all([1, 2, 3, 4, 5].map(() => tokens.get()))).toEqual(Array(5).fill("tok-1"));
    expect(ims.sent).toHaveLength(1);
    now = 3_600_000; // expired: the next burst renews once
    expect(await Promise.all([1, 2, 3].map(() => tokens.get()))).toEqual(Array(3).fill("tok-2"));
    expect(ims.sent).toHaveLength(2);
  });

  it("a refused renewal fails every waiting caller with one request, and the next call asks again", async () => {
    const ims = fakeIms(() => ({ status: 401, text: JSON.stringify({ error: "invalid_client" }) }));
    const tokens = new TokenSource(
      ims.http,
      "https://ims.example",
      credentials,
      () => 0,
      () => {},
      () => {},
    );
    const results = await Promise.allSettled([tokens.get(), tokens.get(), tokens.get()]);
    expect(results.map((r) => r.status)).toEqual(["rejected", "rejected", "rejected"]);
    expect(results.every((r) => r.status === "rejected" && r.reason instanceof AuthError)).toBe(true);
    expect(ims.sent).toHaveLength(1);
    await expect(tokens.get()).rejects.toThrow(/IMS refused the client credentials/);
    expect(ims.sent).toHaveLength(2);
  });
});
