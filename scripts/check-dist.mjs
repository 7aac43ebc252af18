// Proves dist/ is what the sources build: rebuilds into a temporary folder and compares byte for byte.
import { execFileSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import os from "node:os";
import path from "node:path";

function list(dir, prefix = "") {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    return statSync(full).isDirectory() ? list(full, `${prefix}${name}/`) : [`${prefix}${name}`];
  });
}

const tmp = mkdtempSync(path.join(os.tmpdir(), "aep-dist-"));
try {
  execFileSync(process.execPath, ["scripts/build.mjs", tmp], { stdio: "inherit" });
  const want = list(tmp).sort();
  const have = list("dist").sort();
  const problems = [];
  for (const f of new Set([...want, ...have])) {
    if (!want.includes(f)) problems.push(`dist/${f} is not built from the sources (remove it)`);
    else if (!have.includes(f)) problems.push(`dist/${f} is missing`);
    else if (!readFileSync(path.join(tmp, f)).equals(readFileSync(path.join("dist", f))))
      problems.push(`dist/${f} differs from a fresh build`);
  }
  if (problems.length > 0) {
    console.error(problems.join("\n"));
    console.error("dist/ is out of date: run 'npm run build' and commit dist/.");
    process.exit(1);
  }
  console.log(`dist/ matches the sources (${want.length} files).`);
} finally {
  rmSync(tmp, { recursive: true, force: true });
}
