/**
 * `ports:` of a service, as docker compose writes it: `"HOST:CONTAINER"` or
 * `"ADDRESS:HOST:CONTAINER"`, with `/tcp` or `/udp` after it. Published on 127.0.0.1 unless an
 * address is written, so a debugging run does not open the service to the network. Refused under
 * the strict policy (core/checks/ports.ts), as is one host port published twice.
 */
import type { FieldRule } from './fields-read';
import type { PortMapping } from './model';

const PORT = /^\d{1,5}$/;
const ADDRESS = /^(\d{1,3}(\.\d{1,3}){3}|\[[0-9a-fA-F:]+\]|localhost)$/;

/** One entry read, or why it is not a port mapping. */
export function parsePort(written: string): Omit<PortMapping, 'range'> | { problem: string } {
  let text = written.trim();
  let protocol: 'tcp' | 'udp' = 'tcp';
  const slash = text.lastIndexOf('/');
  if (slash >= 0) {
    const p = text.slice(slash + 1);
    if (p !== 'tcp' && p !== 'udp') return { problem: `"${p}" is not a protocol; write /tcp or /udp` };
    protocol = p;
    text = text.slice(0, slash);
  }
  const last = text.lastIndexOf(':');
  if (last < 0) return { problem: 'write HOST:CONTAINER, e.g. "8080:80" (Gantry publishes only the host ports you name)' };
  const container = text.slice(last + 1);
  const rest = text.slice(0, last);
  const colon = rest.lastIndexOf(':');
  const host = colon < 0 ? rest : rest.slice(colon + 1);
  let address = colon < 0 ? '127.0.0.1' : rest.slice(0, colon);
  if (address === 'localhost') address = '127.0.0.1';
  if (address.startsWith('[')) address = address.slice(1, -1);
  if (colon >= 0 && !ADDRESS.test(rest.slice(0, colon))) return { problem: `"${rest.slice(0, colon)}" is not an IP address to publish on, e.g. 127.0.0.1` };
  for (const [what, port] of [['host', host], ['container', container]] as const) {
    if (!PORT.test(port) || Number(port) < 1 || Number(port) > 65535) {
      return { problem: `the ${what} port "${port}" is not a port number from 1 to 65535 (ranges are not supported)` };
    }
  }
  return { address, host: Number(host), container: Number(container), protocol };
}

export const readPorts: FieldRule = (r, f, what, ctx) => {
  const out: PortMapping[] = [];
  for (const item of r.list(f, what) ?? []) {
    const range = r.span(item.start, item.end);
    const port = parsePort(item.value);
    if ('problem' in port) {
      r.report('invalid-port', `Invalid port "${item.value}" in ${what}: ${port.problem}.`, range);
      continue;
    }
    out.push({ ...port, range });
  }
  ctx.out.ports = out;
};
