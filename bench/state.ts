// Benchmark: the GitHub home of the activation state with 100,000 pairs in one key (2,000 plans × 50
// pairs, recorded by 100 merges of 20 plans), against the GitHub stand-in running in its own process.
// A run reads what one merge's 20 plans need, changes their 1,000 records (1%) and writes the key
// back; then the worst case, a whole read and 1% spread over every plan. CPU time of this process
// (the client), GitHub requests, and the sizes that GitHub's limits bound.
import { spawn } from "node:child_process";
import { createInterface } from "node:readline";
import { createGitHubClient } from "../src/github/client.js";
import { GitHubStateStore } from "../src/github/state-store.js";
import { COMMITS_FILE, encodeShards, SHARD_BYTES } from "../src/state/shards.js";
import {
  requestId,
  type ActivationState,
  type PairRecord,
  type ReadScope,
  type StateKey,
} from "../src/state/types.js";
import { row, uuidFor } from "./lib.js";

const PLANS = 2_000;
const PER_PLAN = 50;
const KEY: StateKey = { org: "BENCH0123456789@AdobeOrg", sandbox: "prod", stepKey: "" };

function makeState(): ActivationState {
  const records = new Map<string, PairRecord>();
  // A merge commit per 20 plans: the records of 100 merges.
  const commitOf = (p: number) =>
    uuidFor(`bench-commit-${Math.floor(p / 20)}`)
      .replace(/-/g, "")
      .padEnd(40, "0");
  const dests = Array.from({ length: 5 }, (_, i) => uuidFor(`state-bench-d${i}`));
  for (let p = 0; p < PLANS; p++) {
    for (let k = 0; k < PER_PLAN; k++) {
      const r: PairRecord = {
        commit: commitOf(p),
        plan: `activation-plans/team-${p % 20}/campaign-${p}.yaml`,
        destination: dests[k % dests.length]!,
        audience: uuidFor(`state-bench-a${p}-${k}`),
        review: { pr: 1000 + (p % 300), hash: `sha256:${uuidFor(`h${p}`).replace(/-/g, "").repeat(2)}` },
        state: "succeeded",
        job: uuidFor(`state-bench-job${p}`),
        intentAt: 1_760_000_000_000 + p * 1000,
        client: "aep-activation-plans/0.1.0",
        runIds: [uuidFor(`state-bench-run${p}-${k}`)],
        code: "succeeded",
        attempts: 1,
        updatedAt: 1_760_000_060_000 + p * 1000,
      };
      records.set(requestId(r.commit, r.destination, r.audience), r);
    }
  }
  return { key: KEY, lock: { holder: "run-1", until: 1_760_000_600_000 }, records };
}

async function startStandIn() {
  const child = spawn(process.execPath, ["--import", "tsx", "bench/standin-child.ts"], {
    stdio: ["pipe", "pipe", "inherit"],
  });
  const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
  const url = (await lines.next()).value as string;
  return {
    url,
    stop: async () => {
      child.stdin.end();
      return JSON.parse((await lines.next()).value as string) as {
        violations: string[];
        sent: { changed: number; deleted: number; bytes: number };
      };
    },
  };
}

export async function benchState(): Promise<void> {
  const standIn = await startStandIn();
  let requests = 0;
  const client = () => {
    const gh = createGitHubClient("bench-token", standIn.url, () => {}, { pace: false });
    gh.hook.before("request", () => void requests++);
    return gh;
  };
  const repo = { owner: "bench", repo: "state" };
  const first = makeState();
  const files = encodeShards(first);
  const sizes = [...files].filter(([n]) => n.endsWith(".csv")).map(([, c]) => Buffer.byteLength(c));
  const total = [...files.values()].reduce((n, c) => n + Buffer.byteLength(c), 0);
  await new GitHubStateStore(client(), repo).write(first, undefined);
  const seeded = requests;

  // The measured runs: a new store (nothing cached), as a new workflow run would start. First what a
  // run does: it reconciles the pairs of its commit, here 1,000 records (1%) in 20 plans, writing as
  // a session does (the lock, the intents, the replies, the outcomes with the lock given back); then
  // the worst case, 1% of the records spread over every plan in one write, which rewrites nearly
  // every shard.
  const measure = async (
    pick: (r: { plan: string }, i: number) => boolean,
    steps: ((state: ActivationState, picked: PairRecord[]) => void)[],
    scope?: ReadScope,
  ) => {
    requests = 0;
    global.gc?.();
    const cpu = process.cpuUsage();
    const started = performance.now();
    const store = new GitHubStateStore(client(), repo);
    const snap = await store.read(KEY, scope);
    const state = snap.state!;
    let version = snap.version;
    const readRequests = requests;
    const readCpu = process.cpuUsage(cpu);
    const picked = [...state.records.values()].filter((r, i) => pick(r, i));
    for (const step of steps) {
      step(state, picked);
      version = await store.write(state, version);
    }
    return {
      used: process.cpuUsage(cpu),
      wall: performance.now() - started,
      readRequests,
      writeRequests: requests - readRequests,
      readCpu,
      changed: picked.length,
      writes: steps.length,
    };
  };
  const each = (change: (r: PairRecord) => void) => (_state: ActivationState, picked: PairRecord[]) => {
    for (const r of picked) change(r);
  };
  const ended = each((r) => {
    r.state = "failed";
    r.code = "DESTINATION_REJECTED";
    r.attempts++;
    r.updatedAt += 3_600_000;
  });
  // A run (a rerun of one merge's run) knows its commit and plans before it reads: it reads their
  // shards only (a scoped read), and those the index names for its commit (the same here).
  const commit = [...first.records.values()][0]!.commit;
  const touched = new Set([...first.records.values()].filter((r) => r.commit === commit).map((r) => r.plan));
  const run = await measure(
    (r) => touched.has(r.plan),
    [
      (state) => void (state.lock = { holder: "bench-run", until: 1_760_000_900_000 }),
      each((r) => Object.assign(r, { state: "intent", intentAt: r.updatedAt + 1000 })),
      each((r) => (r.state = "submitted")),
      (state, picked) => {
        ended(state, picked);
        delete state.lock;
      },
    ],
    { commit, plans: touched },
  );
  const { used, wall, readRequests, readCpu, changed } = await measure((_r, i) => i % 100 === 0, [ended]);
  const runCpuMs = (run.used.user + run.used.system) / 1000;
  const { violations, sent } = await standIn.stop();
  const cpuMs = (used.user + used.system) / 1000;
  console.log(
    `state: ${PLANS.toLocaleString("en")} plans × ${PER_PLAN} pairs = ${first.records.size.toLocaleString("en")} records in one key on the state branch (stand-in in its own process)`,
  );
  row(
    "a run: read, reconcile its 20 plans, 4 writes: CPU",
    `${(runCpuMs / 1000).toFixed(2)} s`,
    `< 2 s CPU (${run.changed} records changed; ${run.readRequests} + ${run.writeRequests} GitHub requests: lock, intents, replies, outcomes; reads only its plans' shards)`,
  );
  row(
    "worst case: 1% spread over every plan: CPU",
    `${(cpuMs / 1000).toFixed(2)} s`,
    `(${changed} records changed; rewrites nearly every shard)`,
  );
  row("  of which read and decode", `${((readCpu.user + readCpu.system) / 1e6).toFixed(2)} s`);
  row("  wall time (local stand-in)", `${(wall / 1000).toFixed(2)} s`);
  row(
    "  GitHub requests: read",
    `${readRequests}`,
    `ref + the commit's tree + ${files.size - 1} blobs (all but ${COMMITS_FILE})`,
  );
  row("  GitHub requests: write", `${requests - readRequests}`, "tree + commit + ref (3 content-creating)");
  row(
    "  files the write sent",
    `${sent.changed} of ${files.size - 1}`,
    `shards (${(sent.bytes / 1048576).toFixed(1)} MiB); 1% spread over plans touches most`,
  );
  row("  first write (creates the branch)", `${seeded} requests`);
  row(
    "shards",
    `${sizes.length}`,
    `N = ${/-of-(\d+)/.exec([...files.keys()].find((n) => n.endsWith(".csv")) ?? "")?.[1]} by plan hash`,
  );
  row(
    "largest shard",
    `${(Math.max(...sizes) / 1024).toFixed(1)} KiB`,
    `≤ ${SHARD_BYTES.toLocaleString("en")} B < 512 KB (GitHub renders CSV as a table)`,
  );
  row("files in the key", `${files.size}`, `< 100,000 entries per recursive tree listing`);
  row(
    `  ${COMMITS_FILE} (the index of commits)`,
    `${(Buffer.byteLength(files.get(COMMITS_FILE) ?? "") / 1024).toFixed(1)} KiB`,
    "100 commits × 20 plans",
  );
  row("bytes in the key", `${(total / 1048576).toFixed(1)} MiB`, `blobs < 100 MB each`);
  row("OpenAPI violations", `${violations.length}`, "0");
}
