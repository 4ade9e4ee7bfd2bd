/**
 * The operator CLI against a relay running in-process: send-test posts the
 * signed John Doe exchange using the relay's generated secret, status shows it.
 */
import { runCli } from '../../webhook-relay/src/cli/main';
import type { CliIo } from '../../webhook-relay/src/cli/cli-command';
import { startTestRelay, type TestRelay } from '../http/relay-fixture';

let relay: TestRelay;
beforeAll(async () => {
  // No secret and no admin token configured: the relay generates them into its data directory.
  relay = await startTestRelay({ webhookSecrets: [], adminToken: undefined });
});
afterAll(() => relay.stop());

function io(): CliIo & { output: string[]; errors: string[] } {
  const output: string[] = [];
  const errors: string[] = [];
  return {
    output,
    errors,
    out: (line) => output.push(line),
    err: (line) => errors.push(line),
    env: { RELAY_DATA_DIR: relay.dataDir },
    cwd: relay.dataDir
  };
}

describe('relay CLI', () => {
  it('send-test posts a signed John Doe test exchange and prints the 202 answer', async () => {
    const terminal = io();
    expect(await runCli(['send-test', '--url', relay.url], terminal)).toBe(0);
    expect(terminal.output[0]).toBe('HTTP 202');
    const answer = JSON.parse(terminal.output[1] as string);
    expect(answer).toMatchObject({ status: 'unrouted', exchangeId: expect.stringMatching(/^exc_test_/) });
    const stored = await relay.store.getByWebhookId(answer.id);
    const payload = JSON.parse(stored?.payload ?? '{}');
    expect(payload.data.contact).toMatchObject({ firstName: 'John', lastName: 'Doe' });
    expect(payload.data.test).toBe(true);
    expect(terminal.output).toContain(`Follow it with: npm run relay -- status ${answer.exchangeId}`);
    expect(terminal.output.join('\n')).toMatch(/No org connection serves this account yet/);
  });

  it('status prints the admin lookup of an exchange sent by send-test', async () => {
    const sender = io();
    await runCli(['send-test', '--url', relay.url], sender);
    const { exchangeId } = JSON.parse(sender.output[1] as string);
    const terminal = io();
    expect(await runCli(['status', exchangeId, '--url', relay.url], terminal)).toBe(0);
    expect(terminal.output[0]).toBe('HTTP 200');
    expect(terminal.output[1]).toBe('unrouted: no org connection serves its account yet');
    expect(JSON.parse(terminal.output.slice(2).join('\n'))).toMatchObject({
      exchangeId,
      state: 'unrouted',
      attempts: 0
    });
  });

  it('status exits 1 and prints the problem for an unknown exchange', async () => {
    const terminal = io();
    expect(await runCli(['status', 'exc_unknown', '--url', relay.url], terminal)).toBe(1);
    expect(terminal.output[0]).toBe('HTTP 404');
  });

  it('send-test explains what to do when the relay is not reachable', async () => {
    const terminal = io();
    expect(await runCli(['send-test', '--url', 'http://127.0.0.1:9'], terminal)).toBe(1);
    expect(terminal.errors[0]).toMatch(/cannot reach the relay/);
  });

  it('rejects an unknown verb with the list of verbs', async () => {
    const terminal = io();
    expect(await runCli(['frobnicate'], terminal)).toBe(2);
    expect(terminal.errors[0]).toContain('unknown command "frobnicate"');
    expect(terminal.output.join('\n')).toContain('send-test');
  });
});
