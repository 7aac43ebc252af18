// One Platform client is a well-behaved neighbour on the org's shared limits: never more than
// `maxConcurrent` requests in flight (counted at the server), a 429 pauses every request of the
// client for its Retry-After (not only the one that met it), and every request is counted by kind.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { Http } from "../../src/aep/http.js";
import { kindOf } from "../../src/aep/traffic.js";
import { trafficLine } from "../../src/render/results-text.js";

let server: Server | undefined;
afterEach(
  () => new Promise<void>((resolve) => (server === undefined ? resolve() : server.close(() => resolve()))),
);

/** A server answering after `delayMs` (real time), counting requests in flight; `reply` picks the status. */
async function slowServer(
  delayMs: number,
  reply: (n: number) => { status: number; headers?: Record<string, string> },
) {
  let inFlight = 0;
  let peak = 0;
  let n = 0;
  const seen: number[] = [];
  server = createServer((_req, res) => {
    const i = n++;
    inFlight++;
    peak = Math.max(peak, inFlight);
    seen.push(i);
    setTimeout(() => {
      inFlight--;
      const r = reply(i);
      res.writeHead(r.status, { "content-type": "application/json", ...r.headers }).end("{}");
    }, delayMs);
  });
  await new Promise<void>((resolve) => server!.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    peak: () => peak,
    count: () => n,
  };
}

/** A client on a virtual clock: sleeping advances time at once, and every wait is recorded. */
function client(maxConcurrent: number) {
  let now = 1_000_000;
  const waits: number[] = [];
  const http = new Http(
    { timeoutMs: 5_000, maxAttempts: 3, maxTotalWaitMs: 60_000, baseDelayMs: 100, maxConcurrent },
    {
      sleep: async (ms) => {
        waits.push(ms);
        now += ms;
      },
      now: () => now,
      random: () => 0,
      log: () => {},
    },
  );
  return { http, waits };
}

describe("Platform traffic of one client", () => {
  it("keeps at most max-concurrent-requests in flight, counted at the server, whatever the caller fires at once", async () => {
    const s = await slowServer(30, () => ({ status: 200 }));
    const { http } = client(3);
    const results = await Promise.all(
      Array.from({ length: 24 }, (_, i) =>
        http.send({
          method: "GET",
          url: `${s.url}/data/foundation/flowservice/runs/run-${1e7 + i}`,
          headers: {},
          what: `run ${i}`,
        }),
      ),
    );
    await http.close();
    expect(results.every((r) => r.kind === "response" && r.response.status === 200)).toBe(true);
    expect(s.count()).toBe(24);
    expect(s.peak()).toBeLessThanOrEqual(3);
    expect(s.peak()).toBeGreaterThan(1); // it does run requests side by side
    expect([...http.stats.calls]).toEqual([["GET /data/foundation/flowservice/runs/{id}", 24]]);
  });

  it("a 429 with Retry-After pauses the whole client: a request made during the pause is not sent until it ends", async () => {
    const s = await slowServer(1, (i) =>
      i === 0 ? { status: 429, headers: { "retry-after": "2" } } : { status: 200 },
    );
    // A clock that moves only when the test says: sleeps wait until then.
    let now = 1_000_000;
    const sleeping: { until: number; wake: () => void }[] = [];
    const http = new Http(
      { timeoutMs: 5_000, maxAttempts: 3, maxTotalWaitMs: 60_000, baseDelayMs: 100 },
      {
        sleep: (ms) => new Promise<void>((wake) => sleeping.push({ until: now + ms, wake })),
        now: () => now,
        random: () => 0,
        log: () => {},
      },
    );
    const settle = () => new Promise((r) => setTimeout(r, 30));
    const first = http.send({ method: "GET", url: `${s.url}/a`, headers: {}, what: "a" });
    while (sleeping.length === 0) await settle(); // a met its 429 and waits its Retry-After
    const second = http.send({ method: "GET", url: `${s.url}/b`, headers: {}, what: "b" });
    await settle();
    expect(s.count()).toBe(1); // b is held by the pause, not sent into it
    expect(sleeping.map((x) => x.until - now)).toEqual([2_000, 2_000]);
    now += 2_000;
    for (const x of sleeping.splice(0)) x.wake();
    const [a, b] = await Promise.all([first, second]);
    await http.close();
    expect([a, b].map((r) => r.kind === "response" && r.response.status)).toEqual([200, 200]);
    expect(s.count()).toBe(3);
    expect(http.stats.pausedMs).toBe(2_000);
  });

  it("a Retry-After longer than a request may wait fails that request alone; the pause it sets is capped", async () => {
    const s = await slowServer(1, (i) =>
      i === 0 ? { status: 429, headers: { "retry-after": "3600" } } : { status: 200 },
    );
    const { http, waits } = client(8);
    const first = await http.send({ method: "GET", url: `${s.url}/a`, headers: {}, what: "a" });
    expect(first.kind === "response" && first.response.status).toBe(429); // not waited out: over 60 s
    const second = await http.send({ method: "GET", url: `${s.url}/b`, headers: {}, what: "b" });
    expect(second.kind === "response" && second.response.status).toBe(200);
    await http.close();
    expect(Math.max(0, ...waits)).toBeLessThanOrEqual(60_000); // maxTotalWaitMs, never the hour
  });

  it("names each kind of request once, with IDs as {id}, and says it in one line", () => {
    expect(
      kindOf(
        "GET",
        "https://platform.adobe.io/data/foundation/flowservice/flows/3f1e2c4d-aaaa-bbbb-cccc-0123456789ab",
      ),
    ).toBe("GET /data/foundation/flowservice/flows/{id}");
    expect(kindOf("POST", "https://ims-na1.adobelogin.com/ims/token/v3")).toBe("POST /ims/token/v3");
    expect(
      trafficLine({
        calls: [
          ["GET /data/foundation/flowservice/runs/{id}", 12],
          ["POST /ims/token/v3", 1],
        ],
        limit: 8,
        pausedMs: 3_000,
      }),
    ).toBe(
      "Platform calls: 13, at most 8 in flight at once; 429s paused requests for 3 s in all: 12 GET /data/foundation/flowservice/runs/{id} · 1 POST /ims/token/v3.",
    );
    expect(trafficLine(undefined)).toBeUndefined();
  });
});
