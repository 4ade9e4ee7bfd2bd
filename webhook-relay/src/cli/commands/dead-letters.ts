/** `relay dead-letters`: lists exchanges that could not be published, newest first, with the reason. */
import type { CliCommand } from '../cli-command';
import { callAdminApi, flag, problemLines } from '../admin-api-call';

interface DeadLetterLine {
  webhookId: string;
  exchangeId: string;
  connectionId: string | null;
  attempts: number;
  lastError: string | null;
  deadAt: string | null;
}

export const deadLettersCommand: CliCommand = {
  usage: 'dead-letters [--limit 50] [--offset 0] [--url http://127.0.0.1:8787]',
  summary: 'list dead letters with their reason',
  async run(args, io) {
    const query = new URLSearchParams({ limit: flag(args, '--limit') ?? '50', offset: flag(args, '--offset') ?? '0' });
    const answer = await callAdminApi(args, io, 'GET', `/admin/v1/dead-letters?${query.toString()}`);
    if (!answer.ok) {
      io.err(answer.message);
      return 1;
    }
    if (answer.status !== 200) {
      problemLines(answer.body).forEach((line) => io.err(line));
      return 1;
    }
    const { deadLetters } = answer.body as { deadLetters: DeadLetterLine[] };
    if (deadLetters.length === 0) {
      io.out('no dead letters');
      return 0;
    }
    for (const dead of deadLetters) {
      io.out(
        `${dead.deadAt ?? '-'}  ${dead.webhookId}  exchange ${dead.exchangeId}  org ${dead.connectionId ?? '-'}  ` +
          `attempts ${dead.attempts}  ${dead.lastError ?? ''}`
      );
    }
    return 0;
  }
};
