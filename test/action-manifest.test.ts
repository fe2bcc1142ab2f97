/**
 * action.yml: valid YAML with exactly the inputs, defaults and outputs the code reads, and runs
 * the bundles the build writes.
 */
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseDocument } from 'yaml';
import { readInputs } from '../action/inputs';

const text = readFileSync(join(__dirname, '..', 'action.yml'), 'utf8');

describe('action.yml', () => {
  const doc = parseDocument(text, { uniqueKeys: true });
  const manifest = doc.toJS() as {
    inputs: Record<string, { description: string; default?: string }>;
    outputs: Record<string, { description: string }>;
    runs: Record<string, string>;
  };

  it('is valid YAML', () => {
    expect(doc.errors.map((e) => e.message)).toEqual([]);
  });

  it('runs the bundles on node24 with an always-run post step', () => {
    expect(manifest.runs).toEqual({ using: 'node24', main: 'dist/action/main.js', post: 'dist/action/post.js', 'post-if': 'always()' });
  });

  it('documents every input the code reads, with the defaults the code applies', () => {
    const read: string[] = [];
    readInputs((name) => (read.push(name), ''));
    expect(Object.keys(manifest.inputs).sort()).toEqual([...read].sort());
    for (const [name, input] of Object.entries(manifest.inputs)) expect(input.description, name).toMatch(/\w/);
    // The defaults the runner passes are the ones the code falls back to.
    const defaults = readInputs((name) => (name === 'github-token' ? '' : (manifest.inputs[name].default ?? '')));
    expect(defaults).toEqual(readInputs(() => ''));
    expect(manifest.inputs['github-token'].default).toBe('${{ github.token }}');
  });

  it('declares the outputs the action sets', () => {
    expect(Object.keys(manifest.outputs)).toEqual(['result', 'failed', 'report', 'makespan']);
  });
});
