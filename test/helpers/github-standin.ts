// A local stand-in for the GitHub REST API: issue comments, commit → pull request lookups, check runs
// and the Git data API (refs, commits, trees, blobs) over an in-memory object store.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach } from "vitest";
import { checkGitHubRequest } from "./github-openapi.js";
import { GitObjects, type Answer } from "./git-objects.js";

export interface Recorded {
  method: string;
  path: string;
  body: unknown;
  status: number;
}

const servers: Server[] = [];
// Outside vitest (the benchmarks run it in a child process) there is no test to clean up after.
if (process.env.VITEST !== undefined)
  afterEach(async () => {
    while (servers.length > 0) await new Promise((r) => servers.pop()!.close(r));
  });

export class GitHubStandIn {
  url = "";
  readonly requests: Recorded[] = [];
  /** Requests that do not conform to GitHub's OpenAPI description (tests expect none). */
  readonly violations: string[] = [];
  readonly comments = new Map<number, { id: number; body: string }[]>();
  /** merge commit SHA → PR number */
  readonly pulls = new Map<string, number>();
  readOnly = false;
  /** When set, listing a PR's comments answers with this status (e.g. 500). */
  commentsStatus: number | undefined;
  /** Check runs by ID: the rerun ledger lives in one. */
  readonly checkRuns = new Map<
    number,
    {
      id: number;
      name: string;
      head_sha: string;
      status?: string;
      conclusion?: string;
      output: { title?: string; summary?: string; text?: string };
    }
  >();
  private nextId = 1000;
  /** The repository's git objects and refs (the state branch lives here). */
  readonly git = new GitObjects();
  /** When set, a ruleset refuses creating or updating this branch (as GitHub answers a rule violation). */
  protectedBranch: string | undefined;
  /** When set, every Git data API read answers with this status (e.g. 500). */
  gitReadStatus: number | undefined;
  /** GitHub truncates a recursive tree listing over its limits; tests lower the limit. */
  truncateTreesOver = Infinity;

  /** The files on a branch (path → text) as people browsing it see them; empty when there is no branch. */
  branchFiles(branch = "aep-activation-state"): Map<string, string> {
    const files = new Map<string, string>();
    const tip = this.git.refs.get(`refs/heads/${branch}`);
    const tree = tip === undefined ? undefined : this.git.commits.get(tip)?.tree;
    for (const e of tree === undefined ? [] : this.git.walk(tree))
      if (e.type === "blob") files.set(e.path, this.git.blobs.get(e.sha)?.toString("utf8") ?? "");
    return files;
  }

  async start(): Promise<void> {
    const server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on("data", (c: Buffer) => chunks.push(c));
      req.on("end", () => {
        const text = Buffer.concat(chunks).toString("utf8");
        const body: unknown = text === "" ? undefined : JSON.parse(text);
        const url = new URL(req.url ?? "/", "http://x");
        this.violations.push(...checkGitHubRequest(req.method ?? "GET", url.pathname + url.search, body));
        const send = (status: number, payload: unknown) => {
          this.requests.push({ method: req.method ?? "", path: url.pathname + url.search, body, status });
          res.writeHead(status, { "content-type": "application/json" });
          res.end(JSON.stringify(payload));
        };
        let m: RegExpExecArray | null;
        if ((m = /^\/repos\/[^/]+\/[^/]+\/git\/(.+)$/.exec(url.pathname))) {
          const [status, payload] = this.gitRoute(req.method ?? "GET", decodeURIComponent(m[1]!), url, body);
          // A blob asked for with the raw media type: its bytes, as GitHub sends them.
          const blob = payload as { content?: string; encoding?: string };
          if (
            status === 200 &&
            /^blobs\//.test(decodeURIComponent(m[1]!)) &&
            /application\/vnd\.github(\.v3)?\.raw/.test(req.headers.accept ?? "") &&
            blob.encoding === "base64"
          ) {
            this.requests.push({ method: "GET", path: url.pathname + url.search, body, status });
            res.writeHead(200, { "content-type": "application/vnd.github.raw" });
            return res.end(Buffer.from(blob.content ?? "", "base64"));
          }
          return send(status, payload);
        }
        if ((m = /^\/repos\/[^/]+\/[^/]+\/issues\/(\d+)\/comments$/.exec(url.pathname))) {
          const pr = Number(m[1]);
          const list = this.comments.get(pr) ?? [];
          if (req.method === "GET" && this.commentsStatus !== undefined)
            return send(this.commentsStatus, { message: "Server Error" });
          if (req.method === "GET")
            return send(
              200,
              list.map((c) => ({ id: c.id, body: c.body })),
            );
          if (this.readOnly) return send(403, { message: "Resource not accessible by integration" });
          const comment = { id: this.nextId++, body: (body as { body: string }).body };
          this.comments.set(pr, [...list, comment]);
          return send(201, comment);
        }
        if (
          (m = /^\/repos\/[^/]+\/[^/]+\/issues\/comments\/(\d+)$/.exec(url.pathname)) &&
          req.method === "PATCH"
        ) {
          if (this.readOnly) return send(403, { message: "Resource not accessible by integration" });
          for (const list of this.comments.values()) {
            const c = list.find((x) => x.id === Number(m![1]));
            if (c !== undefined) {
              c.body = (body as { body: string }).body;
              return send(200, c);
            }
          }
          return send(404, { message: "Not Found" });
        }
        if (
          (m = /^\/repos\/[^/]+\/[^/]+\/commits\/([^/]+)\/check-runs$/.exec(url.pathname)) &&
          req.method === "GET"
        ) {
          const name = url.searchParams.get("check_name");
          const runs = [...this.checkRuns.values()]
            .filter((c) => c.head_sha === m![1] && (name === null || c.name === name))
            .sort((a, b) => b.id - a.id);
          return send(200, { total_count: runs.length, check_runs: runs });
        }
        if (/^\/repos\/[^/]+\/[^/]+\/check-runs$/.test(url.pathname) && req.method === "POST") {
          const b = body as {
            name: string;
            head_sha: string;
            status?: string;
            conclusion?: string;
            output: { text?: string };
          };
          const run = {
            id: this.nextId++,
            name: b.name,
            head_sha: b.head_sha,
            output: b.output,
            ...(b.status ? { status: b.status } : {}),
            ...(b.conclusion ? { conclusion: b.conclusion } : {}),
          };
          this.checkRuns.set(run.id, run);
          return send(201, run);
        }
        if ((m = /^\/repos\/[^/]+\/[^/]+\/check-runs\/(\d+)$/.exec(url.pathname)) && req.method === "PATCH") {
          const run = this.checkRuns.get(Number(m[1]));
          if (run === undefined) return send(404, { message: "Not Found" });
          Object.assign(run, body);
          return send(200, run);
        }
        if ((m = /^\/repos\/[^/]+\/[^/]+\/commits\/([0-9a-f]+)\/pulls$/.exec(url.pathname))) {
          const pr = this.pulls.get(m[1]!);
          return send(200, pr === undefined ? [] : [{ number: pr, merge_commit_sha: m[1] }]);
        }
        send(404, { message: "Not Found" });
      });
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", () => r()));
    servers.push(server);
    this.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  }

  private gitRoute(method: string, rest: string, url: URL, body: unknown): Answer {
    const git = this.git;
    if (method === "GET" && this.gitReadStatus !== undefined)
      return [this.gitReadStatus, { message: "Server Error" }];
    if (method !== "GET" && this.readOnly)
      return [403, { message: "Resource not accessible by integration" }];
    const refused = (ref: string): Answer | undefined =>
      this.protectedBranch !== undefined && ref === `refs/heads/${this.protectedBranch}`
        ? [
            422,
            {
              message: "Repository rule violations found\n\nCannot update this protected ref.\n\n",
              status: "422",
            },
          ]
        : undefined;
    let m: RegExpExecArray | null;
    if (method === "GET" && (m = /^ref\/(.+)$/.exec(rest))) return git.getRef(`refs/${m[1]}`);
    if (method === "PATCH" && (m = /^refs\/(.+)$/.exec(rest))) {
      const b = body as { sha: string; force?: boolean };
      return refused(`refs/${m[1]}`) ?? git.updateRef(`refs/${m[1]}`, b.sha, b.force ?? false);
    }
    if (method === "POST" && rest === "refs") {
      const b = body as { ref: string; sha: string };
      return refused(b.ref) ?? git.createRef(b.ref, b.sha);
    }
    if (method === "GET" && (m = /^commits\/([0-9a-f]+)$/.exec(rest))) return git.getCommit(m[1]!);
    if (method === "POST" && rest === "commits")
      return git.createCommit(body as Parameters<GitObjects["createCommit"]>[0]);
    if (method === "GET" && (m = /^trees\/([0-9a-f]+)$/.exec(rest)))
      return git.getTree(m[1]!, url.searchParams.has("recursive"), this.truncateTreesOver);
    if (method === "POST" && rest === "trees")
      return git.createTree(body as Parameters<GitObjects["createTree"]>[0]);
    if (method === "GET" && (m = /^blobs\/([0-9a-f]+)$/.exec(rest))) return git.getBlob(m[1]!);
    return [404, { message: "Not Found" }];
  }
}
