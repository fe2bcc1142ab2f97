#!/usr/bin/env node
import { createRequire as __gantryCreateRequire } from 'node:module'; import { fileURLToPath as __gantryFileURLToPath } from 'node:url'; import { dirname as __gantryDirname } from 'node:path'; const require = __gantryCreateRequire(import.meta.url); const __filename = __gantryFileURLToPath(import.meta.url); const __dirname = __gantryDirname(__filename);
import {
  describeOwner,
  describeRemoved,
  stateFolderPrefix,
  sweepLeftovers,
  writeStateRecord
} from "./chunk-3HXEGCPP.js";
import "./chunk-LAM7EVQU.js";
import "./chunk-732PRJ6G.js";
import "./chunk-G3K7PEAI.js";
export {
  describeOwner,
  describeRemoved,
  stateFolderPrefix,
  sweepLeftovers,
  writeStateRecord
};
