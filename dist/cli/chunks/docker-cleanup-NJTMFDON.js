#!/usr/bin/env node
import { createRequire as __gantryCreateRequire } from 'node:module'; import { fileURLToPath as __gantryFileURLToPath } from 'node:url'; import { dirname as __gantryDirname } from 'node:path'; const require = __gantryCreateRequire(import.meta.url); const __filename = __gantryFileURLToPath(import.meta.url); const __dirname = __gantryDirname(__filename);
import {
  cleanupRun,
  isGone,
  oneLine,
  statusCode
} from "./chunk-OLU77GIL.js";
import "./chunk-PFUTI3RS.js";
import "./chunk-G3K7PEAI.js";
export {
  cleanupRun,
  isGone,
  oneLine,
  statusCode
};
