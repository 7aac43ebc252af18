// The GitHub stand-in in its own process, so that a benchmark's CPU time is the client's alone. Prints
// its URL; when its stdin closes it prints the requests that broke GitHub's OpenAPI description.
import { GitHubStandIn } from "../test/helpers/github-standin.js";

const gh = new GitHubStandIn();
await gh.start();
process.stdout.write(`${gh.url}\n`);
process.stdin.resume();
process.stdin.on("end", () => {
  process.stdout.write(`${JSON.stringify({ requests: gh.requests.length, violations: gh.violations })}\n`);
  process.exit(0);
});
