/**
 * docs/action.md against action.yml: the inputs and outputs tables are exactly what the manifest
 * declares (names, defaults, descriptions), and every workflow in the page is valid YAML that uses
 * only inputs the action has.
 */
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';

const ROOT = join(__dirname, '..');
const manifest = parse(readFileSync(join(ROOT, 'action.yml'), 'utf8')) as {
  inputs: Record<string, { description: string; default?: string }>;
  outputs: Record<string, { description: string }>;
};
const page = readFileSync(join(ROOT, 'docs', 'action.md'), 'utf8');

const cell = (text: string) => text.replace(/\s+/g, ' ').trim().replace(/\|/g, '\\|');

/** The tables as docs/action.md must show them, from action.yml. */
export function actionTables(): { inputs: string; outputs: string } {
  const inputs = ['| Input | Default | What it does |', '| --- | --- | --- |'];
  for (const [name, input] of Object.entries(manifest.inputs)) {
    inputs.push(`| \`${name}\` | ${input.default ? `\`${cell(input.default)}\`` : '–'} | ${cell(input.description)} |`);
  }
  const outputs = ['| Output | What it holds |', '| --- | --- |'];
  for (const [name, output] of Object.entries(manifest.outputs)) outputs.push(`| \`${name}\` | ${cell(output.description)} |`);
  return { inputs: inputs.join('\n'), outputs: outputs.join('\n') };
}

function between(start: string, end: string): string {
  const from = page.indexOf(start);
  const to = page.indexOf(end);
  expect(from, start).toBeGreaterThanOrEqual(0);
  expect(to, end).toBeGreaterThan(from);
  return page.slice(from + start.length, to).trim();
}

describe('docs/action.md', () => {
  it('has the inputs table of action.yml, input for input (on a mismatch the expected table is in the diff)', () => {
    expect(between('<!-- inputs:start -->', '<!-- inputs:end -->')).toBe(actionTables().inputs);
  });

  it('has the outputs table of action.yml', () => {
    expect(between('<!-- outputs:start -->', '<!-- outputs:end -->')).toBe(actionTables().outputs);
  });

  it('shows workflows that parse and use only inputs the action has', () => {
    const blocks = [...page.matchAll(/```yaml\n([\s\S]*?)```/g)].map((m) => m[1]);
    expect(blocks.length).toBeGreaterThanOrEqual(3);
    const used = new Set<string>();
    for (const block of blocks) {
      const doc = parse(block) as { jobs?: Record<string, { steps?: Array<{ uses?: string; with?: Record<string, unknown> }> }> };
      for (const job of Object.values(doc.jobs ?? {})) {
        for (const step of job.steps ?? []) if (step.uses?.includes('gantry')) for (const k of Object.keys(step.with ?? {})) used.add(k);
      }
    }
    for (const k of used) expect(Object.keys(manifest.inputs), k).toContain(k);
    for (const k of ['shard', 'mode', 'path', 'comment-key']) expect(used).toContain(k);
  });
});
