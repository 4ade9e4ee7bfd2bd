/**
 * The relay's command line: `relay <verb> [args]`. Verbs live in
 * `commands/<verb>.ts`; this table is the one place they are registered.
 */
import type { CliCommand, CliIo } from './cli-command';
import { backupCommand } from './commands/backup';
import { connectCommand } from './commands/connect';
import { deadLettersCommand } from './commands/dead-letters';
import { migrateToPostgresCommand } from './commands/migrate-to-postgres';
import { replayCommand } from './commands/replay';
import { restoreCommand } from './commands/restore';
import { sendTestCommand } from './commands/send-test';
import { serveCommand } from './commands/serve';
import { statusCommand } from './commands/status';

export const COMMANDS: Record<string, CliCommand> = {
  serve: serveCommand,
  'send-test': sendTestCommand,
  status: statusCommand,
  connect: connectCommand,
  'dead-letters': deadLettersCommand,
  replay: replayCommand,
  backup: backupCommand,
  restore: restoreCommand,
  'migrate-to-postgres': migrateToPostgresCommand
};

function help(io: CliIo): void {
  io.out('usage: relay <command>\n');
  for (const command of Object.values(COMMANDS)) io.out(`  ${command.usage.padEnd(52)} ${command.summary}`);
}

export async function runCli(argv: string[], io: CliIo): Promise<number> {
  const [verb, ...args] = argv;
  if (verb === undefined || verb === 'help' || verb === '--help' || verb === '-h') {
    help(io);
    return verb === undefined ? 2 : 0;
  }
  const command = COMMANDS[verb];
  if (!command) {
    io.err(`unknown command "${verb}"`);
    help(io);
    return 2;
  }
  return command.run(args, io);
}

if (require.main === module) {
  const io: CliIo = {
    out: (line) => process.stdout.write(`${line}\n`),
    err: (line) => process.stderr.write(`${line}\n`),
    env: process.env,
    cwd: process.cwd()
  };
  runCli(process.argv.slice(2), io).then(
    (code) => process.exit(code),
    (error: unknown) => {
      process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
      process.exit(1);
    }
  );
}
