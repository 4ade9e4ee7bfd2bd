/**
 * The mark `relay migrate-to-postgres` leaves in a SQLite relay's data directory once its outbox
 * has been copied into PostgreSQL, and the refusal it causes: a SQLite relay started on that
 * directory again would publish its copied queue a second time (and answer webhooks the
 * PostgreSQL relays should take). The mark is a file of its own, next to the outbox, written
 * while the copy still holds the outbox's lock; an operator who abandons the move deletes it.
 */
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { ExchangeState } from './outbox-store';

export const MOVED_MARK_FILE = 'moved-to-postgres.json';

export interface OutboxMove {
  /** Host, port and database name (describeDatabase): no credentials. */
  database: string;
  /** When the copy was committed (ISO 8601). */
  copiedAt: string;
  exchanges: Record<ExchangeState, number>;
}

export class OutboxMovedError extends Error {
  readonly code = 'OUTBOX_MOVED';
  constructor(
    readonly file: string,
    move: OutboxMove | null
  ) {
    const where = move ? ` at ${move.database} (copied ${move.copiedAt})` : '';
    super(
      `this data directory's outbox was copied into PostgreSQL${where}: a SQLite relay started on it would ` +
        'publish its queue a second time. Start the relays with RELAY_DATABASE_URL instead. If the move was ' +
        `abandoned and this directory is to serve again, delete ${file} first.`
    );
  }
}

/** Records the move, atomically (a whole file or none), readable by the relay's user only. */
export function recordOutboxMove(dataDir: string, move: OutboxMove): void {
  const file = path.join(dataDir, MOVED_MARK_FILE);
  const partial = `${file}.partial`;
  writeFileSync(partial, `${JSON.stringify(move, null, 2)}\n`, { mode: 0o600 });
  renameSync(partial, file);
}

/** The move recorded in `dataDir`, null when there is none; a mark that cannot be read still counts. */
export function outboxMoveOf(dataDir: string): { file: string; move: OutboxMove | null } | null {
  const file = path.join(dataDir, MOVED_MARK_FILE);
  if (!existsSync(file)) return null;
  try {
    return { file, move: JSON.parse(readFileSync(file, 'utf8')) as OutboxMove };
  } catch {
    return { file, move: null };
  }
}

/** Throws OutboxMovedError when the outbox in `dataDir` was moved to PostgreSQL. */
export function refuseMovedOutbox(dataDir: string): void {
  const found = outboxMoveOf(dataDir);
  if (found) throw new OutboxMovedError(found.file, found.move);
}
