// The GitHub stand-in in its own process, so that a benchmark's CPU time is the client's alone. Prints
// its URL; when its stdin closes it prints the requests that broke GitHub's OpenAPI description.
import { GitHubStandIn } from "../test/helpers/github-standin.js";

const gh = new GitHubStandIn();
await gh.start();
process.stdout.write(`${gh.url}\n`);
process.stdin.resume();
process.stdin.on("end", () => {
  // What the last tree written carried: files sent (changed) and deleted, and their bytes.
  const last = gh.requests.findLast((r) => r.method === "POST" && r.path.endsWith("/git/trees"));
  const tree = (last?.body as { tree?: { content?: string; sha?: null }[] } | undefined)?.tree ?? [];
  const sent = {
    changed: tree.filter((e) => e.content !== undefined).length,
    deleted: tree.filter((e) => e.sha === null).length,
    bytes: tree.reduce((n, e) => n + Buffer.byteLength(e.content ?? ""), 0),
  };
  process.stdout.write(
    `${JSON.stringify({ requests: gh.requests.length, violations: gh.violations, sent })}\n`,
  );
  process.exit(0);
});
