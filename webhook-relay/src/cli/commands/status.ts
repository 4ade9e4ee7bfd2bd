/** `relay status <exchangeId>`: prints the admin lookup of one exchange. */
import type { CliCommand } from '../cli-command';
import { positionalArgs, relayClient } from '../relay-client';

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
    try {
      pretty = JSON.stringify(JSON.parse(text), null, 2);
    } catch {
      // Not JSON: print as received.
    }
    io.out(`HTTP ${response.status}`);
    io.out(pretty);
    return response.ok ? 0 : 1;
  }
};
