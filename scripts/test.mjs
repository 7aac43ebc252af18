// `npm test`: the type check, lint and format check side by side with the test suite (two cores,
// and each spends part of its time waiting). The suite streams its output; each check prints its
// own when it ends. Exits non-zero when any of them failed, naming which.
import { spawn } from "node:child_process";
import path from "node:path";

const bin = (name) => path.resolve("node_modules/.bin", name);
// Caches live in node_modules/.cache: a fresh clone (CI) checks everything, a second run only changes.
const checks = [
  // Build mode: when no input is newer than its build info (tsconfig.json), nothing is parsed again.
  ["type check", bin("tsc"), ["--build"]],
  ["lint", bin("eslint"), ["--cache", "--cache-location", "node_modules/.cache/eslint/", "."]],
  // metadata: a file whose mtime and size did not change is not read again (the content strategy reads
  // and hashes every file, five times slower here).
  ["format", bin("prettier"), ["--check", "--cache", "--cache-strategy", "metadata", "."]],
];

function run(label, cmd, args, stream) {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { stdio: stream ? "inherit" : ["ignore", "pipe", "pipe"] });
    let out = "";
    child.stdout?.on("data", (d) => (out += d));
    child.stderr?.on("data", (d) => (out += d));
    child.on("close", (code) => {
      if (!stream)
        process.stdout.write(`\n── ${label}: ${code === 0 ? "ok" : "FAILED"}\n${code === 0 ? "" : out}`);
      resolve({ label, code });
    });
  });
}

const results = await Promise.all([
  ...checks.map(([label, cmd, args]) => run(label, cmd, args, false)),
  run("tests", bin("vitest"), ["run", ...process.argv.slice(2)], true),
]);
const failed = results.filter((r) => r.code !== 0).map((r) => r.label);
if (failed.length > 0) {
  console.error(`\nnpm test failed: ${failed.join(", ")}.`);
  process.exit(1);
}
