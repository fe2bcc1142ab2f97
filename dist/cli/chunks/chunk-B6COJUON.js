#!/usr/bin/env node
import { createRequire as __gantryCreateRequire } from 'node:module'; import { fileURLToPath as __gantryFileURLToPath } from 'node:url'; import { dirname as __gantryDirname } from 'node:path'; const require = __gantryCreateRequire(import.meta.url); const __filename = __gantryFileURLToPath(import.meta.url); const __dirname = __gantryDirname(__filename);

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

export {
  currentOwner,
  ownerState
};
