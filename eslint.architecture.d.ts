// Types for eslint.architecture.js (imported by its test).
import type { Linter } from "eslint";

export declare const architecture: Linter.Config[];
