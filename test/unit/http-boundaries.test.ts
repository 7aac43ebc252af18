// The HTTP client at its edges. A proxy that refuses the tunnel (403 to CONNECT, as corporate proxies
// answer hosts they do not allow) is named as such, never reported as a timeout, and counts as not
// sent: a submission through it fails (nothing reached Platform) instead of becoming unknown. An
// error body is cut at 64 KiB only after it was redacted: a secret across the cut leaves no prefix.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { ERROR_BODY_BYTES, Http } from "../../src/aep/http.js";
import { Redactor } from "../../src/redact.js";

let proxy: Server | undefined;
afterEach(
  () => new Promise<void>((resolve) => (proxy === undefined ? resolve() : proxy.close(() => resolve()))),
);

/** An HTTP proxy that answers every CONNECT with `status`, and counts them. */
async function refusingProxy(status: number): Promise<{ url: string; connects: () => number }> {
  let connects = 0;
  proxy = createServer((_req, res) => res.writeHead(status).end());
  proxy.on("connect", (_req, socket) => {
    connects++;
    socket.end(`HTTP/1.1 ${status} Forbidden\r\nContent-Length: 0\r\n\r\n`);
  });
  await new Promise<void>((resolve) => proxy!.listen(0, "127.0.0.1", resolve));
  return { url: `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`, connects: () => connects };
}

const http = (httpsProxy: string, logged: string[]) =>
  new Http(
    { timeoutMs: 5_000, maxAttempts: 2, maxTotalWaitMs: 10, baseDelayMs: 1, proxy: { httpsProxy } },
    { sleep: async () => {}, now: () => 0, random: () => 0, log: (m) => logged.push(m) },
  );

describe("a proxy that refuses the tunnel", () => {
  it("is named with its status, not reported as a timeout; a submission through it is failed, not unknown", async () => {
    const p = await refusingProxy(403);
    const logged: string[] = [];
    const client = http(p.url, logged);
    const url = "https://platform.example.invalid/data/core/activation/disflowprovider/adhocrun";
    const read = await client.send({ method: "GET", url, headers: {}, what: "reading dataflow d" });
    expect(read).toEqual({
      kind: "failed",
      reason: expect.stringMatching(
        /^reading dataflow d: the proxy refused to connect to the server \(HTTP 403\); check HTTPS_PROXY/,
      ),
    });
    expect(JSON.stringify(read)).not.toContain("timed out");
    const submit = await client.send(
      { method: "POST", url, headers: {}, body: "{}", what: "submitting job 1" },
      "submit",
    );
    expect(submit.kind).toBe("failed");
    expect(p.connects()).toBeGreaterThanOrEqual(3);
    expect(logged.join("\n")).not.toContain("timed out");
  });
});

describe("an error body longer than what is kept", () => {
  it("is redacted before it is cut: a secret across the cut leaves no piece of itself", async () => {
    const secret = "s3cr3t-0123456789abcdefghijklmnopqrstuvwxyz";
    const body = `${"x".repeat(ERROR_BODY_BYTES - 10)}${secret} and more text after it`;
    const server = createServer((_req, res) => res.writeHead(500).end(body));
    proxy = server; // closed after the test
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const redactor = new Redactor();
    redactor.add(secret);
    const client = new Http(
      { timeoutMs: 5_000, maxAttempts: 1, maxTotalWaitMs: 0, baseDelayMs: 1 },
      { sleep: async () => {}, now: () => 0, random: () => 0, log: () => {}, redact: redactor.redact },
    );
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/x`;
    const out = await client.send({ method: "GET", url, headers: {}, what: "reading x" });
    expect(out.kind).toBe("response");
    const text = out.kind === "response" ? out.response.text : "";
    expect(Buffer.byteLength(text)).toBeLessThanOrEqual(ERROR_BODY_BYTES);
    expect(text).toContain(`${"x".repeat(10)}*** and`); // the secret replaced whole, then the cut
    for (let n = 4; n <= secret.length; n++) expect(text).not.toContain(secret.slice(0, n));
  });
});
