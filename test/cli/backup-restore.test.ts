/**
 * Backing up a live SQLite outbox and restoring it: `relay backup <dir>` while the relay keeps taking webhooks
 * gives a consistent copy holding every exchange acknowledged before it began; `relay restore <dir>` refuses a
 * data directory a relay holds, and a relay started on the restored directory finds those exchanges.
 */
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import type { CliIo } from '../../webhook-relay/src/cli/cli-command';
import { runCli } from '../../webhook-relay/src/cli/main';
import { startTestRelay, TEST_ADMIN_TOKEN, type TestRelay } from '../http/relay-fixture';
import { postWebhook, sampleWith, signedWebhook } from '../support/signed-webhook';

function terminal(env: Record<string, string>, cwd: string): CliIo & { lines: string[] } {
  const lines: string[] = [];
  return { lines, out: (l) => lines.push(l), err: (l) => lines.push(`ERR ${l}`), env, cwd };
}

describe('backup and restore of the SQLite outbox', () => {
  let work: string;
  const relays: TestRelay[] = [];

  beforeEach(() => {
    work = mkdtempSync(path.join(os.tmpdir(), 'relay-backup-'));
  });
  afterEach(async () => {
    await Promise.all(relays.splice(0).map((r) => r.stop()));
    rmSync(work, { recursive: true, force: true });
  });

  it('backs up while webhooks keep coming and restores into a relay that finds them', async () => {
    const relay = await startTestRelay({}, { publishing: {} });
    relays.push(relay);
    // Four senders post until told to stop; each 202 is noted with when it came.
    const acked: { exchangeId: string; at: number }[] = [];
    let sending = true;
    let n = 0;
    const sender = async () => {
      while (sending) {
        const exchangeId = `exc_live_${n++}`;
        const answer = await postWebhook(relay.url, signedWebhook({ body: sampleWith({}, { exchangeId }) }));
        if (answer.status === 202) acked.push({ exchangeId, at: Date.now() });
      }
    };
    const senders = Array.from({ length: 4 }, sender);
    while (acked.length < 200) await new Promise((resolve) => setTimeout(resolve, 10));

    const backupDir = path.join(work, 'backup');
    const cli = terminal({ RELAY_URL: relay.url, RELAY_ADMIN_TOKEN: TEST_ADMIN_TOKEN }, work);
    const began = Date.now();
    expect(await runCli(['backup', backupDir], cli)).toBe(0);
    const ackedBefore = acked.filter((a) => a.at < began).map((a) => a.exchangeId);
    sending = false;
    await Promise.all(senders);
    expect(acked.length).toBeGreaterThan(ackedBefore.length);

    const outbox = path.join(backupDir, 'outbox.sqlite');
    expect(cli.lines).toContain(`saved ${outbox}`);
    expect(existsSync(path.join(backupDir, 'connections.sqlite'))).toBe(true);
    expect(statSync(outbox).mode & 0o777).toBe(0o600);
    const copy = new Database(outbox, { readonly: true });
    const stored = new Set(
      copy
        .prepare<[], { exchange_id: string }>('SELECT exchange_id FROM exchanges')
        .all()
        .map((r) => r.exchange_id)
    );
    expect(copy.pragma('integrity_check', { simple: true })).toBe('ok');
    copy.close();
    expect(ackedBefore.filter((id) => !stored.has(id))).toEqual([]);

    // Restore refuses a directory a running relay holds.
    const restoreEnv = { RELAY_DATA_DIR: relay.dataDir };
    const refused = terminal(restoreEnv, work);
    expect(await runCli(['restore', backupDir], refused)).toBe(1);
    expect(refused.lines.join('\n')).toContain('a relay is running on');

    // Into a fresh directory, then a relay on it finds what was acknowledged before the backup.
    const restoredDir = path.join(work, 'restored');
    const restore = terminal({ RELAY_DATA_DIR: restoredDir }, work);
    expect(await runCli(['restore', backupDir], restore)).toBe(0);
    const restored = await startTestRelay({ dataDir: restoredDir }, { publishing: {} });
    relays.push(restored);
    for (const exchangeId of [ackedBefore[0], ackedBefore[ackedBefore.length - 1]]) {
      const lookup = await fetch(`${restored.url}/admin/v1/exchanges/${exchangeId}`, {
        headers: { authorization: `Bearer ${TEST_ADMIN_TOKEN}` }
      });
      expect(lookup.status).toBe(200);
      expect(await lookup.json()).toMatchObject({ exchangeId, state: 'unrouted' });
    }
    expect((await restored.store.counts()).byState.unrouted).toBe(stored.size);
  }, 30_000);
});
