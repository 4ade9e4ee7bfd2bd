/** `relay serve`: runs the relay until SIGTERM/SIGINT, then shuts down gracefully. */
import { ConfigInvalidError, startRelay } from '../../relay';
import type { CliCommand } from '../cli-command';

export const serveCommand: CliCommand = {
  usage: 'serve',
  summary: 'receive webhooks on PORT (default 8787) until stopped',
  async run(_args, io) {
    let relay;
    try {
      relay = await startRelay({ env: io.env, cwd: io.cwd });
    } catch (error) {
      if (error instanceof ConfigInvalidError) {
        io.err(error.message);
        return 1;
      }
      io.err(`relay failed to start: ${(error as Error).message}`);
      return 1;
    }
    const running = relay;
    return new Promise<number>((resolve) => {
      let stopping = false;
      const stop = (signal: NodeJS.Signals) => {
        // A second signal (a supervisor repeating itself) must not cut the graceful shutdown short.
        if (stopping) return;
        stopping = true;
        running.logger.info({ signal }, 'shutdown requested');
        // A backstop past the budget: whatever hangs, the process ends before the orchestrator's SIGKILL.
        const backstopMs = running.config.shutdownSeconds * 1000 + 2_000;
        setTimeout(() => {
          running.logger.error({ budgetSeconds: running.config.shutdownSeconds }, 'shutdown budget exceeded; exiting');
          resolve(1);
        }, backstopMs).unref();
        running.close().then(
          () => resolve(0),
          () => resolve(1)
        );
      };
      process.on('SIGTERM', stop);
      process.on('SIGINT', stop);
    });
  }
};
