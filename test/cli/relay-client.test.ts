import type { CliIo } from '../../webhook-relay/src/cli/cli-command';
import { relayClient } from '../../webhook-relay/src/cli/relay-client';

const io = (env: Record<string, string>): CliIo => ({
  out: () => undefined,
  err: () => undefined,
  env,
  cwd: '/nonexistent'
});

describe('the CLI finds the relay', () => {
  it('on the configured port, or on the internal listener that serves the admin API when there is one', () => {
    expect(relayClient([], io({ PORT: '9000' }))).toMatchObject({
      ok: true,
      client: { baseUrl: 'http://127.0.0.1:9000' }
    });
    expect(relayClient([], io({ PORT: '9000', RELAY_INTERNAL_PORT: '9464' }))).toMatchObject({
      ok: true,
      client: { baseUrl: 'http://127.0.0.1:9464' }
    });
    expect(relayClient(['--url', 'http://relay.internal:1'], io({ RELAY_INTERNAL_PORT: '9464' }))).toMatchObject({
      client: { baseUrl: 'http://relay.internal:1' }
    });
  });
});
