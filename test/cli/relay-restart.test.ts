/**
 * Durability across crashes and the fresh-machine start: the relay runs as a
 * child process with no configuration, generates its secrets, acknowledges a
 * webhook, is SIGKILLed, and after a restart still has the exchange queued.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { CliIo } from '../../webhook-relay/src/cli/cli-command';
import { runCli } from '../../webhook-relay/src/cli/main';
import { sampleCardExchange } from '../../webhook-relay/src/contract/sample-card-exchange';
import { postWebhook, signedWebhook } from '../support/signed-webhook';
import { spawnRelay, type RelayProcess } from './relay-process';

let workDir: string;
let running: RelayProcess | undefined;

beforeEach(() => {
  workDir = mkdtempSync(path.join(os.tmpdir(), 'relay-restart-'));
});
afterEach(async () => {
  running?.kill('SIGKILL');
  await running?.exited;
  running = undefined;
  rmSync(workDir, { recursive: true, force: true });
});

const env = () => ({
  RELAY_DATA_DIR: path.join(workDir, 'data'),
  // One org serving every account, so the exchange is queued rather than unrouted.
  SF_INSTANCE_URL: 'https://acme.my.salesforce.com',
  SF_CLIENT_ID: 'client-id',
  SF_CLIENT_SECRET: 'client-secret-value'
});

describe('relay process', () => {
  it('keeps an acknowledged exchange queued across a SIGKILL and restart', async () => {
    running = await spawnRelay(env(), workDir);
    const secret = readFileSync(path.join(workDir, 'data/webhook-secret'), 'utf8').trim();
    const adminToken = readFileSync(path.join(workDir, 'data/admin-token'), 'utf8').trim();
    expect(running.logs.join('\n')).not.toContain(secret);
    expect(running.logs.join('\n')).not.toContain(adminToken);
    expect(running.logs.join('\n')).not.toContain('client-secret-value');

    const webhook = signedWebhook({ secret, body: sampleCardExchange({ exchangeId: 'exc_survivor' }) });
    const answer = await postWebhook(running.url, webhook);
    expect(answer.status).toBe(202);
    running.kill('SIGKILL');
    await running.exited;

    running = await spawnRelay(env(), workDir);
    const lookup = await fetch(`${running.url}/admin/v1/exchanges/exc_survivor`, {
      headers: { authorization: `Bearer ${adminToken}` }
    });
    expect(lookup.status).toBe(200);
    expect(await lookup.json()).toMatchObject({
      exchangeId: 'exc_survivor',
      state: 'queued',
      deliveries: [{ webhookId: webhook.id, state: 'queued', connectionId: 'default' }]
    });
    const redelivery = await postWebhook(running.url, webhook);
    expect(redelivery.body).toMatchObject({ duplicate: true, status: 'queued' });
  });

  it('works on a fresh machine: serve generates secrets that send-test and status then use', async () => {
    const dataDir = path.join(workDir, 'data');
    running = await spawnRelay({ RELAY_DATA_DIR: dataDir }, workDir);
    // The master key it generated sits in its home's configuration, outside the data directory.
    expect(existsSync(path.join(workDir, '.config', 'cardbridge', 'master-key'))).toBe(true);
    const output: string[] = [];
    const terminal: CliIo = {
      out: (l) => output.push(l),
      err: (l) => output.push(l),
      env: { RELAY_DATA_DIR: dataDir },
      cwd: workDir
    };

    expect(await runCli(['send-test', '--url', running.url], terminal)).toBe(0);
    expect(output[0]).toBe('HTTP 202');
    const { exchangeId } = JSON.parse(output[1] as string) as { exchangeId: string };
    output.length = 0;
    expect(await runCli(['status', exchangeId, '--url', running.url], terminal)).toBe(0);
    // HTTP status, the one-line headline (bcbfc6f), then the lookup as JSON.
    expect(output[1]).toBe('unrouted: no org connection serves its account yet');
    expect(JSON.parse(output.slice(2).join('\n'))).toMatchObject({ exchangeId, state: 'unrouted' });
  });

  it('shuts down gracefully on SIGTERM and exits 0', async () => {
    running = await spawnRelay(env(), workDir);
    running.child.kill('SIGTERM');
    expect(await running.exited).toBe(0);
    expect(running.logs.join('\n')).toContain('relay stopped');
  });

  it('refuses to start with a bad value and names the key', async () => {
    await expect(spawnRelay({ ...env(), PORT: 'eighty' }, workDir)).rejects.toThrow(
      /PORT: expected a port number 1-65535/
    );
  });
});
