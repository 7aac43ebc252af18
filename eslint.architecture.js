// The house rules, as lint: the pure core (plan/, policy/, jobs/, activation/, render/, state/) touches no I/O
// and never reaches up into the shells or the adapters. Type-only imports of the Adobe client's
// decoded shapes are allowed (they are erased). Shared by eslint.config.js and its own test.
const IO = [
  {
    group: ["fs", "node:fs", "fs/*", "node:fs/*"],
    message: "The core does no file I/O: read in sources/, pass data in.",
  },
  {
    group: ["child_process", "node:child_process"],
    message: "The core runs no processes: git lives in sources/.",
  },
  {
    group: ["http", "https", "net", "node:http", "node:https", "node:net", "undici"],
    message: "The core makes no HTTP calls: Platform lives in aep/.",
  },
  {
    group: ["@actions/*", "@octokit/*"],
    message: "The core knows nothing of GitHub: the Action shell is action/ and github/.",
  },
];
const UP = (folder) => [
  {
    group: [
      "../action/*",
      "../cli/*",
      "../app/*",
      "../github/*",
      "../sources/*",
      "../simulator/*",
      "../main.js",
      "../index.js",
    ],
    message: `${folder} is core: shells, use cases and adapters call it, never the reverse.`,
  },
  {
    group: ["../aep/*"],
    allowTypeImports: true,
    message: `${folder} may import only types from aep/ (the engine is handed a PlatformPort).`,
  },
];

export const architecture = [
  ...["plan", "policy", "jobs", "activation", "render", "state"].map((folder) => ({
    files: [`src/${folder}/**/*.ts`],
    rules: {
      "@typescript-eslint/no-restricted-imports": ["error", { patterns: [...IO, ...UP(folder)] }],
    },
  })),
  // Files a reader takes in whole: no file in src/ over 250 lines (comments and blank lines count),
  // and the entry points (settings in, one call, failure out) under 80.
  { files: ["src/**/*.ts"], rules: { "max-lines": ["error", { max: 250 }] } },
  { files: ["src/index.ts", "src/cli/index.ts"], rules: { "max-lines": ["error", { max: 79 }] } },
];
