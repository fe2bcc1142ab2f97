#!/usr/bin/env node
import { createRequire as __gantryCreateRequire } from 'node:module'; import { fileURLToPath as __gantryFileURLToPath } from 'node:url'; import { dirname as __gantryDirname } from 'node:path'; const require = __gantryCreateRequire(import.meta.url); const __filename = __gantryFileURLToPath(import.meta.url); const __dirname = __gantryDirname(__filename);
import "./chunk-HJKLCPIG.js";

// core/backend.ts
async function checkBackend(backend, options) {
  const connection = await backend.connect(options);
  try {
    await connection.capacity();
  } finally {
    await connection.close();
  }
}
export {
  checkBackend
};
