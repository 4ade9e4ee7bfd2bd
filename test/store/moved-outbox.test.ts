import { existsSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describeDatabase } from '../../webhook-relay/src/store/database-location';
import {
  MOVED_MARK_FILE,
  OutboxMovedError,
  outboxMoveOf,
  recordOutboxMove,
  refuseMovedOutbox
} from '../../webhook-relay/src/store/moved-outbox';

const exchanges = { queued: 3, published: 0, confirmed: 2, unconfirmed: 0, dead: 1, unrouted: 1 };

describe('the mark of an outbox moved to PostgreSQL', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'moved-outbox-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('lets a directory without a mark serve', () => {
    expect(outboxMoveOf(dir)).toBeNull();
    expect(() => refuseMovedOutbox(dir)).not.toThrow();
  });

  it('is written whole, for the owner only, and refuses the directory naming where it went', () => {
    recordOutboxMove(dir, { database: 'db.internal:5432/relay', copiedAt: '2026-12-03T17:00:00.000Z', exchanges });
    expect(readdirSync(dir)).toEqual([MOVED_MARK_FILE]);
    expect(statSync(path.join(dir, MOVED_MARK_FILE)).mode & 0o777).toBe(0o600);
    expect(outboxMoveOf(dir)?.move).toMatchObject({ database: 'db.internal:5432/relay', exchanges });
    expect(() => refuseMovedOutbox(dir)).toThrow(OutboxMovedError);
    expect(() => refuseMovedOutbox(dir)).toThrow(
      /copied into PostgreSQL at db\.internal:5432\/relay \(copied 2026-12-03T17:00:00\.000Z\)/
    );
  });

  it('still refuses when the mark cannot be read: a damaged mark is no reason to publish twice', () => {
    writeFileSync(path.join(dir, MOVED_MARK_FILE), '{ not json');
    expect(outboxMoveOf(dir)).toEqual({ file: path.join(dir, MOVED_MARK_FILE), move: null });
    expect(() => refuseMovedOutbox(dir)).toThrow(/outbox was copied into PostgreSQL: a SQLite relay/);
    expect(existsSync(path.join(dir, MOVED_MARK_FILE))).toBe(true);
  });
});

describe('describeDatabase', () => {
  it('names host, port and database, never the credentials', () => {
    expect(describeDatabase('postgres://relay:s3cret@db.internal:5433/cardbridge?sslmode=require')).toBe(
      'db.internal:5433/cardbridge'
    );
    expect(describeDatabase('postgresql://db.internal/cardbridge')).toBe('db.internal/cardbridge');
    expect(describeDatabase('not a url')).toBe('the database');
  });
});
