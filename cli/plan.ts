/**
 * `gantry plan FILE`: the schedule a run would follow if every task took its estimate — the
 * scheduler itself on a virtual clock. A Gantt chart for people, or `--json` for tools.
 */
import { parseArgs } from 'node:util';
import type { Capacity } from '../core/model';
import { plan, type Plan } from '../core/plan';
import { formatCapacity, formatDuration } from '../core/format';
import type { CliIo, Command } from './io';
import { EXIT } from './io';
import { capacityFromFlags, loadBatchFile } from './load';
import { parseShardCount, planShards, renderShardPlan, shardPlanJson, shardsOf } from './shards';
import { PARTITION_CPUS } from '../core/shard';

const USAGE = `Usage: gantry plan FILE [options]

Show how a run would be scheduled if every task took its estimate (default 10s): one row per task
and service, the makespan, the critical path and the lower bound no schedule can beat.

Options:
  --cpus N       CPUs to pack tasks into. Default: the file's capacity, else this machine's.
  --memory Q     Memory to pack into (e.g. 4Gi, 512Mi). Default: the file's, else this machine's.
  --parallel N   At most N containers at once. Default: the file's, else no limit.
  --json         Print {"makespan","lowerBound","criticalPath","tasks":[…]} (seconds, bytes).
  --shards N     Split the batch for N runners as \`gantry run --shard I/N\` and the action's
                 \`shard: I/N\` do: which tasks run where, each shard's predicted makespan.
                 With --json: {"shards":[{"shard","tasks","runs","shared","makespan","balanced"}]}.

Exit codes: 0 planned, 2 invalid file or usage.
`;

export const planCommand: Command = {
  summary: 'Show the schedule a run would follow, with its critical path',
  usage: USAGE,
  async run(argv: string[], io: CliIo): Promise<number> {
    let values: { cpus?: string; memory?: string; parallel?: string; json?: boolean; shards?: string };
    let positionals: string[];
    const usageError = (message: string) => {
      io.stderr.write(`gantry plan: ${message}\n\n${USAGE}`);
      return EXIT.invalid;
    };
    try {
      ({ values, positionals } = parseArgs({
        args: argv,
        allowPositionals: true,
        strict: true,
        options: { cpus: { type: 'string' }, memory: { type: 'string' }, parallel: { type: 'string' }, json: { type: 'boolean' }, shards: { type: 'string' } },
      }));
    } catch (error) {
      return usageError(error instanceof Error ? error.message.split('\n')[0] : String(error));
    }
    if (positionals.length !== 1) return usageError(positionals.length === 0 ? 'missing the batch FILE' : `one FILE at a time (got ${positionals.length})`);
    const capacity = capacityFromFlags(values);
    if (typeof capacity === 'string') return usageError(capacity);
    const shards = values.shards === undefined ? undefined : parseShardCount(values.shards);
    if (typeof shards === 'string') return usageError(shards);

    const loaded = loadBatchFile(positionals[0], io, { capacity });
    if (!loaded.ok) return loaded.code;
    if (shards !== undefined) {
      const cpus = capacity.cpus ?? loaded.validation.file.capacity.cpus ?? PARTITION_CPUS;
      const planned = planShards(loaded.validation.graph, shardsOf(loaded.validation.graph, shards, { flag: capacity.cpus, file: loaded.validation.file.capacity.cpus }), loaded.validation.capacity);
      io.stdout.write(values.json ? `${JSON.stringify(shardPlanJson(planned))}\n` : renderShardPlan(planned, cpus));
      return EXIT.ok;
    }
    const result = plan(loaded.validation.graph, loaded.validation.capacity);
    if (values.json) io.stdout.write(`${JSON.stringify(planJson(result))}\n`);
    else io.stdout.write(renderPlan(result, loaded.validation.capacity, io.stdout.columns ?? 80));
    return EXIT.ok;
  },
};

const seconds = (ms: number) => Math.round(ms) / 1000;

/** The `--json` document: times in seconds, memory in bytes. */
function planJson(p: Plan) {
  return {
    makespan: seconds(p.makespan),
    lowerBound: seconds(p.lowerBound),
    criticalPath: p.criticalPath,
    tasks: p.units.map((u) => ({ name: u.id, start: seconds(u.start), end: seconds(u.end), cpus: u.cpus, memory: u.memory, kind: u.kind })),
  };
}

/**
 * The chart for people: one row per unit, bars scaled to `width` columns. `#` marks the critical
 * path, `=` other tasks, `~` services (up from start to stop).
 */
function renderPlan(p: Plan, capacity: Capacity, width: number): string {
  const lines: string[] = [];
  const cap = formatCapacity(capacity);
  const times = (u: { start: number; end: number }) => `${formatDuration(u.start)}–${formatDuration(u.end)}`;
  const nameWidth = Math.min(32, Math.max(4, ...p.units.map((u) => u.id.length)));
  const timeWidth = Math.max(9, ...p.units.map((u) => times(u).length));
  // name, space, |bar|, space, times: at least 10 columns of bar whatever the terminal says.
  const barWidth = Math.max(10, Math.floor(width) - nameWidth - timeWidth - 4);
  const scale = p.makespan > 0 ? barWidth / p.makespan : 0;
  lines.push(`Plan on ${cap}: ${p.units.length} ${p.units.length === 1 ? 'unit' : 'units'}`);
  lines.push('');
  for (const u of p.units) {
    const from = Math.min(barWidth - 1, Math.floor(u.start * scale));
    const to = Math.max(from + 1, Math.min(barWidth, Math.ceil(u.end * scale)));
    const mark = u.kind === 'service' ? '~' : u.critical ? '#' : '=';
    const bar = ' '.repeat(from) + mark.repeat(to - from) + ' '.repeat(barWidth - to);
    const name = u.id.length > nameWidth ? `${u.id.slice(0, nameWidth - 1)}…` : u.id.padEnd(nameWidth);
    lines.push(`${name} |${bar}| ${times(u)}`);
  }
  lines.push(`${' '.repeat(nameWidth)}  ${'0s'.padEnd(barWidth - formatDuration(p.makespan).length)}${formatDuration(p.makespan)}`);
  lines.push('');
  const ratio = p.lowerBound > 0 ? ` (${(p.makespan / p.lowerBound).toFixed(2)}× the lower bound)` : '';
  lines.push(`makespan       ${formatDuration(p.makespan)}${ratio}`);
  lines.push(`lower bound    ${formatDuration(p.lowerBound)}: max(critical path, cpu·s ÷ cpus, memory·s ÷ memory)`);
  lines.push(`critical path  ${p.criticalPath.length > 0 ? p.criticalPath.join(' → ') : '(none)'}`);
  lines.push('legend         # critical path   = task   ~ service');
  return `${lines.join('\n')}\n`;
}
