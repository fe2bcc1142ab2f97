#!/usr/bin/env node
import { createRequire as __gantryCreateRequire } from 'node:module'; import { fileURLToPath as __gantryFileURLToPath } from 'node:url'; import { dirname as __gantryDirname } from 'node:path'; const require = __gantryCreateRequire(import.meta.url); const __filename = __gantryFileURLToPath(import.meta.url); const __dirname = __gantryDirname(__filename);
import {
  withTimeout
} from "./chunk-PFUTI3RS.js";

// core/executors/docker-labels.ts
var LABEL_RUN = "dev.gantry.run";
var LABEL_INSTANCE = "dev.gantry.instance";
var LABEL_UNIT = "dev.gantry.unit";
var LABEL_ROLE = "dev.gantry.role";
function runLabels(runId, instance) {
  return { [LABEL_RUN]: runId, [LABEL_INSTANCE]: instance };
}
function labelFilter(selector) {
  const label = [];
  if (selector.runId !== void 0) label.push(`${LABEL_RUN}=${selector.runId}`);
  if (selector.instance !== void 0) label.push(`${LABEL_INSTANCE}=${selector.instance}`);
  if (label.length === 0) label.push(LABEL_RUN);
  return { label };
}
function engineName(...parts) {
  const name = parts.join("-").replace(/[^a-zA-Z0-9_.-]+/g, "-").replace(/-+/g, "-").replace(/^[^a-zA-Z0-9]+|-+$/g, "");
  return (name || "gantry").slice(0, 200);
}

// core/executors/docker-cleanup.ts
async function cleanupRun(docker, selector, options = {}) {
  const timeout = options.callTimeoutMs ?? 3e4;
  const filters = JSON.stringify(labelFilter(selector));
  const call = (what, promise) => withTimeout(promise, timeout, () => new Error(`${what}: the engine did not answer within ${timeout} ms`));
  const result = { containers: 0, networks: 0, volumes: 0, errors: [] };
  const containers = await call("list containers", docker.listContainers({ all: true, filters }));
  await Promise.all(
    containers.map(async (c) => {
      try {
        await call(`remove container ${c.Id.slice(0, 12)}`, docker.getContainer(c.Id).remove({ force: true, v: true }));
        result.containers++;
      } catch (error) {
        if (!isGone(error)) result.errors.push(`container ${c.Names?.[0] ?? c.Id.slice(0, 12)}: ${oneLine(error)}`);
      }
    })
  );
  const networks = await call("list networks", docker.listNetworks({ filters }));
  await Promise.all(
    networks.map(async (n) => {
      try {
        await call(`remove network ${n.Name}`, docker.getNetwork(n.Id).remove());
        result.networks++;
      } catch (error) {
        if (!isGone(error)) result.errors.push(`network ${n.Name}: ${oneLine(error)}`);
      }
    })
  );
  const volumes = (await call("list volumes", docker.listVolumes({ filters }))).Volumes ?? [];
  await Promise.all(
    volumes.map(async (v) => {
      try {
        await call(`remove volume ${v.Name}`, docker.getVolume(v.Name).remove({ force: true }));
        result.volumes++;
      } catch (error) {
        if (!isGone(error)) result.errors.push(`volume ${v.Name}: ${oneLine(error)}`);
      }
    })
  );
  return result;
}
function isGone(error) {
  const code = statusCode(error);
  return code === 404 || code === 409 && /already in progress/.test(oneLine(error));
}
function statusCode(error) {
  if (error && typeof error === "object" && "statusCode" in error && typeof error.statusCode === "number") {
    return error.statusCode;
  }
  return void 0;
}
function oneLine(error) {
  let text;
  if (error && typeof error === "object" && "json" in error) {
    const json = error.json;
    if (json && typeof json === "object" && "message" in json && typeof json.message === "string") text = json.message;
    else text = error instanceof Error ? error.message : String(error);
  } else {
    text = error instanceof Error ? error.message : String(error);
  }
  return text.replace(/\s+/g, " ").trim();
}

export {
  LABEL_UNIT,
  LABEL_ROLE,
  runLabels,
  engineName,
  cleanupRun,
  isGone,
  statusCode,
  oneLine
};
