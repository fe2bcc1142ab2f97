/**
 * Services' `ports:` (core/fields-ports.ts), checked as a whole file:
 *
 * - under the `strict` policy any published port → `policy-ports` (a file nobody reviewed must not
 *   open listening sockets on the runner);
 * - the same host port (and protocol) published twice on one address, or on `0.0.0.0` and any
 *   other → `duplicate-port`, at the second (the engine would refuse the second service's start);
 * - `ports` with `network: host` → `ports-with-host-network` (the service listens on the host
 *   already; there is nothing to publish).
 *
 * A host port already used by something else on the machine is the engine's to find: the
 * service fails to start with a message naming the port (core/backends/docker/ports.ts).
 */
import type { Diagnostic } from '../diagnostics';
import type { PortMapping } from '../model';
import type { CheckContext } from './context';
import { DescribeUnit } from './ranges';

export function checkPorts(ctx: CheckContext): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  const taken: { port: PortMapping; service: string }[] = [];
  for (const spec of ctx.file.services) {
    if (!spec.ports?.length) continue;
    const who = DescribeUnit(spec);
    for (const port of spec.ports) {
      if (ctx.policy === 'strict') {
        diagnostics.push({
          code: 'policy-ports',
          message: `${who} publishes port ${port.host} on the host. The strict policy refuses it (the file is not trusted).`,
          severity: 'error',
          range: port.range,
        });
        continue;
      }
      if (spec.network === 'host') {
        diagnostics.push({
          code: 'ports-with-host-network',
          message: `${who} uses the host's network, so its ports are the host's already; remove "ports" or "network: host".`,
          severity: 'error',
          range: port.range,
        });
        continue;
      }
      const clash = taken.find(
        (t) => t.port.host === port.host && t.port.protocol === port.protocol && (t.port.address === port.address || t.port.address === '0.0.0.0' || port.address === '0.0.0.0'),
      );
      if (clash) {
        const where = clash.service === spec.name ? 'already by this service' : `already by service "${clash.service}"`;
        diagnostics.push({
          code: 'duplicate-port',
          message: `Host port ${port.host}/${port.protocol} on ${port.address} is published ${where} (line ${clash.port.range.start.line + 1}); choose another host port.`,
          severity: 'error',
          range: port.range,
        });
        continue;
      }
      taken.push({ port, service: spec.name });
    }
  }
  return diagnostics;
}
