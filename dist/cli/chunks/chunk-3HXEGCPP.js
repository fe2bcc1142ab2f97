#!/usr/bin/env node
import { createRequire as __gantryCreateRequire } from 'node:module'; import { fileURLToPath as __gantryFileURLToPath } from 'node:url'; import { dirname as __gantryDirname } from 'node:path'; const require = __gantryCreateRequire(import.meta.url); const __filename = __gantryFileURLToPath(import.meta.url); const __dirname = __gantryDirname(__filename);
import {
  readRegularFile,
  writeNewFile
} from "./chunk-LAM7EVQU.js";
import {
  withTimeout
} from "./chunk-732PRJ6G.js";
import {
  GantryError
} from "./chunk-G3K7PEAI.js";

// core/backends/docker/leftovers.ts
import { lstatSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

// core/backends/docker/labels.ts
var LABEL_RUN = "dev.gantry.run";
var LABEL_INSTANCE = "dev.gantry.instance";
var LABEL_UNIT = "dev.gantry.unit";
var LABEL_ROLE = "dev.gantry.role";
var LABEL_OWNER = "dev.gantry.owner";
function runLabels(runId, instance, owner) {
  return { [LABEL_RUN]: runId, [LABEL_INSTANCE]: instance, ...owner !== void 0 ? { [LABEL_OWNER]: owner } : {} };
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

// core/backends/docker/cleanup.ts
async function cleanupRun(docker, selector, options = {}) {
  const timeout = options.callTimeoutMs ?? 3e4;
  const filters = JSON.stringify(labelFilter(selector));
  const call = (what, request) => {
    const abort = new AbortController();
    return withTimeout(request(abort.signal), timeout, () => {
      abort.abort();
      return new GantryError("engine-timeout", `${what}: the Docker engine did not answer within ${timeout} ms.`);
    });
  };
  const result = { containers: 0, networks: 0, volumes: 0, errors: [] };
  const containers = await call("list containers", (abortSignal) => docker.listContainers({ all: true, filters, abortSignal }));
  await Promise.all(
    containers.map(async (c) => {
      try {
        await call(`remove container ${c.Id.slice(0, 12)}`, (abortSignal) => docker.getContainer(c.Id).remove({ force: true, v: true, abortSignal }));
        result.containers++;
      } catch (error) {
        if (!isGone(error)) result.errors.push(`container ${c.Names?.[0] ?? c.Id.slice(0, 12)}: ${oneLine(error)}`);
      }
    })
  );
  const networks = await call("list networks", (abortSignal) => docker.listNetworks({ filters, abortSignal }));
  await Promise.all(
    networks.map(async (n) => {
      try {
        await call(`remove network ${n.Name}`, (abortSignal) => docker.getNetwork(n.Id).remove({ abortSignal }));
        result.networks++;
      } catch (error) {
        if (!isGone(error)) result.errors.push(`network ${n.Name}: ${oneLine(error)}`);
      }
    })
  );
  const volumes = (await call("list volumes", (abortSignal) => docker.listVolumes({ filters, abortSignal }))).Volumes ?? [];
  await Promise.all(
    volumes.map(async (v) => {
      try {
        await call(`remove volume ${v.Name}`, (abortSignal) => docker.getVolume(v.Name).remove({ force: true, abortSignal }));
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

// core/host/owner.ts
import { readFileSync } from "node:fs";
import { hostname } from "node:os";
function currentOwner() {
  return `${hostname()}/${process.pid}/${processStart(process.pid) ?? ""}`;
}
function ownerState(owner, host = hostname()) {
  if (owner === void 0 || owner === "") return "gone";
  const match = /^(.*)\/(\d+)\/(\d*)$/.exec(owner);
  if (!match) return "unknown";
  const [, ownerHost, pidText, start] = match;
  if (ownerHost !== host) return "unknown";
  const pid = Number(pidText);
  if (!isRunning(pid)) return "gone";
  if (start !== "") {
    const now = processStart(pid);
    if (now !== void 0 && now !== start) return "gone";
  }
  return "alive";
}
function isRunning(pid) {
  if (!Number.isSafeInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return error.code === "EPERM";
  }
}
function processStart(pid) {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return fields[19];
  } catch {
    return void 0;
  }
}

// core/backends/docker/leftovers.ts
function stateFolderPrefix(runId) {
  return `${engineName("gantry", runId)}-`;
}
function writeStateRecord(folder, record) {
  writeNewFile(join(folder, "owner"), `${JSON.stringify(record)}
`);
}
async function sweepLeftovers(docker, selector, options = {}) {
  const timeout = options.callTimeoutMs ?? 3e4;
  const call = (what, promise) => withTimeout(promise, timeout, () => new Error(`${what}: the engine did not answer within ${timeout} ms`));
  const filters = JSON.stringify(labelFilter(selector));
  const [containers, networks, volumes] = await Promise.all([
    call("list containers", docker.listContainers({ all: true, filters })),
    call("list networks", docker.listNetworks({ filters })),
    call("list volumes", docker.listVolumes({ filters }))
  ]);
  const owners = /* @__PURE__ */ new Map();
  const note = (labels) => {
    const runId = labels?.[LABEL_RUN];
    if (runId === void 0) return;
    const owner = labels?.[LABEL_OWNER];
    if (!owners.has(runId) || owners.get(runId) === void 0 && owner !== void 0) owners.set(runId, owner);
  };
  for (const c of containers) note(c.Labels);
  for (const n of networks) note(n.Labels);
  for (const v of volumes.Volumes ?? []) note(v.Labels);
  const root = options.stateRoot ?? tmpdir();
  const folders = stateFolders(root, selector);
  const result = { removed: [], kept: [] };
  const decide = (runId, owner) => ({
    runId,
    ...owner !== void 0 ? { owner } : {},
    state: ownerState(owner)
  });
  for (const [runId, owner] of owners) {
    const run = decide(runId, owner);
    if (run.state !== "gone" && !options.force) {
      result.kept.push(run);
      continue;
    }
    const removed = await cleanupRun(docker, { runId }, { callTimeoutMs: timeout });
    const mine = folders.filter((f) => f.record?.runId === runId || f.record === void 0 && f.name.startsWith(stateFolderPrefix(runId)));
    result.removed.push({ ...run, removed, folders: removeFolders(root, mine) });
  }
  const byRun = /* @__PURE__ */ new Map();
  for (const folder of folders) {
    const runId = folder.record?.runId;
    if (runId === void 0 || owners.has(runId)) continue;
    byRun.set(runId, [...byRun.get(runId) ?? [], folder]);
  }
  for (const [runId, list] of byRun) {
    const run = decide(runId, list[0].record?.owner);
    if (run.state !== "gone" && !options.force) continue;
    result.removed.push({ ...run, removed: { containers: 0, networks: 0, volumes: 0, errors: [] }, folders: removeFolders(root, list) });
  }
  return result;
}
function stateFolders(root, selector) {
  let names;
  try {
    names = readdirSync(root);
  } catch {
    return [];
  }
  const folders = [];
  for (const name of names) {
    if (!name.startsWith("gantry-")) continue;
    try {
      const stat = lstatSync(join(root, name));
      if (!stat.isDirectory() || process.getuid && stat.uid !== process.getuid()) continue;
    } catch {
      continue;
    }
    const record = readRecord(join(root, name, "owner"));
    if (!record) {
      if (selector.runId !== void 0 && name.startsWith(stateFolderPrefix(selector.runId))) folders.push({ name });
      continue;
    }
    if (selector.runId !== void 0 && record.runId !== selector.runId) continue;
    if (selector.instance !== void 0 && record.instance !== selector.instance) continue;
    folders.push({ name, record });
  }
  return folders;
}
function readRecord(path) {
  const bytes = readRegularFile(path, 4096);
  if (!bytes) return void 0;
  try {
    const value = JSON.parse(bytes.toString("utf8"));
    if (typeof value.runId === "string" && typeof value.instance === "string" && typeof value.owner === "string") {
      return { runId: value.runId, instance: value.instance, owner: value.owner };
    }
  } catch {
  }
  return void 0;
}
function removeFolders(root, folders) {
  let removed = 0;
  for (const folder of folders) {
    try {
      rmSync(join(root, folder.name), { recursive: true, force: true });
      removed++;
    } catch {
    }
  }
  return removed;
}
function describeRemoved(removed, folders = 0) {
  const count = (n, what) => `${n} ${what}${n === 1 ? "" : "s"}`;
  const parts = [
    removed.containers ? count(removed.containers, "container") : "",
    removed.networks ? count(removed.networks, "network") : "",
    removed.volumes ? count(removed.volumes, "volume") : "",
    folders ? count(folders, "state folder") : ""
  ].filter(Boolean);
  return parts.length ? parts.join(", ") : "nothing";
}
function describeOwner(run) {
  const pid = run.owner?.split("/")[1];
  switch (run.state) {
    case "gone":
      return run.owner === void 0 ? "it records no owner" : `its gantry process ${pid} is gone`;
    case "alive":
      return `its gantry process ${pid} is still running`;
    default:
      return `it belongs to another machine (${run.owner?.split("/")[0]})`;
  }
}

export {
  LABEL_RUN,
  LABEL_UNIT,
  LABEL_ROLE,
  LABEL_OWNER,
  runLabels,
  engineName,
  cleanupRun,
  isGone,
  statusCode,
  oneLine,
  currentOwner,
  stateFolderPrefix,
  writeStateRecord,
  sweepLeftovers,
  describeRemoved,
  describeOwner
};
