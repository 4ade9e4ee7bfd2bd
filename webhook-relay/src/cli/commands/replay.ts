/**
 * `relay replay`: puts dead letters back in the queue, the listed ones or (with --all) every one;
 * with --unconfirmed, the exchanges that stayed unconfirmed (no receipt from the org after every re-send).
 */
import type { CliCommand } from '../cli-command';
import { callAdminApi, problemLines } from '../admin-api-call';
import { positionalArgs } from '../relay-client';

export const replayCommand: CliCommand = {
  usage: 'replay [--unconfirmed] <webhookId>... | replay [--unconfirmed] --all [--url http://127.0.0.1:8787]',
  summary: 'requeue dead letters (or, with --unconfirmed, unconfirmed exchanges) for publishing',
  async run(args, io) {
    const all = args.includes('--all');
    const unconfirmed = args.includes('--unconfirmed');
    const ids = positionalArgs(args).filter((arg) => arg !== '--all' && arg !== '--unconfirmed');
    if (!all && ids.length === 0) {
      io.err(`usage: relay ${this.usage}`);
      return 2;
    }
    const answer = await callAdminApi(
      args,
      io,
      'POST',
      unconfirmed ? '/admin/v1/unconfirmed/replay' : '/admin/v1/dead-letters/replay',
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
    const replayed = (answer.body as { replayed: number }).replayed;
    io.out(unconfirmed ? `${replayed} unconfirmed exchange(s) requeued` : `${replayed} dead letter(s) requeued`);
    return 0;
  }
};
