// Entry point of the Action (bundled to dist/index.js): runs main.ts and nothing else.
import { run } from "./main.js";

await run();
