#!/usr/bin/env node
// The `aep-activate` command: runs the bundled CLI.
import "../dist/cli/index.js";
