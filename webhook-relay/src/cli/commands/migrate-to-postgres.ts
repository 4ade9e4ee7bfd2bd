/**
 * `relay migrate-to-postgres --data-dir <dir> --database-url postgres://…`: copies a stopped
 * SQLite relay's outbox (every exchange in its state) and its run-time org connections into
 * PostgreSQL, in one transaction, then prints what it copied per state. The secrets are
 * sealed again with RELAY_MASTER_KEY (required, as on every PostgreSQL relay); the SQLite
 * relay's own key is found where that relay found it (RELAY_MASTER_KEY itself, the data
 * directory's old `master-key`, `~/.config/cardbridge/master-key`) or given with
 * `--sqlite-master-key-file`. See store/sqlite-to-postgres.ts for what it guarantees.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { loadConfig } from '../../config/load-config';
import { CONNECTIONS_FILE_NAME } from '../../relay-publishing';
import {
  defaultMasterKeyFile,
  loadMasterKeys,
  masterKeyOf,
  MASTER_KEY_FILE,
  MasterKeyError,
  parseKeySpec,
  ringOf,
  type MasterKeyEntry
} from '../../store/connection-secrets';
import { describeDatabase } from '../../store/database-location';
import { MOVED_MARK_FILE } from '../../store/moved-outbox';
import { EXCHANGE_STATES } from '../../store/outbox-store';
import { migrateSqliteToPostgres } from '../../store/sqlite-to-postgres';
import { SQLITE_FILE_NAME } from '../../store/sqlite-outbox-store';
import { flag } from '../admin-api-call';
import type { CliCommand, CliIo } from '../cli-command';

/** The SQLite relay's keys: the target's, then every key file that relay may have used, each once. */
function sourceKeyOf(target: Buffer, dataDir: string, explicitFile: string | undefined, io: CliIo): Buffer {
  const ring = ringOf(target);
  const entries: MasterKeyEntry[] = [...ring.all];
  const files = [explicitFile, path.join(dataDir, MASTER_KEY_FILE), defaultMasterKeyFile({ ...io.env })];
  for (const file of files) {
    if (file === undefined || !existsSync(file)) continue;
    const entry = parseKeySpec(readFileSync(file, 'utf8'), file);
    if (!entries.some((known) => known.fingerprint === entry.fingerprint)) entries.push(entry);
  }
  return masterKeyOf({ current: ring.current, all: entries });
}

export const migrateToPostgresCommand: CliCommand = {
  usage: 'migrate-to-postgres --data-dir <dir> --database-url <url>',
  summary: 'copy a stopped SQLite relay (queue and connections) into PostgreSQL',
  async run(args, io) {
    const dataDirArg = flag(args, '--data-dir') ?? io.env.RELAY_DATA_DIR;
    const databaseUrl = flag(args, '--database-url') ?? io.env.RELAY_DATABASE_URL;
    if (!dataDirArg || !databaseUrl || !/^postgres(ql)?:\/\//.test(databaseUrl)) {
      io.err(
        'usage: relay migrate-to-postgres --data-dir <dir> --database-url postgres://… [--sqlite-master-key-file <file>]'
      );
      return 2;
    }
    const dataDir = path.resolve(io.cwd, dataDirArg);
    const loaded = loadConfig({
      env: { ...io.env, RELAY_DATA_DIR: dataDir, RELAY_DATABASE_URL: databaseUrl },
      cwd: io.cwd
    });
    if (!loaded.ok) {
      io.err(`invalid configuration:\n  ${loaded.errors.join('\n  ')}`);
      return 1;
    }
    const { config } = loaded;
    let targetKey: Buffer;
    let sourceKey: Buffer;
    try {
      targetKey = loadMasterKeys({
        configured: config.masterKey,
        previous: config.previousMasterKeys,
        keyFile: config.masterKeyFile,
        dataDir,
        shared: true,
        env: { ...io.env }
      });
      const explicit = flag(args, '--sqlite-master-key-file');
      sourceKey = sourceKeyOf(targetKey, dataDir, explicit && path.resolve(io.cwd, explicit), io);
    } catch (error) {
      if (!(error instanceof MasterKeyError)) throw error;
      io.err(error.message);
      return 1;
    }
    io.out(`copying ${dataDir} into PostgreSQL at ${describeDatabase(databaseUrl)}`);
    const outcome = await migrateSqliteToPostgres({
      outboxFile: path.join(dataDir, SQLITE_FILE_NAME),
      connectionsFile: path.join(dataDir, CONNECTIONS_FILE_NAME),
      databaseUrl,
      sourceKey,
      targetKey,
      onProgress: (copied) => {
        if (copied % 100_000 === 0) io.out(`  ${copied} exchanges copied…`);
      }
    });
    if (!outcome.ok) {
      io.err(outcome.message);
      return 1;
    }
    const total = EXCHANGE_STATES.reduce((sum, state) => sum + outcome.exchanges[state], 0);
    io.out(
      outcome.copied
        ? `copied ${total} exchanges in one transaction; leases cleared`
        : `already copied at ${outcome.importedAt} (these SQLite files have not changed since): nothing written`
    );
    for (const state of EXCHANGE_STATES) io.out(`  ${state.padEnd(12)} ${outcome.exchanges[state]}`);
    io.out(
      `  run-time connections ${outcome.connections} (${outcome.accountClaims} account claims, ` +
        `${outcome.refreshTokens} rotated refresh tokens), sealed again with RELAY_MASTER_KEY`
    );
    if (outcome.copied) {
      io.out(
        'next: start the relays with RELAY_DATABASE_URL and this RELAY_MASTER_KEY; keep the directory as the trail. ' +
          `A SQLite relay will not start on it again (${MOVED_MARK_FILE} records the move: it would publish the ` +
          'queue a second time)'
      );
    }
    return 0;
  }
};
