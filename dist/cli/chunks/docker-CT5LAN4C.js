#!/usr/bin/env node
import { createRequire as __gantryCreateRequire } from 'node:module'; import { fileURLToPath as __gantryFileURLToPath } from 'node:url'; import { dirname as __gantryDirname } from 'node:path'; const require = __gantryCreateRequire(import.meta.url); const __filename = __gantryFileURLToPath(import.meta.url); const __dirname = __gantryDirname(__filename);
import {
  DockerExecutor,
  connectEngine,
  describeOwner,
  describeRemoved,
  engineAddress,
  engineCapacity,
  sweepLeftovers
} from "./chunk-KA7KORAQ.js";
import "./chunk-S4FCD5DM.js";
import "./chunk-B6COJUON.js";
import {
  GantryError
} from "./chunk-2EUBPREJ.js";
import "./chunk-HJKLCPIG.js";

// core/backends/docker/backend.ts
function dockerBackend(options = {}) {
  return {
    name: "docker",
    label: "the Docker engine",
    async connect(connect) {
      const address = engineAddress(connect.env);
      const docker = await connectEngine(connect.env, {
        ...options.connectTimeoutMs !== void 0 ? { timeoutMs: options.connectTimeoutMs } : {},
        ...options.callTimeoutMs !== void 0 ? { callTimeoutMs: options.callTimeoutMs } : {},
        ...connect.signal ? { signal: connect.signal } : {}
      });
      return new DockerConnection(docker, address.display, options, connect.env);
    }
  };
}
var DockerConnection = class {
  constructor(docker, display, options, env) {
    this.docker = docker;
    this.display = display;
    this.options = options;
    this.env = env;
  }
  docker;
  display;
  options;
  env;
  closed = false;
  async capacity() {
    this.open();
    const total = await engineCapacity(this.docker);
    return { total, nodes: [{ id: "local", name: this.display, capacity: { ...total }, home: true }] };
  }
  executor(options) {
    this.open();
    const executor = new DockerExecutor({
      docker: this.docker,
      runId: options.runId,
      instance: options.instance,
      baseDir: options.baseDir,
      volumes: [...options.volumes],
      owner: options.owner,
      binds: options.binds,
      logs: options.logs,
      ...options.keepFailed ? { keepFailed: true } : {},
      ...options.borrowedVolumes ? { borrowedVolumes: options.borrowedVolumes } : {},
      ...options.keepVolumes ? { keepVolumes: options.keepVolumes } : {},
      ...options.secrets ? { secrets: options.secrets } : {},
      ...options.cachePaths ? { cachePaths: options.cachePaths } : {},
      env: this.env,
      ...this.options.stateRoot !== void 0 ? { stateRoot: this.options.stateRoot } : {}
    });
    return {
      prepare: (unit) => executor.prepare(unit),
      start: (attempt, onExit, onStarted) => executor.start(attempt, onExit, onStarted),
      kill: (attemptId, reason) => executor.kill(attemptId, reason),
      startService: (unit, callbacks) => executor.startService(unit, callbacks),
      stopService: (unitId) => executor.stopService(unitId),
      setup: (units) => executor.setup(units),
      // It resolves with what it removed; the interface asks for nothing back.
      teardown: async () => {
        await executor.teardown();
      },
      kept: () => executor.kept(),
      imageId: (unit) => executor.imageId(unit),
      takeArchive: (attemptId) => executor.takeArchive(attemptId),
      restoreArchive: (unit, archive) => executor.restoreArchive(unit, archive),
      keptVolumes: () => executor.keptVolumes()
    };
  }
  async sweep(selector, options = {}) {
    this.open();
    const swept = await sweepLeftovers(this.docker, selector, {
      ...options.force !== void 0 ? { force: options.force } : {},
      ...this.options.stateRoot !== void 0 ? { stateRoot: this.options.stateRoot } : {},
      ...this.options.callTimeoutMs !== void 0 ? { callTimeoutMs: this.options.callTimeoutMs } : {},
      ...options.spare?.length ? { spare: options.spare } : {}
    });
    return {
      removed: swept.removed.map((run) => ({
        ...leftover(run),
        removed: describeRemoved(run.removed, run.folders),
        errors: run.removed.errors
      })),
      kept: swept.kept.map(leftover)
    };
  }
  async close() {
    this.closed = true;
  }
  open() {
    if (this.closed) throw new GantryError("engine-closed", "This connection to the Docker engine was closed.");
  }
};
function leftover(run) {
  return { runId: run.runId, ...run.owner !== void 0 ? { owner: run.owner } : {}, state: run.state, why: describeOwner(run), ...run.keptFailed ? { keptFailed: true } : {} };
}
export {
  dockerBackend
};
