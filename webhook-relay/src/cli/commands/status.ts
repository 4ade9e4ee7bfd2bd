/** `relay status <exchangeId>`: prints the admin lookup of one exchange, headed by where it is in one line. */
import type { CliCommand } from '../cli-command';
import { positionalArgs, relayClient } from '../relay-client';

interface LookupBody {
  exchangeId?: string;
  state?: string;
  resends?: number;
  lastError?: string | null;
  receipt?: {
    status: string | null;
    errorCode: string | null;
    logs: { status: string | null; recordId: string | null; targetObject: string | null; errorCode: string | null }[];
  } | null;
}

/** One line an on-call engineer reads first: where the exchange is, and what the org did with it. */
export function statusHeadline(body: LookupBody): string | null {
  if (!body.state) return null;
  const receipt = body.receipt;
  if (body.state === 'confirmed' && receipt) {
    const outcomes = receipt.logs.map((log) =>
      [log.status, log.targetObject, log.recordId, log.errorCode].filter((part) => part).join(' ')
    );
    const said = outcomes.length > 0 ? outcomes.join('; ') : 'no integration took it';
    const held =
      receipt.status !== 'Processed' ? ` (${receipt.status}${receipt.errorCode ? `: ${receipt.errorCode}` : ''})` : '';
    return `confirmed by the org${held}: ${said}`;
  }
  if (body.state === 'unconfirmed') {
    return `unconfirmed: re-sent ${body.resends ?? 0} time(s), the org has no record of it — ${body.lastError ?? ''} (relay replay --unconfirmed <webhookId>)`;
  }
  if (body.state === 'unrouted') return 'unrouted: no org connection serves its account yet';
  if (body.state === 'published') return "published: Salesforce took the event; waiting for the org's receipt";
  return `${body.state}${body.lastError ? `: ${body.lastError}` : ''}`;
}

export const statusCommand: CliCommand = {
  usage: 'status <exchangeId> [--url http://127.0.0.1:8787]',
  summary: 'show state, attempts, last error, event UUID and deliveries of one exchange',
  async run(args, io) {
    const [exchangeId] = positionalArgs(args);
    if (!exchangeId) {
      io.err(`usage: relay ${this.usage}`);
      return 2;
    }
    const resolved = relayClient(args, io);
    if (!resolved.ok) {
      io.err(resolved.error);
      return 1;
    }
    const { baseUrl, adminToken } = resolved.client;
    if (!adminToken) {
      io.err('no admin token: set RELAY_ADMIN_TOKEN or start the relay once so it generates one');
      return 1;
    }
    let response: Response;
    try {
      response = await fetch(`${baseUrl}/admin/v1/exchanges/${encodeURIComponent(exchangeId)}`, {
        headers: { authorization: `Bearer ${adminToken}` }
      });
    } catch (error) {
      io.err(`cannot reach the relay at ${baseUrl}: ${(error as Error).message}`);
      return 1;
    }
    const text = await response.text();
    let pretty = text;
    let headline: string | null = null;
    try {
      const body = JSON.parse(text) as unknown;
      pretty = JSON.stringify(body, null, 2);
      headline = response.ok ? statusHeadline(body as LookupBody) : null;
    } catch {
      // Not JSON: print as received.
    }
    io.out(`HTTP ${response.status}`);
    if (headline) io.out(headline);
    io.out(pretty);
    return response.ok ? 0 : 1;
  }
};
