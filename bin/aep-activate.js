#!/usr/bin/env node
// The `aep-activate` command. Plain JavaScript that any Node can parse: it checks the Node version
// against package.json's `engines.node` BEFORE loading the bundled CLI, because the bundle (undici
// among others) fails on an older Node with a stack trace from deep inside a dependency.
import { readFileSync } from "node:fs";

const pkg = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8"));
// `engines.node` is a plain floor such as ">=22.19" (a test keeps it that way).
const floor = /^>=\s*(\d+(?:\.\d+){0,2})$/.exec(pkg.engines.node.trim())[1];

function parts(version) {
  const p = version.replace(/^v/, "").split(".").map(Number);
  return [p[0] || 0, p[1] || 0, p[2] || 0];
}

function atLeast(version, minimum) {
  const a = parts(version);
  const b = parts(minimum);
  for (let i = 0; i < 3; i++) if (a[i] !== b[i]) return a[i] > b[i];
  return true;
}

if (!atLeast(process.versions.node, floor)) {
  process.stderr.write(
    `aep-activate needs Node.js ${floor} or newer (this is ${process.version}). Install a current Node LTS: https://nodejs.org\n`,
  );
  process.exit(2);
}

// The bundle runs the CLI when it is loaded. No top-level await, so that even a Node too old for it
// parses this file and gets the message above.
void import("../dist/cli/index.js");
