// Entry point of the `aep-activate` CLI (bundled to dist/cli/index.js).
import { inertOutput } from "../render/inert.js";
import { main } from "./main.js";

const controller = new AbortController();
for (const sig of ["SIGINT", "SIGTERM"] as const) process.once(sig, () => controller.abort());

process.exitCode = await main(process.argv.slice(2), {
  stdout: (text) => process.stdout.write(`${inertOutput(text)}\n`),
  stderr: (text) => process.stderr.write(`${inertOutput(text)}\n`),
  cwd: process.cwd(),
  env: process.env,
  signal: controller.signal,
});
