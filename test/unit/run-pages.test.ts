// listRuns' paging rules against a scripted Platform: which next-page links it follows with
// credentials, where it stops, and that it gives up (with an error) rather than read without end.
import { describe, expect, it } from "vitest";
import type { TokenSource } from "../../src/aep/auth.js";
import type { Http, HttpRequest } from "../../src/aep/http.js";
import { nextPagePath } from "../../src/aep/paging.js";
import { MAX_RUN_PAGES, PlatformClient, PlatformError } from "../../src/aep/platform.js";

const BASE = "https://platform.example.test";
const RUNS = "/data/foundation/flowservice/runs";

/** A client whose every GET is answered by `page(request number, url)`; the URLs it asked for. */
function scripted(page: (n: number, url: string) => unknown) {
  const urls: string[] = [];
  const http = {
    send: async (req: HttpRequest) => {
      urls.push(req.url);
      const body = page(urls.length, req.url);
      return { kind: "response", response: { status: 200, headers: {}, text: JSON.stringify(body) } };
    },
  } as unknown as Http;
  const tokens = { get: async () => "token", invalidate: () => false } as unknown as TokenSource;
  const client = new PlatformClient(http, tokens, { platformUrl: BASE, clientId: "c", orgId: "o" }, () => {});
  return { client, urls };
}

const run = (id: string, createdAt: number) => ({
  id,
  createdAt,
  metrics: { statusSummary: { status: "success" } },
});
const next = (href: string) => ({ next: { href } });

describe("listRuns follows _links.next.href", () => {
  it("stops at the page that reaches back past sinceMs, even when Platform ignored the filter", async () => {
    const { client, urls } = scripted(() => ({
      items: [run("r3", 3_000), run("r2", 2_000), run("r1", 1_000)],
      _links: next("/runs?continuationToken=more"),
    }));
    const runs = await client.listRuns("prod", "f", 2_000);
    expect(runs.map((r) => r.id)).toEqual(["r3", "r2"]);
    expect(urls).toHaveLength(1);
    expect(urls[0]).toContain("property=createdAt%3E%3D2000");
  });

  it("reads service-relative, host-relative and absolute links on the Platform URL", async () => {
    const links = [
      "/runs?continuationToken=a",
      `${RUNS}?continuationToken=b`,
      `${BASE}${RUNS}?continuationToken=c`,
    ];
    const { client, urls } = scripted((n) => ({
      items: [run(`r${n}`, 10_000 - n)],
      _links: n <= links.length ? next(links[n - 1]!) : {},
    }));
    expect((await client.listRuns("prod", "f")).map((r) => r.id)).toEqual(["r1", "r2", "r3", "r4"]);
    expect(urls.slice(1)).toEqual(["a", "b", "c"].map((t) => `${BASE}${RUNS}?continuationToken=${t}`));
  });

  it.each([
    ["another host", "https://evil.example.test/data/foundation/flowservice/runs?continuationToken=x"],
    ["a protocol-relative host", "//evil.example.test/runs?continuationToken=x"],
    ["plain http on the same host", `http://platform.example.test${RUNS}?continuationToken=x`],
    ["another endpoint", "/../../../ims/token/v3?x=1"],
  ])("never sends credentials to %s", async (_, href) => {
    const { client, urls } = scripted(() => ({ items: [run("r", 1)], _links: next(href) }));
    await expect(client.listRuns("prod", "f")).rejects.toThrow(
      /next page's link is not followed with credentials/,
    );
    expect(urls).toHaveLength(1);
  });

  it(`gives up with an error after ${MAX_RUN_PAGES} pages`, async () => {
    const { client, urls } = scripted((n) => ({
      items: [run(`r${n}`, 1e9 - n)],
      _links: next("/runs?t=again"),
    }));
    const error = await client.listRuns("prod", "f").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PlatformError);
    expect((error as Error).message).toContain(`more than ${MAX_RUN_PAGES} pages`);
    expect(urls).toHaveLength(MAX_RUN_PAGES);
  });

  it("keeps a base URL's path prefix", () => {
    expect(nextPagePath("https://gw.example.test/adobe", "/runs?t=1", RUNS)).toEqual({ path: `${RUNS}?t=1` });
    expect(nextPagePath("https://gw.example.test/adobe", `https://gw.example.test${RUNS}?t=1`, RUNS)).toEqual(
      {
        refused: `it points at ${RUNS}, not the listing it came from`,
      },
    );
  });
});
