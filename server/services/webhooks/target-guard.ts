import { lookup } from 'node:dns/promises';
import ipaddr from 'ipaddr.js';
import { AppError } from '@/server/errors';

const refused = (message: string) => new AppError('BAD_REQUEST', message, { reason: 'WEBHOOK_TARGET_REFUSED', details: { fieldErrors: { url: [message] } } });

/**
 * SSRF guard: unless private targets are allowed (the local profile), a webhook URL must resolve only to
 * public unicast addresses — never loopback, private, link-local, carrier NAT or reserved ranges. Checked when
 * the endpoint is saved and again before each delivery (DNS can change in between).
 */
export async function assertPublicTarget(url: string, allowPrivate: boolean): Promise<void> {
  if (allowPrivate) return;
  const host = new URL(url).hostname.replace(/^\[|\]$/g, '');
  let addresses: string[];
  try {
    addresses = ipaddr.isValid(host) ? [host] : (await lookup(host, { all: true })).map((a) => a.address);
  } catch {
    throw refused(`${host} does not resolve`);
  }
  for (const address of addresses) {
    const parsed = ipaddr.process(address);
    if (parsed.range() !== 'unicast') throw refused(`${host} resolves to a ${parsed.range()} address (${address}), which webhooks may not call`);
  }
}
