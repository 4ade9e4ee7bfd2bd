/**
 * Runs the Salesforce API double on its own for the demo:
 * `tsx test/support/salesforce-api-double/main.ts --port 8788`.
 */
import { SalesforceApiDouble } from './salesforce-api-double';

function portFromArgs(args: string[]): number {
  const index = args.indexOf('--port');
  const value = index >= 0 ? Number(args[index + 1]) : 8788;
  if (!Number.isInteger(value) || value < 0 || value > 65535) throw new Error('--port needs a number from 0 to 65535');
  return value;
}

async function main(): Promise<void> {
  const double = new SalesforceApiDouble();
  const url = await double.start(portFromArgs(process.argv.slice(2)));
  process.stdout.write(
    `Salesforce API double listening on ${url}\n` +
      `  SF_INSTANCE_URL=${url} SF_CLIENT_ID=${double.clientId} SF_CLIENT_SECRET=${double.clientSecret} (a fixed test value, not a secret)\n`
  );
  const shutdown = (): void => {
    process.stdout.write(`stopping; ${double.events.length} events accepted\n`);
    void double.stop().then(() => process.exit(0));
  };
  process.on('SIGINT', shutdown);
  process.on('SIGTERM', shutdown);
}

void main();
