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

  it("has a description the Marketplace accepts (under 125 characters)", () => {
    const description = (doc.toJS() as { description: string }).description;
    expect(description.length).toBeGreaterThan(20);
    expect(description.length).toBeLessThan(125);
  });

  it('declares the outputs the action sets', () => {
    expect(Object.keys(manifest.outputs)).toEqual(['result', 'failed', 'report', 'makespan']);
  });
});

describe('.github/workflows/example.yml', () => {
  const workflow = parseDocument(readFileSync(join(__dirname, '..', '.github', 'workflows', 'example.yml'), 'utf8')).toJS() as {
    concurrency?: { group?: string; 'cancel-in-progress'?: boolean };
    jobs: Record<string, { steps: Array<{ uses?: string; with?: Record<string, string> }> }>;
  };

  it('runs one run per pull request at a time, so an older run cannot overwrite a newer comment', () => {
    expect(workflow.concurrency?.group).toMatch(/github\.event\.pull_request\.number/);
    expect(workflow.concurrency?.['cancel-in-progress']).toBe(true);
  });

  it('names the report artifact per job and matrix entry', () => {
    const uploads = Object.values(workflow.jobs).flatMap((j) => j.steps).filter((s) => s.uses?.startsWith('actions/upload-artifact'));
    expect(uploads.length).toBeGreaterThan(0);
    for (const u of uploads) expect(u.with?.name).toMatch(/\$\{\{ github\.job \}\}.*\$\{\{ strategy\.job-index \}\}/);
  });
});
