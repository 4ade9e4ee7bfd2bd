import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { SqliteOutboxStore } from '../../webhook-relay/src/store/sqlite-outbox-store';
import { describeOutboxStoreContract } from './outbox-store-contract';

describe('SqliteOutboxStore (outbox contract)', () => {
  describeOutboxStoreContract(async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'cardbridge-outbox-'));
    return {
      open: async () => new SqliteOutboxStore({ filename: path.join(dir, 'outbox.sqlite') }),
      cleanup: async () => rmSync(dir, { recursive: true, force: true })
    };
  });
});
