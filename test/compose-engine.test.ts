/** `ports:` on the real engine: a service's port reaches the host on 127.0.0.1 while it runs. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { dockerBackend } from '../core/backends/docker';
import { runBatch } from '../core/run/run-batch';
import { validate } from '../core/validate';

const root = mkdtempSync(join(tmpdir(), 'gantry-compose-engine-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

describe('ports on the engine', () => {
  it('publishes a service port on 127.0.0.1 while the service runs', async () => {
    const port = await freePort();
    const file = join(root, 'gantry.yml');
    const text = `version: 1
defaults: { image: busybox:latest }
services:
  web:
    run: mkdir -p /www && echo hello-port > /www/index.html && httpd -f -p 80 -h /www
    ports: ["${port}:80"]
    health: { run: "wget -q -O- http://127.0.0.1/", interval: 200ms }
tasks:
  wait:
    needs: [web]
    run: sleep 6
`;
    writeFileSync(file, text);
    const v = validate(text);
    expect(v.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    let finished = false;
    const running = runBatch({
      backend: dockerBackend(),
      path: file,
      validation: { file: v.file!, graph: v.graph! },
      runsDir: join(root, 'runs'),
      instance: `test-compose-${process.pid}`,
    }).finally(() => (finished = true));
    let body = '';
    while (!finished && !body.includes('hello-port')) {
      body = await fetch(`http://127.0.0.1:${port}/`).then((r) => r.text(), () => '');
      if (!body) await new Promise((r) => setTimeout(r, 200));
    }
    const report = await running;
    expect(body).toContain('hello-port');
    expect(report.result.result).toBe('success');
  }, 60_000);
});
