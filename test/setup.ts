// Runs before every test file. Files share a worker's modules (isolate: false), so a hook registered when
// a helper is first imported would belong to that file alone: each file registers its own here. Every
// simulator and GitHub stand-in a test started is stopped, and its temporary directories removed.
import { afterEach } from "vitest";
import { stopServed } from "./helpers/github-fakes.js";
import { stopStandIns } from "./helpers/github-standin.js";
import { stopSimulators } from "./helpers/sim.js";
import { removeTempDirs } from "./helpers/tmp.js";

afterEach(async () => {
  await stopSimulators();
  await stopStandIns();
  await stopServed();
  removeTempDirs();
});
