/** `relay replay`: puts dead letters back in the queue, the listed ones or (with --all) every one. */
import type { CliCommand } from '../cli-command';
import { callAdminApi, problemLines } from '../admin-api-call';
import { positionalArgs } from '../relay-client';

export const replayCommand: CliCommand = {
  usage: 'replay <webhookId>... | replay --all [--url http://127.0.0.1:8787]',
  summary: 'requeue dead letters for publishing',
  async run(args, io) {
    const all = args.includes('--all');
    const ids = positionalArgs(args).filter((arg) => arg !== '--all');
    if (!all && ids.length === 0) {
      io.err(`usage: relay ${this.usage}`);
      return 2;
    }
    const answer = await callAdminApi(
      args,
      io,
      'POST',
      '/admin/v1/dead-letters/replay',
      all ? {} : { webhookIds: ids }
    );
    if (!answer.ok) {
      io.err(answer.message);
      return 1;
    }
    if (answer.status !== 200) {
      problemLines(answer.body).forEach((line) => io.err(line));
      return 1;
    }
    io.out(`${(answer.body as { replayed: number }).replayed} dead letter(s) requeued`);
    return 0;
  }
};
