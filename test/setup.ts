// Runs before every test file. Files share a worker's modules (isolate: false), so a hook registered when
// a helper is first imported would belong to that file alone: each file registers its own here.
import { afterEach } from "vitest";
import { removeTempDirs } from "./helpers/tmp.js";

afterEach(removeTempDirs);
