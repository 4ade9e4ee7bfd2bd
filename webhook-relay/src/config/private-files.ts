/**
 * The data directory holds people's contact details (the SQLite outbox), connection
 * secrets and the relay's keys: it is the owner's alone, whatever the umask and
 * whether or not secrets come from the environment. The directory is 0700; the
 * databases (with their -wal and -shm files, which SQLite creates with the database
 * file's mode), the master key and the generated secrets are 0600. A file an older
 * version left readable is tightened at start.
 */
import { chmodSync, closeSync, existsSync, mkdirSync, openSync, statSync } from 'node:fs';
import path from 'node:path';

export const PRIVATE_DIR_MODE = 0o700;
export const PRIVATE_FILE_MODE = 0o600;

/** Files the relay keeps in its data directory (the SQLite ones with their journal files). */
export const DATA_FILES: readonly string[] = [
  'outbox.sqlite',
  'outbox.sqlite-wal',
  'outbox.sqlite-shm',
  'connections.sqlite',
  'connections.sqlite-wal',
  'connections.sqlite-shm',
  'master-key',
  'webhook-secret',
  'admin-token'
];

/** Creates the directory (and parents) if needed; makes it 0700 either way. */
export function preparePrivateDir(dir: string): void {
  mkdirSync(dir, { recursive: true, mode: PRIVATE_DIR_MODE });
  if ((statSync(dir).mode & 0o777) === PRIVATE_DIR_MODE) return;
  try {
    chmodSync(dir, PRIVATE_DIR_MODE);
  } catch (error) {
    throw new Error(
      `the data directory ${dir} must be this user's own (mode 0700) and cannot be made so: ${(error as Error).message}`
    );
  }
}

/** Creates `file` empty with mode 0600 if absent (so SQLite opens it, and its journals, as 0600); tightens it if present. */
export function preparePrivateFile(file: string): void {
  if (!existsSync(file)) closeSync(openSync(file, 'a', PRIVATE_FILE_MODE));
  tighten(file);
}

function tighten(file: string): void {
  if (existsSync(file) && (statSync(file).mode & 0o777) !== PRIVATE_FILE_MODE) chmodSync(file, PRIVATE_FILE_MODE);
}

/** Tightens every data file that exists (0600) and the directory (0700). */
export function tightenDataDir(dir: string): void {
  if (!existsSync(dir)) return;
  preparePrivateDir(dir);
  for (const name of DATA_FILES) tighten(path.join(dir, name));
}
