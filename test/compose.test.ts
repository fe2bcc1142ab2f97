/** Docker compose's names and forms (core/compose.ts, fields-compose.ts, fields-ports.ts, checks/ports.ts). */
import { describe, expect, it } from 'vitest';
import type { Diagnostic } from '../core/diagnostics';
import { parseBatchFile } from '../core/parse';
import { validate } from '../core/validate';

const HEAD = 'version: 1\ndefaults: { image: busybox }\n';
const span = (d: Diagnostic) => [d.range.start.line, d.range.start.character, d.range.end.line, d.range.end.character];

describe('compose key names', () => {
  const cases: [string, string, string][] = [
    ['tasks', 'environment: { A: "1" }', 'env'],
    ['tasks', 'depends_on: [b]', 'needs'],
    ['tasks', 'mem_limit: 512Mi', 'memory'],
    ['tasks', 'working_dir: /src', 'workdir'],
    ['services', 'healthcheck: { run: "true" }', 'health'],
  ];
  for (const [section, line, to] of cases) {
    const key = line.slice(0, line.indexOf(':'));
    it(`${key} gets a rename to ${to} at the key`, () => {
      const text = `${HEAD}${section}:\n  a:\n    run: x\n    ${line}\n`;
      const d = parseBatchFile(text).diagnostics.filter((x) => x.code === 'unknown-key');
      expect(d).toHaveLength(1);
      expect(span(d[0])).toEqual([5, 4, 5, 4 + key.length]);
      expect(d[0].message).toContain(`docker compose's "${key}" is "${to}"`);
      expect(d[0].fixes).toEqual([{ title: `Rename to "${to}"`, range: d[0].range, newText: to }]);
    });
  }

  it('explains keys that do not exist in that place, and compose-only keys', () => {
    const d = parseBatchFile(`${HEAD}services:\n  s:\n    depends_on: [b]\n    container_name: x\n`).diagnostics;
    expect(d.map((x) => [x.code, ...span(x)])).toEqual([
      ['unknown-key', 4, 4, 4, 14],
      ['unknown-key', 5, 4, 5, 18],
    ]);
    expect(d[0].message).toContain("List the service in that task's needs");
    expect(d[1].message).toContain('Gantry names containers itself');
  });

  it('turns healthcheck.test into run or command', () => {
    const shell = parseBatchFile(`${HEAD}services:\n  s:\n    health: { test: [CMD-SHELL, "pg_isready"] }\n`).diagnostics.find((d) => d.code === 'unknown-key')!;
    expect(shell.fixes?.[0].newText).toBe('run: "pg_isready"');
    const argv = parseBatchFile(`${HEAD}services:\n  s:\n    health: { test: [CMD, pg_isready, -q] }\n`).diagnostics.find((d) => d.code === 'unknown-key')!;
    expect(argv.fixes?.[0].newText).toBe('command: ["pg_isready","-q"]');
  });
});

describe('compose value forms', () => {
  it('reads env as a list of KEY=VALUE', () => {
    const r = parseBatchFile(`${HEAD}tasks:\n  a:\n    run: x\n    env: [A=1, "B=x=y", C=]\n`);
    expect(r.diagnostics).toEqual([]);
    expect(r.file!.tasks[0].env).toEqual({ A: '1', B: 'x=y', C: '' });
    expect(r.file!.tasks[0].fields['env.B'].key).toEqual({ start: { line: 5, character: 16 }, end: { line: 5, character: 17 } });
  });

  it('refuses a bare name, a bad name and a duplicate in an env list, each at its entry', () => {
    const r = parseBatchFile(`${HEAD}tasks:\n  a:\n    run: x\n    env: [HOME, 1X=2, A=1, A=2]\n`);
    expect(r.diagnostics.map((d) => [d.code, ...span(d)])).toEqual([
      ['env-without-value', 5, 10, 5, 14],
      ['invalid-env-name', 5, 16, 5, 20],
      ['duplicate-key', 5, 27, 5, 30],
    ]);
  });

  it('splits command as a string like compose, expressions kept whole', () => {
    const r = parseBatchFile(`${HEAD}tasks:\n  a:\n    command: sh -c 'echo "hi there"' ${'${{ matrix.x }}'}\n    matrix: { x: [1] }\n`);
    expect(r.diagnostics).toEqual([]);
    expect(r.file!.tasks[0].command).toEqual(['sh', '-c', 'echo "hi there"', '${{ matrix.x }}']);
    expect(validate(`${HEAD}tasks:\n  a:\n    command: echo ${'${{ matrix.x }}'}\n    matrix: { x: [1] }\n`).graph?.units[0].command).toEqual(['echo', '1']);
  });

  it('refuses a command string that needs a shell, at the value', () => {
    for (const bad of ['echo $HOME', 'a | b', "echo 'open", '""']) {
      const d = parseBatchFile(`${HEAD}tasks:\n  a:\n    command: ${bad}\n`).diagnostics;
      expect(d.map((x) => [x.code, ...span(x)]), bad).toEqual([['invalid-command', 4, 13, 4, 13 + bad.length]]);
    }
  });
});

describe('ports', () => {
  it('reads HOST:CONTAINER on 127.0.0.1 and refuses bad entries at the entry', () => {
    const r = parseBatchFile(`${HEAD}services:\n  s:\n    ports: ["8080:80", "0.0.0.0:53:53/udp", "80", "1:70000"]\n`);
    expect(r.file!.services[0].ports!.map(({ range: _r, ...p }) => p)).toEqual([
      { address: '127.0.0.1', host: 8080, container: 80, protocol: 'tcp' },
      { address: '0.0.0.0', host: 53, container: 53, protocol: 'udp' },
    ]);
    expect(r.diagnostics.map((d) => [d.code, ...span(d)])).toEqual([
      ['invalid-port', 4, 44, 4, 48],
      ['invalid-port', 4, 50, 4, 59],
    ]);
  });

  it('is refused under strict, on a task, twice on one port and with network: host', () => {
    const text = `${HEAD}services:\n  s:\n    ports: ["8080:80"]\n  t:\n    ports: ["8080:81"]\n  h:\n    network: host\n    ports: ["9000:1"]\ntasks:\n  a:\n    run: x\n    needs: [s, t, h]\n    ports: ["1:1"]\n`;
    const codes = (policy: 'trusted' | 'strict') => validate(text, { policy }).diagnostics.map((d) => [d.code, ...span(d)]);
    expect(codes('trusted')).toEqual([
      ['duplicate-port', 6, 12, 6, 21],
      ['ports-with-host-network', 9, 12, 9, 20],
      ['service-only-key', 14, 4, 14, 9],
    ]);
    expect(codes('strict').filter((c) => c[0] === 'policy-ports')).toEqual([
      ['policy-ports', 4, 12, 4, 21],
      ['policy-ports', 6, 12, 6, 21],
      ['policy-ports', 9, 12, 9, 20],
    ]);
  });
});
