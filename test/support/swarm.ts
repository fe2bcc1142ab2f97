/**
 * A Docker Swarm for the swarm backend's tests and benchmark, made of this machine's engine and
 * (for two nodes) a second engine in a network namespace of its own, joined as a worker
 * (/work/shared/recipes/machine.md, "A two-node Docker Swarm on one machine").
 *
 * - `useSwarm()`: the local engine as a single-node swarm manager. When its swarm state is
 *   inactive it runs `docker swarm init` and `release()` leaves the swarm again; when the engine is
 *   a swarm member already it is left exactly as it was.
 * - `addSecondNode()` / `removeSecondNode()`: netns `gantry-node2`, veth `gantry-n1` (10.200.0.1,
 *   here) ↔ `gantry-n2` (10.200.0.2, there), a second dockerd started with `nsenter --net` (not
 *   `ip netns exec`, which remounts /sys and hides the cgroups) in a UTS namespace of its own (host
 *   name `gantry-node2`, so `docker node ls` tells the nodes apart), with its own data-root,
 *   exec-root, pid file and socket; `busybox:latest` copied into it (`docker save | load`: no
 *   registry here); joined as a worker at 10.200.0.1:2377.
 *
 * The manager's advertised address: a swarm inited without `--advertise-addr` advertises whatever
 * address the engine chose (127.0.0.1 or the machine's eth0 address here), and a worker reconnects
 * to the address the manager advertises, not the one it joined at. Neither is reachable from the
 * namespace, so inside it (only there) that address's port 2377 is translated to 10.200.0.1:2377
 * (iptables DNAT + SNAT, `route_localnet` for a loopback address). The manager listens on
 * 0.0.0.0:2377, so 10.200.0.1:2377 reaches it.
 *
 * Both survive a crashed earlier run: `addSecondNode` first removes whatever a previous run left
 * (an engine still running from the pid file, the namespace, the veth, nodes named gantry-node2
 * in the manager's list). Nothing here is module state: what was made is in the returned objects.
 */
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, openSync, closeSync } from 'node:fs';

export const NETNS = 'gantry-node2';
export const NODE2_HOSTNAME = 'gantry-node2';
const VETH_HERE = 'gantry-n1';
const VETH_THERE = 'gantry-n2';
export const ADDR_HERE = '10.200.0.1';
export const ADDR_THERE = '10.200.0.2';
const DATA_ROOT = '/var/lib/gantry-node2';
const EXEC_ROOT = '/var/run/gantry-node2';
const PIDFILE = '/var/run/gantry-node2.pid';
export const NODE2_SOCKET = '/var/run/gantry-node2.sock';
export const NODE2_HOST = `unix://${NODE2_SOCKET}`;
const LOG = '/tmp/gantry-node2-dockerd.log';
const IMAGE = 'busybox:latest';

/** Runs a command; its stdout (trimmed). Throws with its stderr when it fails. */
export function sh(command: string, args: string[], options: { input?: Buffer | string; timeoutMs?: number; host?: string } = {}): string {
  const env = options.host ? { ...process.env, DOCKER_HOST: options.host } : process.env;
  const r = spawnSync(command, args, { encoding: 'utf8', env, input: options.input, timeout: options.timeoutMs ?? 120_000 });
  if (r.status !== 0) throw new Error(`${command} ${args.join(' ')}: exit ${r.status ?? r.signal}: ${(r.stderr || r.stdout || String(r.error ?? '')).trim()}`);
  return (r.stdout ?? '').trim();
}

/** Like `sh`, but a failure is only returned (things that may already be gone). */
function tryRun(command: string, args: string[], host?: string): boolean {
  const env = host ? { ...process.env, DOCKER_HOST: host } : process.env;
  return spawnSync(command, args, { stdio: 'ignore', env, timeout: 60_000 }).status === 0;
}

/** `docker` against the second engine. */
export function docker2(args: string[], options: { input?: Buffer | string; timeoutMs?: number } = {}): string {
  return sh('docker', args, { ...options, host: NODE2_HOST });
}

interface SwarmState {
  LocalNodeState?: string;
  ControlAvailable?: boolean;
  NodeID?: string;
  RemoteManagers?: { NodeID: string; Addr: string }[] | null;
}

function swarmState(host?: string): SwarmState {
  return JSON.parse(sh('docker', ['info', '--format', '{{json .Swarm}}'], host ? { host } : {})) as SwarmState;
}

/**
 * Why this machine cannot run a swarm at all (no engine, a worker of someone else's swarm, no
 * `ip`/`nsenter`), or undefined when it can. A test skips only for one of these, and prints it.
 */
export function swarmUnavailable(): string | undefined {
  try {
    sh('docker', ['version', '--format', '{{.Server.Version}}'], { timeoutMs: 20_000 });
  } catch (error) {
    return `no Docker engine answers: ${(error as Error).message}`;
  }
  const state = swarmState();
  if (state.LocalNodeState === 'active' && !state.ControlAvailable) return 'the engine is a worker of another swarm (Gantry needs a manager)';
  if (state.LocalNodeState !== 'active' && state.LocalNodeState !== 'inactive') return `the engine's swarm state is ${state.LocalNodeState} (neither active nor inactive)`;
  for (const tool of ['ip', 'nsenter', 'unshare', 'iptables']) {
    if (spawnSync('sh', ['-c', `command -v ${tool}`], { stdio: 'ignore' }).status !== 0) return `${tool} is not installed (.ci/setup installs it)`;
  }
  return undefined;
}

export interface SwarmUse {
  /** The manager's (this engine's) node id. */
  managerId: string;
  /** Whether `useSwarm` ran `docker swarm init` (then `release` leaves the swarm). */
  inited: boolean;
  /** Leaves the swarm only if `useSwarm` made it; otherwise does nothing. */
  release(): void;
}

/** The local engine as a swarm manager: inits a single-node swarm only when the engine is in none. */
export function useSwarm(): SwarmUse {
  const before = swarmState();
  let inited = false;
  if (before.LocalNodeState === 'inactive') {
    sh('docker', ['swarm', 'init']);
    inited = true;
  } else if (before.LocalNodeState !== 'active' || !before.ControlAvailable) {
    throw new Error(`the engine cannot be used as a swarm manager (swarm state ${before.LocalNodeState}, manager ${before.ControlAvailable})`);
  }
  const managerId = swarmState().NodeID!;
  return {
    managerId,
    inited,
    release() {
      if (inited) sh('docker', ['swarm', 'leave', '--force']);
    },
  };
}

export interface SecondNode {
  /** Its node id in the swarm. */
  id: string;
  /** Its engine's `DOCKER_HOST`. */
  host: string;
}

/** The pid in the second engine's pid file, when that process still runs. */
function runningPid(): number | undefined {
  if (!existsSync(PIDFILE)) return undefined;
  const pid = Number(readFileSync(PIDFILE, 'utf8').trim());
  if (!Number.isSafeInteger(pid) || pid <= 0) return undefined;
  try {
    process.kill(pid, 0);
  } catch {
    return undefined;
  }
  // A pid reused by something else is not ours to stop.
  const cmdline = (() => {
    try {
      return readFileSync(`/proc/${pid}/cmdline`, 'utf8');
    } catch {
      return '';
    }
  })();
  return cmdline.includes(PIDFILE) ? pid : undefined;
}

function waitUntil(what: string, check: () => boolean, limitMs: number): void {
  const deadline = Date.now() + limitMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`${what}: not within ${limitMs / 1000} s`);
    spawnSync('sleep', ['0.25']);
  }
}

/** Removes this manager's entries of the second node (left by a crashed run: Down, or still listed). */
function forgetNode2(): void {
  const lines = sh('docker', ['node', 'ls', '--format', '{{.ID}} {{.Hostname}}']).split('\n').filter(Boolean);
  for (const line of lines) {
    const [id, hostname] = line.split(' ');
    if (hostname === NODE2_HOSTNAME) tryRun('docker', ['node', 'rm', '--force', id]);
  }
}

/**
 * Stops the second engine (leaving the swarm first when it answers), removes it from the
 * manager's list, deletes the namespace and the veth. Safe to call when nothing is there.
 */
export function removeSecondNode(): void {
  if (existsSync(NODE2_SOCKET) && runningPid() !== undefined) tryRun('docker', ['swarm', 'leave', '--force'], NODE2_HOST);
  const pid = runningPid();
  if (pid !== undefined) {
    process.kill(pid, 'SIGTERM');
    try {
      waitUntil('the second dockerd stopping', () => runningPid() === undefined, 30_000);
    } catch {
      process.kill(pid, 'SIGKILL');
      waitUntil('the second dockerd dying', () => runningPid() === undefined, 10_000);
    }
  }
  if (swarmState().LocalNodeState === 'active') forgetNode2();
  // The namespace goes when no process is left in it (containerd shims of the engine go with it).
  if (existsSync(`/var/run/netns/${NETNS}`)) {
    const left = spawnSync('ip', ['netns', 'pids', NETNS], { encoding: 'utf8' }).stdout.split('\n').filter(Boolean);
    for (const p of left) tryRun('kill', ['-9', p]);
    tryRun('ip', ['netns', 'del', NETNS]);
  }
  if (tryRun('ip', ['link', 'show', VETH_HERE])) tryRun('ip', ['link', 'del', VETH_HERE]);
  waitUntil('the veth going', () => !tryRun('ip', ['link', 'show', VETH_HERE]), 10_000);
  rmSync(EXEC_ROOT, { recursive: true, force: true });
  rmSync(NODE2_SOCKET, { force: true });
  rmSync(PIDFILE, { force: true });
  // The data root (images, the swarm's state of a worker) is not reused: a fresh engine each time.
  rmSync(DATA_ROOT, { recursive: true, force: true });
}

/** Makes the second engine, loads the test image into it and joins it to this manager's swarm as a worker. */
export async function addSecondNode(): Promise<SecondNode> {
  removeSecondNode();
  const manager = swarmState();
  if (manager.LocalNodeState !== 'active' || !manager.ControlAvailable) throw new Error('addSecondNode: call useSwarm() first');
  sh('ip', ['netns', 'add', NETNS]);
  sh('ip', ['link', 'add', VETH_HERE, 'type', 'veth', 'peer', 'name', VETH_THERE]);
  sh('ip', ['link', 'set', VETH_THERE, 'netns', NETNS]);
  sh('ip', ['addr', 'add', `${ADDR_HERE}/24`, 'dev', VETH_HERE]);
  sh('ip', ['link', 'set', VETH_HERE, 'up']);
  const inNs = (args: string[]) => sh('nsenter', [`--net=/var/run/netns/${NETNS}`, ...args]);
  inNs(['ip', 'addr', 'add', `${ADDR_THERE}/24`, 'dev', VETH_THERE]);
  inNs(['ip', 'link', 'set', VETH_THERE, 'up']);
  inNs(['ip', 'link', 'set', 'lo', 'up']);
  // The address the manager advertises (see the module's doc), translated inside the namespace.
  const advertised = manager.RemoteManagers?.find((m) => m.NodeID === manager.NodeID)?.Addr ?? `${ADDR_HERE}:2377`;
  const [advertisedIp, advertisedPort] = [advertised.slice(0, advertised.lastIndexOf(':')), advertised.slice(advertised.lastIndexOf(':') + 1)];
  if (advertisedIp !== ADDR_HERE) {
    if (advertisedIp.startsWith('127.')) inNs(['sysctl', '-q', '-w', 'net.ipv4.conf.all.route_localnet=1']);
    inNs(['iptables', '-t', 'nat', '-A', 'OUTPUT', '-p', 'tcp', '-d', advertisedIp, '--dport', advertisedPort, '-j', 'DNAT', '--to-destination', `${ADDR_HERE}:2377`]);
    inNs(['iptables', '-t', 'nat', '-A', 'POSTROUTING', '-p', 'tcp', '-d', ADDR_HERE, '--dport', '2377', '-j', 'SNAT', '--to-source', ADDR_THERE]);
  }
  mkdirSync(DATA_ROOT, { recursive: true });
  mkdirSync(EXEC_ROOT, { recursive: true });
  const log = openSync(LOG, 'w');
  const child = spawn(
    'unshare',
    [
      '--uts',
      'sh',
      '-c',
      `hostname ${NODE2_HOSTNAME} && exec nsenter --net=/var/run/netns/${NETNS} dockerd --data-root ${DATA_ROOT} --exec-root ${EXEC_ROOT} --pidfile ${PIDFILE} -H ${NODE2_HOST}`,
    ],
    { detached: true, stdio: ['ignore', log, log] },
  );
  child.unref();
  closeSync(log);
  try {
    waitUntil('the second dockerd answering', () => tryRun('docker', ['info'], NODE2_HOST), 60_000);
    const image = execFileSync('docker', ['save', IMAGE], { maxBuffer: 256 * 1024 * 1024 });
    docker2(['load', '-q'], { input: image });
    const token = sh('docker', ['swarm', 'join-token', '-q', 'worker']);
    docker2(['swarm', 'join', '--advertise-addr', ADDR_THERE, '--listen-addr', `${ADDR_THERE}:2377`, '--token', token, `${ADDR_HERE}:2377`], { timeoutMs: 90_000 });
    const id = swarmState(NODE2_HOST).NodeID!;
    waitUntil('the second node Ready in the manager\'s list', () => sh('docker', ['node', 'inspect', id, '--format', '{{.Status.State}} {{.Spec.Availability}}']) === 'ready active', 60_000);
    return { id, host: NODE2_HOST };
  } catch (error) {
    const tail = existsSync(LOG) ? readFileSync(LOG, 'utf8').split('\n').slice(-15).join('\n') : '';
    removeSecondNode();
    throw new Error(`${(error as Error).message}\n${LOG}:\n${tail}`);
  }
}

/** Drains or activates a node (a node drained runs nothing; the backend leaves it out). */
export function setAvailability(nodeId: string, availability: 'active' | 'drain'): void {
  sh('docker', ['node', 'update', '--availability', availability, nodeId]);
  waitUntil(`node ${nodeId} ${availability}`, () => sh('docker', ['node', 'inspect', nodeId, '--format', '{{.Spec.Availability}}']) === availability, 30_000);
}

/** What a run left on the swarm and on an engine by its label: services, secrets (manager), containers, networks, volumes. */
export function swarmLeftovers(runId: string, host?: string): string[] {
  const label = `label=dev.gantry.run=${runId}`;
  const q = (args: string[], h?: string) => sh('docker', args, h ? { host: h } : {}).split('\n').filter(Boolean);
  const found = [
    ...q(['service', 'ls', '-q', '--filter', label]).map((id) => `service ${id}`),
    ...q(['secret', 'ls', '-q', '--filter', label]).map((id) => `secret ${id}`),
    ...q(['ps', '-aq', '--filter', label]).map((id) => `container ${id}`),
    ...q(['network', 'ls', '-q', '--filter', label]).map((id) => `network ${id}`),
    ...q(['volume', 'ls', '-q', '--filter', label]).map((id) => `volume ${id}`),
  ];
  if (host) found.push(...q(['ps', '-aq', '--filter', label], host).map((id) => `node2 container ${id}`), ...q(['volume', 'ls', '-q', '--filter', label], host).map((id) => `node2 volume ${id}`));
  return found;
}
