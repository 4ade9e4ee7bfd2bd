/** `relay send-test`: posts a signed "John Doe" test exchange to the running relay and prints the answer. */
import { randomUUID } from 'node:crypto';
import { sampleCardExchange } from '../../contract/sample-card-exchange';
import { signedWebhookHeaders } from '../../ingest/webhook-signature';
import type { CliCommand } from '../cli-command';
import { relayClient } from '../relay-client';

export const sendTestCommand: CliCommand = {
  usage: 'send-test [--url http://127.0.0.1:8787]',
  summary: 'send a signed test exchange (John Doe, data.test = true) and print the answer',
  async run(args, io) {
    const resolved = relayClient(args, io);
    if (!resolved.ok) {
      io.err(resolved.error);
      return 1;
    }
    const { baseUrl, webhookSecret } = resolved.client;
    if (!webhookSecret) {
      io.err('no webhook secret: set RELAY_WEBHOOK_SECRET or start the relay once so it generates one');
      return 1;
    }
    const body = JSON.stringify(sampleCardExchange({ test: true }));
    const webhookId = `msg_${randomUUID().replace(/-/g, '')}`;
    const headers = signedWebhookHeaders(webhookSecret, webhookId, Math.floor(Date.now() / 1000), body);
    let response: Response;
    try {
      response = await fetch(`${baseUrl}/v1/card-exchanges`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body
      });
    } catch (error) {
      io.err(`cannot reach the relay at ${baseUrl}: ${(error as Error).message}`);
      return 1;
    }
    io.out(`HTTP ${response.status}`);
    const text = await response.text();
    io.out(text);
    const answer = (() => {
      try {
        return JSON.parse(text) as { exchangeId?: string; status?: string };
      } catch {
        return {};
      }
    })();
    if (answer.exchangeId) io.out(`Follow it with: npm run relay -- status ${answer.exchangeId}`);
    if (answer.status === 'unrouted') {
      io.out(
        'No org connection serves this account yet: the exchange waits, stored, until one does ' +
          '(npm run relay -- connect, or SF_INSTANCE_URL/SF_CLIENT_ID/SF_CLIENT_SECRET).'
      );
    }
    return response.ok ? 0 : 1;
  }
};
