/**
 * Backups of the relay's SQLite files, live and consistent: SQLite's online backup API
 * (better-sqlite3's `backup`, which copies pages in steps between which the relay keeps
 * writing, and restarts a step a write overlapped), never a copy of the file and its
 * WAL. The outbox is held by its relay with an exclusive lock, so only that relay can
 * back it up (SqliteOutboxStore.backup); the connections file is opened read-only here.
 * Restore is offline: `restoreSqliteFiles` refuses a data directory a relay holds.
 */
import { chmodSync, copyFileSync, existsSync, mkdirSync, renameSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';

/** A consistent copy of a SQLite file another connection may be writing (WAL mode). */
export async function backupSqliteFile(source: string, target: string): Promise<void> {
  const db = new Database(source, { readonly: true, fileMustExist: true });
  try {
    await db.backup(target);
  } finally {
    db.close();
  }
  chmodSync(target, 0o600);
}

/** Throws unless `file` is a SQLite database whose integrity check passes. */
export function checkSqliteFile(file: string): void {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    const result = db.pragma('integrity_check', { simple: true });
    if (result !== 'ok') throw new Error(`${file} fails SQLite's integrity check: ${String(result)}`);
  } finally {
    db.close();
  }
}

/** Whether a relay holds this outbox file now (its exclusive lock), without waiting. */
export function sqliteFileInUse(file: string): boolean {
  if (!existsSync(file)) return false;
  const db = new Database(file, { fileMustExist: true });
  try {
    db.pragma('busy_timeout = 0');
    db.exec('BEGIN EXCLUSIVE; COMMIT');
    return false;
  } catch (error) {
    if ((error as { code?: string }).code === 'SQLITE_BUSY') return true;
    throw error;
  } finally {
    db.close();
  }
}

/**
 * Puts backed-up files in place in `dataDir` (each `name` from `fromDir`), moving what was
 * there (with its -wal and -shm journals) aside to `<name>.before-restore-<time>`. Answers
 * the files moved aside.
 */
export function restoreSqliteFiles(
  fromDir: string,
  dataDir: string,
  names: readonly string[],
  now = Date.now()
): string[] {
  const movedAside: string[] = [];
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  for (const name of names) {
    const target = path.join(dataDir, name);
    for (const suffix of ['', '-wal', '-shm']) {
      if (!existsSync(target + suffix)) continue;
      const aside = `${target}.before-restore-${now}${suffix}`;
      renameSync(target + suffix, aside);
      movedAside.push(aside);
    }
    copyFileSync(path.join(fromDir, name), target);
    chmodSync(target, 0o600);
  }
  return movedAside;
}
