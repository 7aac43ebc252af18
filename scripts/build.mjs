// Build: tsc (type-checked emit to build/) then ncc bundles the Action and the CLI into dist/.
// `node scripts/build.mjs OUTDIR` builds into another folder (used by the dist freshness check).
import { execFileSync } from "node:child_process";
import { rmSync } from "node:fs";
import path from "node:path";

const out = path.resolve(process.argv[2] ?? "dist");
const bin = (name) => path.resolve("node_modules/.bin", name);
const run = (cmd, args) => execFileSync(cmd, args, { stdio: ["ignore", "inherit", "inherit"] });

rmSync("build", { recursive: true, force: true });
run(bin("tsc"), ["-p", "tsconfig.build.json"]);
rmSync(out, { recursive: true, force: true });
run(bin("ncc"), ["build", "build/src/index.js", "-o", out, "--quiet", "--license", "licenses.txt"]);
run(bin("ncc"), ["build", "build/src/cli/index.js", "-o", path.join(out, "cli"), "--quiet"]);
