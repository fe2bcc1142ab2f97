/**
 * Outputs of a matrix task on the real engine: each expansion's value reaches a dependent — one
 * by its selector, all as a JSON object keyed by expansion — where the last writer used to win.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { runCli } from './support/cli-io';

const root = mkdtempSync(join(tmpdir(), 'gantry-matrix-outputs-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

it('a report task reads every shard\'s output, not the last one written', async () => {
  writeFileSync(
    join(root, 'gantry.yml'),
    `version: 1
defaults: { image: busybox:latest, cpus: 0.25, memory: 32Mi }
tasks:
  test:
    matrix: { shard: [1, 2, 3] }
    outputs: [failed]
    run: |
      # shard 2 fails one test and finishes first; the others finish later with 0
      if [ "\${{ matrix.shard }}" = 2 ]; then echo failed=1 >> "$GANTRY_OUTPUT"; else sleep 1; echo failed=0 >> "$GANTRY_OUTPUT"; fi
  report:
    needs: [test]
    run: |
      echo "two=\${{ needs.test[shard=2].outputs.failed }}"
      echo 'all=\${{ needs.test.outputs.failed }}'
      echo "json=$GANTRY_NEEDS_TEST_FAILED"
      echo "env=$GANTRY_NEEDS_TEST_SHARD_2_FAILED"
`,
  );
  const r = await runCli(['run', 'gantry.yml'], { cwd: root });
  expect(r.code, r.stderr).toBe(0);
  const run = readdirSync(join(root, '.gantry', 'runs'))[0];
  const log = readFileSync(join(root, '.gantry', 'runs', run, 'logs', 'report.1.log'), 'utf8');
  expect(log).toContain('two=1\n');
  expect(log).toContain('all={"test[shard=1]":"0","test[shard=2]":"1","test[shard=3]":"0"}\n');
  expect(log).toContain('env=1\n');
  expect(log).toContain('json={"test[shard=1]":"0","test[shard=2]":"1","test[shard=3]":"0"}\n');
}, 120_000);
