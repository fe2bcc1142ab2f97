#!/usr/bin/env node
import { createRequire as __gantryCreateRequire } from 'node:module'; import { fileURLToPath as __gantryFileURLToPath } from 'node:url'; import { dirname as __gantryDirname } from 'node:path'; const require = __gantryCreateRequire(import.meta.url); const __filename = __gantryFileURLToPath(import.meta.url); const __dirname = __gantryDirname(__filename);
import {
  DEFAULT_CALL_TIMEOUT,
  DEFAULT_CONNECT_TIMEOUT,
  DEFAULT_SOCKET,
  EngineError,
  checkEngine,
  connectEngine,
  engineAddress,
  engineCapacity,
  withTimeout
} from "./chunk-732PRJ6G.js";
import "./chunk-G3K7PEAI.js";
export {
  DEFAULT_CALL_TIMEOUT,
  DEFAULT_CONNECT_TIMEOUT,
  DEFAULT_SOCKET,
  EngineError,
  checkEngine,
  connectEngine,
  engineAddress,
  engineCapacity,
  withTimeout
};
