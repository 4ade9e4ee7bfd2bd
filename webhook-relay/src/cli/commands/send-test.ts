/**
 * `relay send-test`: posts a signed "John Doe" test exchange to the running relay and prints the answer.
 * With `--wait [seconds]` (default 60) it then follows John Doe until the org's receipt says what became
 * of him — the record created, with its Lightning link, or the org's error — printing each step.
 */
import { randomUUID } from 'node:crypto';
import { sampleCardExchange } from '../../contract/sample-card-exchange';
import { signedWebhookHeaders } from '../../ingest/webhook-signature';
import type { CliCommand } from '../cli-command';
import { relayClient } from '../relay-client';

interface ReceiptAnswer {
  state: string;
  lastError: string | null;
  resends: number;
  receipt: {
    status: string | null;
    errorCode: string | null;
    errorMessage: string | null;
    logs: {
      status: string | null;
      recordId: string | null;
      targetObject: string | null;
      errorCode: string | null;
      errorMessage: string | null;
    }[];
  } | null;
  org: { name: string; instanceUrl: string } | null;
}

/** What became of John Doe, in one sentence, once the org has answered (null while it has not). */
export function receiptSentence(answer: ReceiptAnswer): { ok: boolean; text: string } | null {
  const org = answer.org?.name ?? 'the org';
  if (answer.state === 'dead' || answer.state === 'unconfirmed') {
    return { ok: false, text: `John Doe did not reach ${org}: ${answer.lastError ?? answer.state}` };
  }
  if (answer.state !== 'confirmed' || !answer.receipt) return null;
  const receipt = answer.receipt;
  const error = (code: string | null, message: string | null) => [code, message].filter((p) => p).join(': ');
  if (receipt.status !== 'Processed') {
    return {
      ok: false,
      text: `${org} holds John Doe without processing him (${receipt.status}): ${error(receipt.errorCode, receipt.errorMessage)}`
    };
  }
  const failed = receipt.logs.find((log) => log.status === 'Failed');
  if (failed)
    return {
      ok: false,
      text: `${org} received John Doe, but its integration failed: ${error(failed.errorCode, failed.errorMessage)}`
    };
  const made = receipt.logs.find((log) => log.recordId && log.targetObject);
  if (made && answer.org) {
    const verb = made.status === 'Updated' ? 'updated' : 'created';
    const link = `${answer.org.instanceUrl.replace(/\/+$/, '')}/lightning/r/${made.targetObject}/${made.recordId}/view`;
    return {
      ok: true,
      text: `John Doe was ${verb} as a ${made.targetObject} (${made.recordId}) in ${org} — open it in Salesforce: ${link}`
    };
  }
  return {
    ok: true,
    text: `${org} received John Doe and created no record (${receipt.logs.map((l) => l.status).join(', ') || 'no integration took him'})`
  };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export const sendTestCommand: CliCommand = {
  usage: 'send-test [--wait [seconds]] [--url http://127.0.0.1:8787]',
  summary: 'send a signed test exchange (John Doe, data.test = true); with --wait, follow it to the org’s receipt',
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
    const waitAt = args.indexOf('--wait');
    if (waitAt >= 0 && answer.exchangeId && response.ok) {
      const given = Number(args[waitAt + 1]);
      const seconds = Number.isFinite(given) && given > 0 ? given : 60;
      return waitForReceipt(baseUrl, resolved.client.adminToken, answer.exchangeId, seconds, io);
    }
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

async function waitForReceipt(
  baseUrl: string,
  adminToken: string | undefined,
  exchangeId: string,
  seconds: number,
  io: Parameters<CliCommand['run']>[1]
): Promise<number> {
  if (!adminToken) {
    io.err('--wait needs the admin token: set RELAY_ADMIN_TOKEN or start the relay once so it generates one');
    return 1;
  }
  const deadline = Date.now() + seconds * 1000;
  let said = '';
  while (Date.now() < deadline) {
    let answer: ReceiptAnswer;
    try {
      const response = await fetch(`${baseUrl}/admin/v1/exchanges/${encodeURIComponent(exchangeId)}/receipt`, {
        method: 'POST',
        headers: { authorization: `Bearer ${adminToken}` }
      });
      if (!response.ok) {
        io.err(`HTTP ${response.status} from the relay: ${(await response.text()).slice(0, 300)}`);
        return 1;
      }
      answer = (await response.json()) as ReceiptAnswer;
    } catch (error) {
      io.err(`cannot reach the relay at ${baseUrl}: ${(error as Error).message}`);
      return 1;
    }
    if (answer.state !== said) {
      said = answer.state;
      io.out(
        `… ${answer.state}${answer.state === 'published' ? ': Salesforce took it; waiting for the org’s receipt' : ''}`
      );
    }
    const sentence = receiptSentence(answer);
    if (sentence) {
      (sentence.ok ? io.out : io.err)(sentence.text);
      return sentence.ok ? 0 : 1;
    }
    await sleep(1_000);
  }
  io.err(`No word from the org after ${seconds} s. The exchange keeps going: npm run relay -- status ${exchangeId}`);
  return 1;
}
