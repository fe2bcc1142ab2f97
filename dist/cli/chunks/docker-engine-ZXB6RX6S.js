#!/usr/bin/env node
import { createRequire as __gantryCreateRequire } from 'node:module'; import { fileURLToPath as __gantryFileURLToPath } from 'node:url'; import { dirname as __gantryDirname } from 'node:path'; const require = __gantryCreateRequire(import.meta.url); const __filename = __gantryFileURLToPath(import.meta.url); const __dirname = __gantryDirname(__filename);
import {
  DEFAULT_CONNECT_TIMEOUT,
  DEFAULT_SOCKET,
  connectEngine,
  engineAddress,
  engineCapacity,
  withTimeout
} from "./chunk-PFUTI3RS.js";
import "./chunk-G3K7PEAI.js";
export {
  DEFAULT_CONNECT_TIMEOUT,
  DEFAULT_SOCKET,
  connectEngine,
  engineAddress,
  engineCapacity,
  withTimeout
};
