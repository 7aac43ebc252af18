// Runs a module in this process and reports its peak memory (max RSS) on stderr when the process exits,
// so a benchmark can measure a whole CLI run: node bench/measure-child.mjs dist/cli/index.js ARGS…
import path from "node:path";
import { pathToFileURL } from "node:url";

const [, , script, ...args] = process.argv;
process.argv = [process.argv[0], script, ...args];
process.on("exit", () => process.stderr.write(`\n@@maxrss-kib=${process.resourceUsage().maxRSS}\n`));
await import(pathToFileURL(path.resolve(script)).href);
