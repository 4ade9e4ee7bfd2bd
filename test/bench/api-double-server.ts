/**
 * The Salesforce API double as a process of its own for the benchmarks, so the org's side
 * of publishing costs CPU where it would (not in the load generator's event loop).
 * `API_DOUBLE_LATENCY_MS` adds latency to every call. Prints `{"url": ...}` once listening, and on
 * each SIGUSR2 `{"doubleExchanges": n, "answer": k}`: how many distinct exchanges it has taken as
 * events so far, in its k-th answer (numbered: the reader keeps only a process's last 500 lines).
 */
import { SalesforceApiDouble } from '../support/salesforce-api-double/salesforce-api-double';

async function main(): Promise<void> {
  const double = new SalesforceApiDouble();
  double.faults.latencyMs = Number(process.env.API_DOUBLE_LATENCY_MS ?? 0);
  const url = await double.start(0);
  console.log(JSON.stringify({ url, clientId: double.clientId, clientSecret: double.clientSecret }));
  let answer = 0;
  // Counted as events arrive (a drain asks every 50 ms; a set of every event each time was the
  // double's largest cost while the relay confirmed the receipts of a drained queue).
  const exchanges = new Set<string | null>();
  let counted = 0;
  process.on('SIGUSR2', () => {
    answer += 1;
    for (; counted < double.events.length; counted++) exchanges.add(double.events[counted]?.exchangeId ?? null);
    console.log(JSON.stringify({ doubleExchanges: exchanges.size, answer }));
  });
  process.on('SIGTERM', () => void double.stop().then(() => process.exit(0)));
}

void main();
