/**
 * Starts a real relay in-process on an ephemeral port with a temporary data
 * directory, the test secret and a known admin token; cleans everything up.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { relayConfigSchema, type RelayConfigInput } from '../../webhook-relay/src/config/relay-config';
import { createLogger } from '../../webhook-relay/src/log/create-logger';
import { startRelay, type RunningRelay, type StartRelayOptions } from '../../webhook-relay/src/relay';
import { TEST_SECRET } from '../support/signed-webhook';

export const TEST_ADMIN_TOKEN = 'test-admin-token-0123456789';
export const TEST_MASTER_KEY = Buffer.alloc(32, 42).toString('base64');

export interface TestRelay extends RunningRelay {
  dataDir: string;
  stop(): Promise<void>;
}

export async function startTestRelay(
  config: Partial<RelayConfigInput> = {},
  options: Omit<StartRelayOptions, 'config'> = {}
): Promise<TestRelay> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'relay-test-'));
  const relay = await startRelay({
    logger: createLogger({ level: 'silent' }),
    // These tests look at the receiving half; the publisher has suites of its own.
    publishing: false,
    ...options,
    config: relayConfigSchema.parse({
      port: 0,
      host: '127.0.0.1',
      dataDir,
      webhookSecrets: [TEST_SECRET],
      adminToken: TEST_ADMIN_TOKEN,
      // A known key: tests never generate one into the user's configuration directory.
      masterKey: TEST_MASTER_KEY,
      logLevel: 'silent',
      ...config
    })
  });
  return {
    ...relay,
    dataDir,
    async stop() {
      await relay.close();
      rmSync(dataDir, { recursive: true, force: true });
    }
  };
}

/** One org connection serving every account, so exchanges are stored `queued`. */
export const CATCH_ALL_CONNECTION = {
  id: 'acme-prod',
  name: 'Acme production',
  instanceUrl: 'https://acme.my.salesforce.com',
  auth: { flow: 'client_credentials' as const, clientId: 'client-id', clientSecret: 'client-secret' }
};
