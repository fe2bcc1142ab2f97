#!/usr/bin/env node
import { createRequire as __gantryCreateRequire } from 'node:module'; import { fileURLToPath as __gantryFileURLToPath } from 'node:url'; import { dirname as __gantryDirname } from 'node:path'; const require = __gantryCreateRequire(import.meta.url); const __filename = __gantryFileURLToPath(import.meta.url); const __dirname = __gantryDirname(__filename);
import {
  BuildFailed,
  DEFAULT_LOG_CAP_BYTES,
  LABEL_OWNER,
  LABEL_RUN,
  LABEL_UNIT,
  OUTPUT_FILE,
  OUTPUT_MOUNT,
  OutputCapture,
  buildImage,
  buildTag,
  connectEngine,
  describeOwner,
  describeRemoved,
  engineAddress,
  findCredentials,
  isGone,
  labelFilter,
  normalizeReference,
  oneLine,
  parseOutputs,
  redact,
  registryOf,
  runLabels,
  sweepLeftovers,
  withTimeout
} from "./chunk-KA7KORAQ.js";
import "./chunk-S4FCD5DM.js";
import {
  ownerState
} from "./chunk-B6COJUON.js";
import {
  GantryError,
  engineName,
  formatBytes,
  resolveAttempt,
  resolveBind,
  resolveBuildContext
} from "./chunk-2EUBPREJ.js";
import "./chunk-HJKLCPIG.js";

// core/backends/swarm/engine.ts
var SWARM_START_OVERHEAD_MS = 2600;
async function swarmInfo(docker, display) {
  const info = await docker.info();
  const swarm = info.Swarm ?? {};
  if (swarm.LocalNodeState !== "active") {
    throw new GantryError(
      "engine-not-swarm",
      `The Docker engine at ${display} is not part of a swarm (its swarm state is ${swarm.LocalNodeState || "unknown"}).`,
      void 0,
      "Point DOCKER_HOST at a manager of your swarm, run `docker swarm init` to make this engine one, or run with --engine docker."
    );
  }
  if (!swarm.ControlAvailable || !swarm.NodeID) {
    throw new GantryError(
      "engine-not-manager",
      `The Docker engine at ${display} is a swarm worker; Gantry needs a manager to place and watch tasks.`,
      void 0,
      "Point DOCKER_HOST at a manager of the swarm (`docker node ls` works there)."
    );
  }
  return { nodeId: swarm.NodeID };
}
async function swarmCapacity(docker, home, timeoutMs = 3e4) {
  const listed = await withTimeout(docker.listNodes(), timeoutMs, () => new Error("listing the nodes timed out"));
  const own = listed.find((node) => node.ID === home);
  const nodes = listed.filter((node) => node.Status?.State === "ready" && (node.Spec?.Availability ?? "active") === "active").sort((a, b) => a.ID < b.ID ? -1 : a.ID > b.ID ? 1 : 0).map((node) => ({
    id: node.ID,
    name: node.Description?.Hostname || node.Status?.Addr || node.ID.slice(0, 12),
    capacity: {
      cpus: (node.Description?.Resources?.NanoCPUs ?? 0) / 1e9,
      memory: node.Description?.Resources?.MemoryBytes ?? 0,
      parallel: Infinity
    },
    ...node.Spec?.Labels && Object.keys(node.Spec.Labels).length > 0 ? { labels: { ...node.Spec.Labels } } : {},
    ...node.ID === home ? { home: true } : {}
  }));
  if (nodes.length === 0) {
    throw new GantryError("engine-no-nodes", "The swarm has no node that can run tasks (none is ready and active).", void 0, "Check `docker node ls`: a node must be Ready with availability Active.");
  }
  const seen = /* @__PURE__ */ new Map();
  for (const node of nodes) seen.set(node.name, (seen.get(node.name) ?? 0) + 1);
  for (const node of nodes) if ((seen.get(node.name) ?? 0) > 1) node.name = `${node.name} (${node.id.slice(0, 6)})`;
  const total = { cpus: 0, memory: 0, parallel: Infinity };
  for (const node of nodes) {
    total.cpus += node.capacity.cpus;
    total.memory += node.capacity.memory;
  }
  const homeUnavailable = nodes.some((node) => node.home) ? void 0 : `the node Gantry talks to (${own?.Description?.Hostname || home.slice(0, 12)}) is ${own?.Spec?.Availability && own.Spec.Availability !== "active" ? own.Spec.Availability : `not ready (${own?.Status?.State ?? "unknown"})`}`;
  return { total, nodes, startOverhead: SWARM_START_OVERHEAD_MS, ...homeUnavailable ? { homeUnavailable } : {} };
}

// core/backends/swarm/executor.ts
import { createHash, randomBytes } from "node:crypto";

// core/backends/swarm/logs.ts
var MAX_OUTPUTS = 1024 * 1024;
var FrameReader = class {
  constructor(onFrame) {
    this.onFrame = onFrame;
  }
  onFrame;
  pending = Buffer.alloc(0);
  push(chunk) {
    let buffer = this.pending.length > 0 ? Buffer.concat([this.pending, chunk]) : chunk;
    while (buffer.length >= 8) {
      const size = buffer.readUInt32BE(4);
      if (buffer.length < 8 + size) break;
      const type = buffer[0];
      const payload = buffer.subarray(8, 8 + size);
      if (type === 1 || type === 2) this.onFrame(type === 1 ? "stdout" : "stderr", payload);
      buffer = buffer.subarray(8 + size);
    }
    this.pending = Buffer.from(buffer);
  }
};
function timestampNs(text) {
  const match = /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)(?:\.(\d{1,9}))?Z$/.exec(text);
  if (!match) return 0n;
  const seconds = Date.parse(`${match[1]}Z`);
  if (!Number.isFinite(seconds)) return 0n;
  return BigInt(seconds) * 1000000n + BigInt((match[2] ?? "").padEnd(9, "0"));
}
var ServiceLog = class {
  constructor(service, options) {
    this.service = service;
    this.options = options;
  }
  service;
  options;
  /** The newest entry's timestamp, and how many entries carried exactly it (lines written in one instant). */
  last = 0n;
  atLast = 0;
  /** While catching up: how many entries at `last` were passed over (they were delivered by the follow). */
  skippedAtLast = 0;
  follow;
  outputsText;
  outputsBytes = 0;
  /** An empty stdout line held back: the wrapper's newline before the marker is not the task's. */
  heldEmpty = false;
  finished = false;
  /** Starts following. Failing to follow is not fatal: `finish()` reads the whole log anyway. */
  async start() {
    try {
      const stream = await this.service.logs({ follow: true, stdout: true, stderr: true, timestamps: true });
      if (this.finished) return destroy(stream);
      this.follow = stream;
      const reader = new FrameReader((stream2, payload) => this.entry(stream2, payload));
      stream.on("data", (chunk) => reader.push(chunk));
      stream.on("error", () => void 0);
    } catch {
    }
  }
  /**
   * After the task ended: stops following, reads the log once more for what the follow had not
   * delivered yet, and returns the outputs text (undefined when the marker never came: the
   * command did not get to the end of the wrapper).
   */
  async finish(timeoutMs = 1e4) {
    if (this.finished) return this.outputsText;
    this.finished = true;
    if (this.follow) destroy(this.follow);
    try {
      const read = this.service.logs({ follow: false, stdout: true, stderr: true, timestamps: true });
      const body = await Promise.race([read, new Promise((resolve) => setTimeout(resolve, timeoutMs).unref())]);
      const bytes = Buffer.isBuffer(body) ? body : body ? await collect(body) : void 0;
      this.skippedAtLast = 0;
      if (bytes) new FrameReader((stream, payload) => this.entry(stream, payload, true)).push(bytes);
    } catch {
    }
    if (this.heldEmpty && this.outputsText === void 0) this.options.capture.pushText("stdout", Buffer.from("\n"));
    this.heldEmpty = false;
    return this.outputsText;
  }
  /** Stops following without reading again (a service being stopped). */
  close() {
    this.finished = true;
    if (this.follow) destroy(this.follow);
  }
  entry(stream, payload, catchUp = false) {
    if (this.finished && !catchUp) return;
    const text = payload.toString("utf8");
    const space = text.indexOf(" ");
    const at = space > 0 ? timestampNs(text.slice(0, space)) : 0n;
    if (at !== 0n) {
      if (at < this.last) return;
      if (at === this.last) {
        if (catchUp && this.skippedAtLast < this.atLast) {
          this.skippedAtLast++;
          return;
        }
        this.atLast++;
        if (catchUp) this.skippedAtLast++;
      } else {
        this.last = at;
        this.atLast = 1;
        this.skippedAtLast = catchUp ? 1 : 0;
      }
    }
    const body = at !== 0n ? text.slice(space + 1) : text;
    if (this.outputsText !== void 0 && stream === "stdout") {
      if (this.outputsBytes < MAX_OUTPUTS) {
        this.outputsText += body;
        this.outputsBytes += Buffer.byteLength(body);
      }
      return;
    }
    const marker = this.options.marker;
    if (marker !== void 0 && stream === "stdout" && body.replace(/\r?\n$/, "") === marker) {
      this.outputsText = "";
      this.heldEmpty = false;
      return;
    }
    if (stream === "stdout" && marker !== void 0) {
      if (this.heldEmpty) this.options.capture.pushText("stdout", Buffer.from("\n"));
      this.heldEmpty = body === "\n";
      if (this.heldEmpty) return;
    }
    this.options.capture.pushText(stream, Buffer.from(body, "utf8"));
  }
};
function collect(stream) {
  return new Promise((resolve, reject) => {
    const chunks = [];
    stream.on("data", (chunk) => chunks.push(chunk));
    stream.on("end", () => resolve(Buffer.concat(chunks)));
    stream.on("error", reject);
  });
}
function destroy(stream) {
  stream.destroy?.();
}

// core/backends/swarm/executor.ts
function swarmName(runId, what, suffix = "") {
  const run = createHash("sha256").update(runId).digest("hex").slice(0, 10);
  const room = 63 - "gantry-".length - run.length - 1 - (suffix ? suffix.length + 1 : 0) - 1;
  const slug = what.replace(/[^a-zA-Z0-9]+/g, "-").replace(/^-+|-+$/g, "").slice(0, Math.max(1, room)).replace(/-+$/, "") || "unit";
  return `gantry-${run}-${slug}${suffix ? `-${suffix}` : ""}`;
}
var TERMINAL = /* @__PURE__ */ new Set(["complete", "failed", "rejected", "shutdown", "orphaned", "remove"]);
var IMAGE_PROBLEM = /no such image|pull access denied|manifest unknown|manifest for \S+ not found|repository does not exist|unauthorized: |authentication required|No such image/i;
var SwarmExecutor = class {
  constructor(options) {
    this.options = options;
    this.docker = options.docker;
    this.labels = runLabels(options.runId, options.instance, options.owner);
    this.networkName = swarmName(options.runId, "net");
  }
  options;
  docker;
  labels;
  attempts = /* @__PURE__ */ new Map();
  services = /* @__PURE__ */ new Map();
  watched = /* @__PURE__ */ new Map();
  pending = /* @__PURE__ */ new Set();
  secretIds = /* @__PURE__ */ new Map();
  networkId;
  networkName;
  volumeNames = /* @__PURE__ */ new Map();
  built = /* @__PURE__ */ new Set();
  setupDone = Promise.resolve();
  closing = false;
  tornDown;
  polling = false;
  pollTimer;
  /** Since when the manager has not answered the task list (undefined: it answers). */
  failingSince;
  // -------------------------------------------------------------------------------------------
  // Life cycle
  async setup(units) {
    const refused = units.find((u) => u.spec.privileged);
    if (refused) {
      throw new GantryError("swarm-unsupported", `${refused.kind} ${refused.id} is privileged, which Docker Swarm does not allow.`, refused.spec.range, "Run it with --engine docker, or drop `privileged` (list the capabilities it needs under cap-add).");
    }
    const run = async () => {
      const steps = [];
      steps.push(
        this.call(
          "creating the run network",
          () => this.docker.createNetwork({ Name: this.networkName, Driver: "overlay", Attachable: true, CheckDuplicate: true, Labels: { ...this.labels } })
        ).then((network) => {
          this.networkId = network.id;
        })
      );
      for (const volume of this.options.volumes) {
        const name = engineName("gantry", this.options.runId, volume);
        this.volumeNames.set(volume, name);
        steps.push(this.call(`creating volume ${volume}`, () => this.docker.createVolume({ Name: name, Labels: { ...this.labels } })));
      }
      const values = this.options.secrets?.values ?? {};
      const files = /* @__PURE__ */ new Set();
      for (const unit of units) for (const secret of unit.spec.secrets) if (secret.as !== "env" && Object.hasOwn(values, secret.name)) files.add(secret.name);
      for (const secret of files) {
        const name = swarmName(this.options.runId, `secret-${secret}`);
        steps.push(
          this.call(
            `creating secret ${secret}`,
            () => this.docker.createSecret({ Name: name, Labels: { ...this.labels }, Data: Buffer.from(values[secret], "utf8").toString("base64") })
          ).then((created) => {
            this.secretIds.set(secret, { id: created.id, name });
          })
        );
      }
      const results = await Promise.allSettled(steps);
      const failed = results.find((r) => r.status === "rejected");
      if (failed) throw failed.reason;
    };
    this.setupDone = run();
    this.setupDone.catch(() => void 0);
    return this.setupDone;
  }
  teardown() {
    this.tornDown ??= this.tearDown();
    return this.tornDown;
  }
  async tearDown() {
    this.closing = true;
    for (const run of this.attempts.values()) if (!run.done) this.kill(run.attempt.id, "cancel");
    for (const service of this.services.values()) if (!service.stopped) this.stopService(service.unit.id);
    for (let round = 0; round < 5 && this.pending.size > 0; round++) {
      await withTimeout(Promise.allSettled([...this.pending]), 3e4, () => new Error("timeout")).catch(() => void 0);
    }
    this.stopPolling();
    for (const run of [...this.attempts.values()]) if (!run.done) this.finish(run, run.started ? { status: "cancelled", message: "cancelled" } : notStarted(run.killReason ?? "cancel"));
    await this.removeRest();
  }
  kept() {
    return void 0;
  }
  keptVolumes() {
    return {};
  }
  /** Removes whatever of the run is still on the swarm: services, then (once their tasks are gone) the network, volumes, secrets. */
  async removeRest() {
    const filters = JSON.stringify({ label: [`dev.gantry.run=${this.options.runId}`] });
    const services = await this.call("listing the run services", () => this.docker.listServices({ filters })).catch(() => []) ?? [];
    await Promise.allSettled(services.map((s) => this.docker.getService(s.ID).remove()));
    await this.containersGone(3e4);
    const deadline = Date.now() + 3e4;
    const left = /* @__PURE__ */ new Set([...this.networkId ? [`network:${this.networkId}`] : [], ...[...this.volumeNames.values()].map((v) => `volume:${v}`)]);
    while (left.size > 0 && Date.now() < deadline) {
      for (const item of [...left]) {
        const [kind, id] = [item.slice(0, item.indexOf(":")), item.slice(item.indexOf(":") + 1)];
        try {
          if (kind === "network") await this.docker.getNetwork(id).remove();
          else await this.docker.getVolume(id).remove();
          left.delete(item);
        } catch (error) {
          if (isGone(error)) left.delete(item);
        }
      }
      if (left.size > 0) await sleep(250);
    }
    await Promise.allSettled([...this.secretIds.values()].map((s) => this.docker.getSecret(s.id).remove()));
    const [networks, secrets] = await Promise.all([
      this.docker.listNetworks({ filters }).catch(() => []),
      this.docker.listSecrets({ filters }).catch(() => [])
    ]);
    await Promise.allSettled([...networks.map((n) => this.docker.getNetwork(n.Id).remove()), ...secrets.map((x) => this.docker.getSecret(x.ID).remove())]);
    for (const unit of this.built) await this.docker.getImage(buildTag(this.options.runId, unit)).remove({ force: true }).catch(() => void 0);
  }
  /**
   * Waits (bounded) until the home engine has no container of the run left: the manager removes a
   * removed service's containers in the background, and the network and volumes are refused until
   * then. Other nodes' agents do the same for theirs.
   */
  async containersGone(limitMs) {
    const filters = JSON.stringify({ label: [`dev.gantry.run=${this.options.runId}`] });
    const deadline = Date.now() + limitMs;
    while (Date.now() < deadline) {
      const left = await this.docker.listContainers({ all: true, filters }).catch(() => []);
      if (left.length === 0) return;
      await sleep(200);
    }
  }
  // -------------------------------------------------------------------------------------------
  // Attempts
  start(attempt, onExit, onStarted) {
    const run = { attempt, onExit, onStarted, started: false, done: false };
    this.attempts.set(attempt.id, run);
    const work = attempt.unit.kind === "build" ? this.runBuild(run) : this.runAttempt(run);
    this.track(
      work.catch(
        (error) => this.finish(run, {
          status: run.killReason ? statusFor(run.killReason) : "failed",
          message: run.killReason && this.closing ? "cancelled" : `could not run the swarm job: ${this.clean(error)}`
        })
      )
    );
  }
  kill(attemptId, reason) {
    const run = this.attempts.get(attemptId);
    if (!run || run.done || run.killReason) return;
    run.killReason = reason;
    run.abort?.abort();
    if (run.service) this.track(this.endAttempt(run, void 0));
  }
  async runAttempt(run) {
    const { attempt } = run;
    const unit = attempt.unit;
    await this.setupDone;
    if (run.killReason || this.closing) return this.finish(run, notStarted(run.killReason ?? "cancel"));
    const resolved = resolveAttempt(attempt);
    const marker = unit.spec.outputs.length > 0 ? `::gantry-outputs-${randomBytes(12).toString("hex")}::` : void 0;
    const name = swarmName(this.options.runId, unit.id, randomBytes(3).toString("hex"));
    const spec = await this.serviceSpec(unit, attempt.memory, resolved, "task", name, attempt.node, marker);
    run.capture = this.capture(unit.id, attempt.number);
    const service = await this.createService(unit, spec, Object.values(resolved.env));
    run.service = service;
    run.name = name;
    run.log = new ServiceLog(service, { capture: run.capture, ...marker ? { marker } : {} });
    this.track(run.log.start());
    if (run.killReason || this.closing) return this.endAttempt(run, void 0);
    run.pendingSince = Date.now();
    this.watch({
      serviceId: service.id,
      name,
      onTask: (task) => this.onAttemptTask(run, task),
      onGone: () => this.track(this.endAttempt(run, { ID: "", ServiceID: service.id, Status: { State: "remove", Err: "its swarm service was removed outside Gantry" } }))
    });
  }
  onAttemptTask(run, task) {
    if (run.done || run.killReason) return;
    const state = task.Status?.State ?? "unknown";
    if (!run.started && (state === "running" || state === "complete" || state === "failed" && task.Status?.ContainerStatus?.ContainerID)) {
      run.started = true;
      run.onStarted();
    }
    if (TERMINAL.has(state)) {
      this.unwatch(run.service.id);
      this.track(this.endAttempt(run, task));
      return;
    }
    if (task.DesiredState === "shutdown" || task.DesiredState === "remove") {
      run.orphanedSince ??= Date.now();
      if (Date.now() - run.orphanedSince > (this.options.orphanLimitMs ?? 3e4)) {
        this.unwatch(run.service.id);
        this.track(this.endAttempt(run, { ...task, Status: { ...task.Status, State: "orphaned", Err: `its node stopped reporting (the manager wants the task shut down, it still says ${state})` } }));
      }
      return;
    }
    const limit = this.options.pendingLimitMs ?? 12e4;
    if (state === "pending" && run.pendingSince !== void 0 && Date.now() - run.pendingSince > limit) {
      this.unwatch(run.service.id);
      this.track(this.endAttempt(run, { ...task, Status: { ...task.Status, State: "rejected", Err: `still pending after ${Math.round(limit / 1e3)} s: ${task.Status?.Err || task.Status?.Message || "no node took it"}` } }));
    }
  }
  /**
   * Ends an attempt: `task` is its last state (undefined when Gantry killed it); the log is read
   * to its end, the outputs taken, the service removed.
   */
  async endAttempt(run, task) {
    if (run.done) return;
    const unit = run.attempt.unit;
    if (run.service) this.unwatch(run.service.id);
    if (task === void 0) {
      await run.log?.finish(2e3);
      await this.removeService(run.service);
      run.capture?.end();
      const reason = run.killReason ?? "cancel";
      return this.finish(run, run.started ? { status: statusFor(reason), message: killMessage(reason) } : notStarted(reason));
    }
    const outputsText = await run.log.finish();
    run.capture?.end();
    const status = task.Status ?? {};
    const exitCode = status.ContainerStatus?.ExitCode;
    const state = status.State;
    let outcome;
    if (state === "complete") {
      outcome = { status: "succeeded", exitCode: 0 };
    } else if (state === "rejected" || state === "failed" && !status.ContainerStatus?.ContainerID) {
      const err = this.clean(status.Err || status.Message || "the node refused the task");
      outcome = { status: "failed", message: `could not start on its node: ${err}`, ...IMAGE_PROBLEM.test(err) ? { cause: "image-unavailable" } : {} };
    } else if (exitCode === 137 && await this.oomKilled(status.ContainerStatus?.ContainerID, run.attempt.node)) {
      outcome = { status: "oom", exitCode, message: `out of memory (limit ${formatBytes(run.attempt.memory)})` };
    } else if (exitCode === 137 && run.attempt.node !== void 0 && run.attempt.node !== this.options.home && run.attempt.memory > 0) {
      outcome = { status: "oom", exitCode, message: `killed (exit 137) under a memory limit of ${formatBytes(run.attempt.memory)} on another node: out of memory, inferred (the manager does not say)` };
    } else {
      outcome = { status: "failed", ...exitCode !== void 0 ? { exitCode } : {}, message: exitCode !== void 0 && exitCode !== 0 ? `exit code ${exitCode}` : this.clean(status.Err || `the task ended ${state}`) };
    }
    if (outputsText !== void 0) {
      const declared = unit.spec.outputs.map((o) => o.name);
      const written = parseOutputs(outputsText, declared);
      const masker = this.options.secrets?.masker;
      const outputs = {};
      for (const [key, value] of Object.entries(written)) outputs[key] = masker ? masker.mask(value) : value;
      outcome.outputs = outputs;
      const masked = Object.keys(outputs).filter((key) => outputs[key] !== written[key]);
      if (masked.length > 0) outcome.maskedOutputs = masked;
    }
    this.finish(run, outcome);
    this.track(this.removeService(run.service));
  }
  /** On the home node the engine itself says whether the kernel's OOM killer ended the container. */
  async oomKilled(containerId, node) {
    if (!containerId || node !== void 0 && node !== this.options.home) return false;
    try {
      const info = await this.docker.getContainer(containerId).inspect();
      return info.State?.OOMKilled === true;
    } catch {
      return false;
    }
  }
  finish(run, outcome) {
    if (run.done) return;
    run.done = true;
    if (outcome.message) outcome.message = this.mask(outcome.message);
    this.attempts.delete(run.attempt.id);
    try {
      run.onExit(outcome);
    } catch {
    }
  }
  // -------------------------------------------------------------------------------------------
  // Builds: on the home engine (core/placement.ts places their users there)
  async runBuild(run) {
    const { attempt } = run;
    const unit = attempt.unit;
    await this.setupDone;
    if (run.killReason || this.closing) return this.finish(run, notStarted(run.killReason ?? "cancel"));
    const spec = unit.build.spec;
    const context = resolveBuildContext(spec, { baseDir: this.options.baseDir, policy: this.options.binds.policy }, `Build ${unit.id}`);
    if (!context.ok) return this.finish(run, { status: "failed", message: context.message });
    const capture = this.capture(unit.id, attempt.number);
    run.started = true;
    run.onStarted();
    const abort = run.abort = new AbortController();
    try {
      await buildImage(this.docker, { dir: context.dir, dockerfile: context.dockerfile, spec, tag: buildTag(this.options.runId, unit.id), labels: this.labels, unitId: unit.id, capture, signal: abort.signal, env: this.options.env });
      this.built.add(unit.id);
      this.finish(run, { status: "succeeded", exitCode: 0 });
    } catch (error) {
      if (run.killReason) return this.finish(run, { status: statusFor(run.killReason), message: `the build was stopped (${run.killReason})` });
      this.finish(run, { status: "failed", message: error instanceof BuildFailed ? error.message : `the image could not be built: ${oneLine(error)}` });
    } finally {
      capture.end();
    }
  }
  // -------------------------------------------------------------------------------------------
  // Services
  startService(unit, callbacks, node) {
    const service = { unit, callbacks, state: "starting", stopped: false };
    this.services.set(unit.id, service);
    this.track(
      this.runService(service, node).catch((error) => this.serviceFailed(service, `service ${unit.id} could not start: ${this.clean(error)}`))
    );
  }
  stopService(unitId) {
    const service = this.services.get(unitId);
    if (!service || service.stopped) return;
    service.stopped = true;
    if (service.service) this.unwatch(service.service.id);
    service.log?.close();
    service.capture?.end();
    this.track(this.removeService(service.service));
  }
  async runService(service, node) {
    await this.setupDone;
    if (service.stopped || this.closing) return;
    const unit = service.unit;
    const resolved = resolveAttempt({ unit, needsOutputs: {}, id: `${unit.id}#0`, number: 0, memory: unit.memory });
    const name = swarmName(this.options.runId, unit.id, randomBytes(3).toString("hex"));
    const spec = await this.serviceSpec(unit, unit.memory, resolved, "service", name, node, void 0);
    service.capture = this.capture(unit.id, 0);
    const created = await this.createService(unit, spec, Object.values(resolved.env));
    service.service = created;
    service.name = name;
    if (service.stopped || this.closing) return void this.track(this.removeService(created));
    service.log = new ServiceLog(created, { capture: service.capture });
    this.track(service.log.start());
    this.watch({
      serviceId: created.id,
      name,
      onTask: (task) => this.onServiceTask(service, task),
      onGone: () => this.serviceFailed(service, "its swarm service was removed outside Gantry")
    });
  }
  onServiceTask(service, task) {
    if (service.stopped) return;
    const state = task.Status?.State ?? "unknown";
    if (state === "running" && service.state === "starting") {
      service.state = "healthy";
      try {
        service.callbacks.healthy();
      } catch {
      }
      return;
    }
    if (TERMINAL.has(state)) {
      const code = task.Status?.ContainerStatus?.ExitCode;
      const why = state === "rejected" ? `its node refused it: ${task.Status?.Err ?? "rejected"}` : code !== void 0 && code !== 0 ? `exited with code ${code}` : task.Status?.Err || `its task ended ${state}`;
      const last = service.capture?.last.get().slice(-5) ?? [];
      const health = service.state === "starting" && service.unit.spec.health ? " before its health check passed" : "";
      this.serviceFailed(service, `${why}${health}${last.length > 0 ? `; last output: ${last.join(" | ")}` : ""}`);
    }
  }
  serviceFailed(service, message) {
    if (service.stopped || service.state === "failed") return;
    service.state = "failed";
    if (service.service) this.unwatch(service.service.id);
    try {
      service.callbacks.failed(this.mask(this.clean(message)));
    } catch {
    }
  }
  // -------------------------------------------------------------------------------------------
  // Service specs
  async serviceSpec(unit, memory, resolved, kind, name, node, marker) {
    const spec = unit.spec;
    const mounts = [{ Type: "tmpfs", Target: OUTPUT_MOUNT, TmpfsOptions: { Mode: 1023 } }];
    for (const mount of spec.volumes) {
      if (mount.kind === "volume") {
        const volume = this.volumeNames.get(mount.source);
        if (!volume) throw new Error(`volume "${mount.source}" is not declared under volumes:`);
        mounts.push({ Type: "volume", Source: volume, Target: mount.target, ReadOnly: mount.readOnly });
      } else {
        const bind = resolveBind(mount, { baseDir: this.options.baseDir, policy: this.options.binds.policy, hidden: this.options.binds.hidden }, `${unit.kind} ${unit.id}`);
        if (!bind.ok) throw new Error(`${bind.message} [${bind.code}]`);
        mounts.push({ Type: "bind", Source: bind.source, Target: mount.target, ReadOnly: mount.readOnly });
        for (const target of bind.covers) mounts.push({ Type: "tmpfs", Target: target, ReadOnly: true });
      }
    }
    const env = { ...resolved.env, GANTRY_OUTPUT: OUTPUT_FILE };
    const values = this.options.secrets?.values ?? {};
    const secrets = [];
    for (const secret of spec.secrets) {
      if (!Object.hasOwn(values, secret.name)) continue;
      if (secret.as === "env") env[secret.name] = values[secret.name];
      else {
        const made = this.secretIds.get(secret.name);
        if (made) secrets.push({ SecretID: made.id, SecretName: made.name, File: { Name: secret.name, UID: "0", GID: "0", Mode: 292 } });
      }
    }
    let command = resolved.entrypoint;
    let args = resolved.command;
    if (marker !== void 0) {
      const argv = await this.argv(unit, resolved);
      env.GANTRY_OUTPUT_MARK = marker;
      command = ["/bin/sh", "-c", `"$@"; s=$?; printf '\\n%s\\n' "$GANTRY_OUTPUT_MARK"; cat "$GANTRY_OUTPUT" 2>/dev/null; exit $s`, "gantry-outputs"];
      args = argv;
    }
    const health = kind === "service" ? spec.health : void 0;
    const nano = Math.round(unit.cpus * 1e9);
    const resources = { ...nano > 0 ? { NanoCPUs: nano } : {}, ...memory > 0 ? { MemoryBytes: memory } : {} };
    const hostNetwork = spec.network === "host";
    const local = kind === "service" && !hostNetwork ? spec.ports?.find((p) => p.address !== "0.0.0.0") : void 0;
    if (local) {
      throw new Error(`port ${local.host}:${local.container} would be published on every interface of its swarm node, not on ${local.address}: write "0.0.0.0:${local.host}:${local.container}" if that is meant`);
    }
    return {
      Name: name,
      Labels: { ...this.labels, [LABEL_UNIT]: unit.id },
      TaskTemplate: {
        ContainerSpec: {
          Image: this.imageOf(unit),
          ...command ? { Command: command } : {},
          ...args ? { Args: args } : {},
          Env: Object.entries(env).map(([k, v]) => `${k}=${v}`),
          ...resolved.workdir ? { Dir: resolved.workdir } : {},
          ...resolved.user ? { User: resolved.user } : {},
          Labels: { ...this.labels, [LABEL_UNIT]: unit.id },
          Mounts: mounts,
          ...secrets.length > 0 ? { Secrets: secrets } : {},
          Init: true,
          StopGracePeriod: (this.options.killGraceMs ?? 5e3) * 1e6,
          ...spec.capAdd.length > 0 ? { CapabilityAdd: spec.capAdd } : {},
          ...kind === "service" ? { Hostname: spec.name } : {},
          ...health ? {
            Healthcheck: {
              Test: health.command ? ["CMD", ...health.command] : ["CMD-SHELL", health.run ?? "true"],
              Interval: Math.max(1, health.interval) * 1e6,
              Timeout: Math.max(1, health.timeout) * 1e6,
              Retries: health.retries,
              StartPeriod: health.startPeriod * 1e6
            }
          } : {}
        },
        // Limits only: Gantry packs the nodes itself. With reservations too, the manager releases a
        // finished task's share late and rejects the next task Gantry placed there ("assigned node
        // no longer meets constraints").
        Resources: { Limits: { ...resources, Pids: 4096 } },
        RestartPolicy: { Condition: "none", MaxAttempts: 0 },
        Placement: node ? { Constraints: [`node.id==${node}`] } : {},
        Networks: hostNetwork ? [{ Target: "host" }] : [{ Target: this.networkName, Aliases: [spec.name] }],
        LogDriver: { Name: "json-file", Options: { "max-size": "10m", "max-file": "1" } }
      },
      // A task too is a one-replica service that is never restarted, not a `replicated-job`: the
      // engine leaves a removed job's containers behind on its node (moby/moby#42789), which no
      // call through the manager can remove.
      Mode: { Replicated: { Replicas: 1 } },
      EndpointSpec: kind === "service" && spec.ports?.length && !hostNetwork ? { Mode: "dnsrr", Ports: spec.ports.map((p) => ({ Protocol: p.protocol, TargetPort: p.container, PublishedPort: p.host, PublishMode: "host" })) } : { Mode: "dnsrr" }
    };
  }
  /** The whole argv the container would run: the wrapper runs it as `"$@"`. */
  async argv(unit, resolved) {
    if (resolved.entrypoint) return [...resolved.entrypoint, ...resolved.command ?? []];
    let config;
    try {
      config = (await this.docker.getImage(this.imageOf(unit)).inspect()).Config;
    } catch {
      config = void 0;
    }
    if (!config) {
      throw new Error(
        `on Docker Swarm a task with outputs runs its command through /bin/sh after the image's entrypoint, and image ${unit.image} is not on the manager to read it from: pull it there (docker pull ${unit.image}) or give ${unit.id} an entrypoint`
      );
    }
    return [...config.Entrypoint ?? [], ...resolved.command ?? config.Cmd ?? []];
  }
  imageOf(unit) {
    return unit.build ? buildTag(this.options.runId, unit.build.unit) : normalizeReference(unit.image);
  }
  /** Creates the service, with the registry's credentials when the client has some for its image. */
  async createService(unit, spec, values) {
    let auth;
    let secrets = [];
    if (!unit.build) {
      try {
        const found = await findCredentials(registryOf(normalizeReference(unit.image)), { env: this.options.env });
        if (found.auth) auth = { ...found.auth };
        secrets = found.secrets;
      } catch (error) {
        throw new Error(`the registry credentials for ${unit.image} could not be read: ${oneLine(error)}`);
      }
    }
    try {
      const docker = this.docker;
      const created = auth ? await docker.createService(auth, spec) : await docker.createService(spec);
      return this.docker.getService(created.id);
    } catch (error) {
      throw new Error(this.mask(redact(redact(oneLine(error), values), secrets)));
    }
  }
  async removeService(service) {
    if (!service) return;
    try {
      await withTimeout(service.remove(), 3e4, () => new Error("timeout"));
    } catch {
    }
  }
  // -------------------------------------------------------------------------------------------
  // The one poller of task states
  watch(entry) {
    this.watched.set(entry.serviceId, entry);
    if (!this.polling) {
      this.polling = true;
      this.schedulePoll(0);
    }
  }
  unwatch(serviceId) {
    this.watched.delete(serviceId);
  }
  stopPolling() {
    this.polling = false;
    if (this.pollTimer) clearTimeout(this.pollTimer);
    this.pollTimer = void 0;
  }
  schedulePoll(delay) {
    this.pollTimer = setTimeout(() => void this.poll(), delay);
  }
  async poll() {
    this.pollTimer = void 0;
    if (this.watched.size === 0) {
      this.polling = false;
      return;
    }
    try {
      const filters = JSON.stringify({ label: [`dev.gantry.run=${this.options.runId}`] });
      const tasks = await withTimeout(this.docker.listTasks({ filters }), 3e4, () => new Error("timeout"));
      const latest = /* @__PURE__ */ new Map();
      for (const task of tasks) {
        const seen = latest.get(task.ServiceID);
        if (!seen || (task.CreatedAt ?? "") > (seen.CreatedAt ?? "")) latest.set(task.ServiceID, task);
      }
      for (const [serviceId, task] of latest) {
        const entry = this.watched.get(serviceId);
        if (entry) entry.onTask(task);
      }
      for (const entry of [...this.watched.values()]) {
        if (latest.has(entry.serviceId)) {
          entry.missing = 0;
          continue;
        }
        entry.missing = (entry.missing ?? 0) + 1;
        if (entry.missing % 30 !== 0) continue;
        const gone = await this.docker.getService(entry.serviceId).inspect().then(() => false, (error) => isGone(error));
        if (gone && this.watched.get(entry.serviceId) === entry) {
          this.unwatch(entry.serviceId);
          entry.onGone();
        }
      }
      this.failingSince = void 0;
    } catch (error) {
      this.failingSince ??= Date.now();
      if (Date.now() - this.failingSince > (this.options.managerLostMs ?? 6e4)) this.managerLost(this.clean(error));
    }
    if (this.watched.size > 0 && this.polling) this.schedulePoll(this.options.pollMs ?? 100);
    else this.polling = false;
  }
  /** Every watched attempt fails, every watched service too: the manager stopped answering. */
  managerLost(why) {
    const message = `the swarm manager stopped answering (${why})`;
    this.watched.clear();
    for (const run of [...this.attempts.values()]) {
      if (run.done || !run.service) continue;
      run.capture?.end();
      run.log?.close();
      this.finish(run, { status: "failed", message });
    }
    for (const service of this.services.values()) if (service.service) this.serviceFailed(service, message);
  }
  // -------------------------------------------------------------------------------------------
  // Helpers
  capture(unitId, attempt) {
    let file;
    try {
      file = this.options.logs.file?.(unitId, attempt);
    } catch {
      file = void 0;
    }
    return new OutputCapture({
      ...file ? { filePath: file } : {},
      capBytes: DEFAULT_LOG_CAP_BYTES,
      ...this.options.secrets && !this.options.secrets.masker.empty ? { masker: this.options.secrets.masker } : {},
      onLine: (stream, text) => {
        try {
          this.options.logs.line(unitId, attempt, stream, text);
        } catch {
        }
      }
    });
  }
  mask(text) {
    const masker = this.options.secrets?.masker;
    return masker ? masker.mask(text) : text;
  }
  clean(error) {
    return this.mask(oneLine(error instanceof Error ? error.message : error));
  }
  call(what, request) {
    return withTimeout(request(), 3e4, () => new Error(`${what}: the swarm manager did not answer within 30 s`));
  }
  track(promise) {
    const tracked = promise.catch(() => void 0).finally(() => this.pending.delete(tracked));
    this.pending.add(tracked);
  }
};
function statusFor(reason) {
  return reason === "timeout" ? "timeout" : reason === "cancel" ? "cancelled" : "killed";
}
function notStarted(reason) {
  const why = reason === "timeout" ? "timed out before it started" : reason === "cancel" ? "cancelled before it started" : "stopped before it started (fail-fast)";
  return { status: statusFor(reason), message: why };
}
function killMessage(reason) {
  return reason === "timeout" ? "timed out: its swarm job was removed" : reason === "cancel" ? "cancelled: its swarm job was removed" : "stopped by fail-fast: its swarm job was removed";
}
function sleep(ms) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

// core/backends/swarm/backend.ts
function swarmBackend(options = {}) {
  return {
    name: "swarm",
    label: "the Docker Swarm",
    async connect(connect) {
      const address = engineAddress(connect.env);
      const docker = await connectEngine(connect.env, {
        ...options.connectTimeoutMs !== void 0 ? { timeoutMs: options.connectTimeoutMs } : {},
        ...options.callTimeoutMs !== void 0 ? { callTimeoutMs: options.callTimeoutMs } : {},
        ...connect.signal ? { signal: connect.signal } : {}
      }).catch((error) => {
        if (error instanceof GantryError && error.message.startsWith("Cannot connect to the Docker engine")) {
          throw new GantryError(error.code, error.message.replace("Cannot connect to the Docker engine", "Cannot connect to the Docker Swarm manager"), error.range, error.hint);
        }
        throw error;
      });
      const info = await swarmInfo(docker, address.display);
      return new SwarmConnection(docker, info.nodeId, options, connect.env);
    }
  };
}
var SwarmConnection = class {
  constructor(docker, home, options, env) {
    this.docker = docker;
    this.home = home;
    this.options = options;
    this.env = env;
  }
  docker;
  home;
  options;
  env;
  closed = false;
  capacity() {
    this.open();
    return swarmCapacity(this.docker, this.home, this.options.callTimeoutMs);
  }
  executor(options) {
    this.open();
    if (options.keepFailed) {
      throw new GantryError("swarm-unsupported", "--keep-failed is not available on Docker Swarm yet: a failed job is removed with its service.", void 0, "Run with --engine docker to keep failed containers, or read the failed task's log in .gantry/runs/.");
    }
    if (options.borrowedVolumes && Object.keys(options.borrowedVolumes).length > 0) {
      throw new GantryError("swarm-unsupported", "gantry run --resume is not available on Docker Swarm yet.", void 0, "Run the whole file again, or resume with --engine docker.");
    }
    return new SwarmExecutor({
      docker: this.docker,
      runId: options.runId,
      instance: options.instance,
      owner: options.owner,
      baseDir: options.baseDir,
      volumes: options.volumes,
      binds: options.binds,
      logs: options.logs,
      ...options.secrets ? { secrets: options.secrets } : {},
      home: this.home,
      env: this.env,
      ...this.options.pollMs !== void 0 ? { pollMs: this.options.pollMs } : {}
    });
  }
  /**
   * Services and secrets of dead runs first (removing a service stops its tasks on every node),
   * then the home engine's leftovers (the run's network, volumes, built images, containers still
   * stopping) by the Docker backend's sweep, which judges owners the same way.
   */
  async sweep(selector, options = {}) {
    this.open();
    const timeout = this.options.callTimeoutMs ?? 3e4;
    const call = (what, promise) => withTimeout(promise, timeout, () => new Error(`${what}: the swarm manager did not answer within ${timeout} ms`));
    const filters = JSON.stringify(labelFilter(selector));
    const [services, secrets] = await Promise.all([
      call("list services", this.docker.listServices({ filters })),
      call("list secrets", this.docker.listSecrets({ filters }))
    ]);
    const runs = /* @__PURE__ */ new Map();
    const note = (labels, kind, id) => {
      const runId = labels?.[LABEL_RUN];
      if (runId === void 0) return;
      const run = runs.get(runId) ?? { services: [], secrets: [] };
      run.owner ??= labels?.[LABEL_OWNER];
      run[kind].push(id);
      runs.set(runId, run);
    };
    for (const s of services) note(s.Spec?.Labels, "services", s.ID);
    for (const s of secrets) note(s.Spec?.Labels, "secrets", s.ID);
    const spare = new Set(options.spare ?? []);
    const removedHere = /* @__PURE__ */ new Map();
    const keptHere = /* @__PURE__ */ new Map();
    for (const [runId, run] of runs) {
      if (spare.has(runId)) continue;
      const state = ownerState(run.owner);
      const leftover = { runId, ...run.owner !== void 0 ? { owner: run.owner } : {}, state, why: describeOwner({ runId, owner: run.owner, state }) };
      if (state !== "gone" && !options.force) {
        keptHere.set(runId, leftover);
        continue;
      }
      const errors = [];
      let removedServices = 0;
      let removedSecrets = 0;
      for (const id of run.services) {
        await call("remove a service", this.docker.getService(id).remove()).then(
          () => removedServices++,
          (error) => errors.push(`service ${id}: ${oneLine(error)}`)
        );
      }
      for (const id of run.secrets) {
        await call("remove a secret", this.docker.getSecret(id).remove()).then(
          () => removedSecrets++,
          (error) => errors.push(`secret ${id}: ${oneLine(error)}`)
        );
      }
      removedHere.set(runId, { services: removedServices, secrets: removedSecrets, errors });
    }
    if (removedHere.size > 0) await this.quiet(removedHere.keys());
    const home = await sweepLeftovers(this.docker, selector, {
      ...options.force !== void 0 ? { force: options.force } : {},
      ...this.options.callTimeoutMs !== void 0 ? { callTimeoutMs: this.options.callTimeoutMs } : {},
      ...options.spare?.length ? { spare: options.spare } : {}
    });
    const result = { removed: [], kept: [] };
    const seen = /* @__PURE__ */ new Set();
    for (const run of home.removed) {
      seen.add(run.runId);
      const here = removedHere.get(run.runId);
      const parts = [describeSwarm(here), describeRemoved(run.removed, run.folders)].filter((p) => p && p !== "nothing");
      const swept = {
        runId: run.runId,
        ...run.owner !== void 0 ? { owner: run.owner } : {},
        state: run.state,
        why: describeOwner(run),
        removed: parts.length > 0 ? parts.join(", ") : "nothing",
        errors: [...here?.errors ?? [], ...run.removed.errors]
      };
      result.removed.push(swept);
    }
    for (const [runId, here] of removedHere) {
      if (seen.has(runId)) continue;
      seen.add(runId);
      const owner = runs.get(runId)?.owner;
      const state = ownerState(owner);
      result.removed.push({ runId, ...owner !== void 0 ? { owner } : {}, state, why: describeOwner({ runId, owner, state }), removed: describeSwarm(here) || "nothing", errors: here.errors });
    }
    for (const run of home.kept) {
      if (seen.has(run.runId)) continue;
      seen.add(run.runId);
      result.kept.push({ runId: run.runId, ...run.owner !== void 0 ? { owner: run.owner } : {}, state: run.state, why: describeOwner(run), ...run.keptFailed ? { keptFailed: true } : {} });
    }
    for (const [runId, kept] of keptHere) if (!seen.has(runId)) result.kept.push(kept);
    return result;
  }
  /** Waits (at most 20 s) until no container of these runs is left on the home engine. */
  async quiet(runIds) {
    const ids = [...runIds];
    const deadline = Date.now() + 2e4;
    while (Date.now() < deadline) {
      const filters = JSON.stringify({ label: ids.length === 1 ? [`${LABEL_RUN}=${ids[0]}`] : [LABEL_RUN] });
      const left = await this.docker.listContainers({ all: true, filters }).catch(() => []);
      if (!left.some((c) => ids.includes(c.Labels?.[LABEL_RUN] ?? "") && c.State === "running")) return;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }
  async close() {
    this.closed = true;
  }
  open() {
    if (this.closed) throw new GantryError("engine-closed", "This connection to the Docker Swarm was closed.");
  }
};
function describeSwarm(here) {
  if (!here) return "";
  const count = (n, what) => `${n} ${what}${n === 1 ? "" : "s"}`;
  return [here.services ? count(here.services, "swarm service") : "", here.secrets ? count(here.secrets, "swarm secret") : ""].filter(Boolean).join(", ");
}
export {
  swarmBackend
};
