#!/usr/bin/env node
import { createRequire as __gantryCreateRequire } from 'node:module'; import { fileURLToPath as __gantryFileURLToPath } from 'node:url'; import { dirname as __gantryDirname } from 'node:path'; const require = __gantryCreateRequire(import.meta.url); const __filename = __gantryFileURLToPath(import.meta.url); const __dirname = __gantryDirname(__filename);
import {
  DEFAULT_MEMORY,
  DEFAULT_RETRIES
} from "./chunk-2EUBPREJ.js";

// core/build-units.ts
import path from "node:path";
var BUILD_ESTIMATE = 3e4;
var BUILD_CPUS = 1;
var BUILD_MEMORY = DEFAULT_MEMORY;
var BUILD_PREFIX = "build:";
var NO_ENV = Object.freeze({});
var NO_NEEDS = Object.freeze([]);
var NO_MATRIX = Object.freeze({});
function buildKey(build) {
  const context = path.posix.normalize(build.context.replace(/\\/g, "/")).replace(/(.)\/+$/, "$1");
  const dockerfile = path.posix.normalize((build.dockerfile ?? "Dockerfile").replace(/\\/g, "/"));
  const args = Object.keys(build.args).sort().map((k) => [k, build.args[k]]);
  return JSON.stringify([context, dockerfile, args, build.target ?? null]);
}
function buildUnits(services, tasks, skip) {
  const units = [];
  const idOf = /* @__PURE__ */ new Map();
  const byKey = /* @__PURE__ */ new Map();
  for (let k = 0; k < services.length + tasks.length; k++) {
    const spec = k < services.length ? services[k] : tasks[k - services.length];
    if (!spec.build || skip?.has(spec)) continue;
    const key = buildKey(spec.build);
    let id = byKey.get(key);
    if (id === void 0) {
      id = `${BUILD_PREFIX}${spec.name}`;
      byKey.set(key, id);
      units.push({
        id,
        kind: "build",
        spec,
        matrix: NO_MATRIX,
        needs: NO_NEEDS,
        cpus: BUILD_CPUS,
        memory: BUILD_MEMORY,
        estimate: BUILD_ESTIMATE,
        retries: DEFAULT_RETRIES,
        if: "success",
        allowFailure: false,
        image: "",
        env: NO_ENV,
        build: { unit: id, spec: spec.build }
      });
    }
    idOf.set(spec, id);
  }
  return { units, idOf };
}

export {
  BUILD_PREFIX,
  buildUnits
};
