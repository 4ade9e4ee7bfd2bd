/**
 * `relay restore <dir>`: puts the files `relay backup` saved back into RELAY_DATA_DIR, for
 * a relay that is stopped: it refuses while a relay holds the outbox, checks each file's
 * integrity first, and moves the files it replaces aside (`*.before-restore-<time>`).
 * Start the relay with the same master key afterwards: the connections are sealed with it.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { loadConfig } from '../../config/load-config';
import { CONNECTIONS_FILE_NAME } from '../../relay-publishing';
import { checkSqliteFile, restoreSqliteFiles, sqliteFileInUse } from '../../store/sqlite-backup';
import { SQLITE_FILE_NAME } from '../../store/sqlite-outbox-store';
import type { CliCommand } from '../cli-command';

export const restoreCommand: CliCommand = {
  usage: 'restore <dir>',
  summary: 'put a backup back into RELAY_DATA_DIR (the relay stopped)',
  async run(args, io) {
    const [dir] = args;
    if (!dir) {
      io.err('usage: relay restore <dir>');
      return 2;
    }
    const loaded = loadConfig({ env: io.env, cwd: io.cwd });
    if (!loaded.ok) {
      io.err(`invalid configuration:\n  ${loaded.errors.join('\n  ')}`);
      return 1;
    }
    if (loaded.config.databaseUrl !== undefined) {
      io.err('RELAY_DATABASE_URL is set: this relay keeps its queue in PostgreSQL; restore the database instead');
      return 1;
    }
    const from = path.resolve(io.cwd, dir);
    const dataDir = path.resolve(io.cwd, loaded.config.dataDir);
    const names = [SQLITE_FILE_NAME, CONNECTIONS_FILE_NAME].filter((name) => existsSync(path.join(from, name)));
    if (!names.includes(SQLITE_FILE_NAME)) {
      io.err(`${path.join(from, SQLITE_FILE_NAME)} is missing: not a backup made by relay backup`);
      return 1;
    }
    if (sqliteFileInUse(path.join(dataDir, SQLITE_FILE_NAME))) {
      io.err(`a relay is running on ${dataDir}: stop it first (restore replaces its files)`);
      return 1;
    }
    try {
      for (const name of names) checkSqliteFile(path.join(from, name));
    } catch (error) {
      io.err((error as Error).message);
      return 1;
    }
    const aside = restoreSqliteFiles(from, dataDir, names);
    for (const name of names) io.out(`restored ${path.join(dataDir, name)}`);
    for (const file of aside) io.out(`kept the replaced file as ${file}`);
    return 0;
  }
};
