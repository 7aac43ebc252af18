// `npm run bench [name…]`: runs the benchmarks and prints each figure next to its bound.
import { benchApply } from "./apply.js";
import { benchGitHub } from "./github.js";
import { benchPlan } from "./plan.js";
import { benchRender } from "./render.js";
import { benchStart } from "./start.js";
import { benchState } from "./state.js";
import { benchValidate } from "./validate.js";

const all: Record<string, () => void | Promise<void>> = {
  validate: benchValidate,
  plan: benchPlan,
  apply: benchApply,
  github: benchGitHub,
  state: benchState,
  render: benchRender,
  start: benchStart,
};
const selected = process.argv.slice(2);
for (const [name, bench] of Object.entries(all)) {
  if (selected.length > 0 && !selected.includes(name)) continue;
  await bench();
  console.log("");
}
