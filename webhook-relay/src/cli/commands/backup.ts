/**
 * `relay backup <dir>`: asks the running relay for consistent copies of its SQLite files
 * (the outbox and the org connections, made with SQLite's online backup API while it
 * keeps taking webhooks) and saves them in `<dir>`, owner-readable only. Never copy the
 * live files instead: a copy of a database and its WAL taken mid-write is not a database.
 */
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { callAdminApi, problemLines } from '../admin-api-call';
import type { CliCommand } from '../cli-command';
import { positionalArgs, relayClient } from '../relay-client';

export const backupCommand: CliCommand = {
  usage: 'backup <dir> [--url http://127.0.0.1:8787]',
  summary: "save a consistent copy of a running relay's SQLite outbox and connections",
  async run(args, io) {
    const [dir] = positionalArgs(args);
    if (!dir) {
      io.err('usage: relay backup <dir>');
      return 2;
    }
    const listed = await callAdminApi(args, io, 'GET', '/admin/v1/backups');
    if (!listed.ok) {
      io.err(listed.message);
      return 1;
    }
    if (listed.status !== 200) {
      problemLines(listed.body).forEach((line) => io.err(line));
      return 1;
    }
    const { files } = listed.body as { files: string[] };
    if (files.length === 0) {
      io.err('this relay keeps nothing in SQLite (PostgreSQL): back the database up with pg_dump or its snapshots');
      return 1;
    }
    const resolved = relayClient(args, io);
    if (!resolved.ok) return 1;
    const target = path.resolve(io.cwd, dir);
    mkdirSync(target, { recursive: true, mode: 0o700 });
    for (const name of files) {
      const response = await fetch(`${resolved.client.baseUrl}/admin/v1/backups/${encodeURIComponent(name)}`, {
        headers: { authorization: `Bearer ${resolved.client.adminToken ?? ''}` }
      });
      if (response.status !== 200) {
        io.err(`${name}: the relay answered ${response.status}: ${await response.text()}`);
        return 1;
      }
      const file = path.join(target, name);
      writeFileSync(file, Buffer.from(await response.arrayBuffer()), { mode: 0o600 });
      chmodSync(file, 0o600);
      io.out(`saved ${file}`);
    }
    io.out('keep the master key apart from this backup: the connections in it are sealed with it');
    return 0;
  }
};
