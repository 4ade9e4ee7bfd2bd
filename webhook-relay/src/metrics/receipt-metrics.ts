/**
 * The receipt metrics (issue #15), on the relay's registry: how many exchanges the org
 * confirmed, by outcome; re-sent for want of a receipt; given up on (`unconfirmed`); the API
 * calls receipts cost; failed receipt reads by code; and, read at scrape time, how many
 * exchanges are unconfirmed per connection and how old the oldest is. Unconfirmed exchanges
 * are a lost lead each until someone replays them: these are what on-call alerts on.
 */
import { Counter, Gauge, type Registry } from 'prom-client';
import type { ReceiptMetrics } from '../publish/receipt-checker';
import type { UnconfirmedSummary } from '../store/outbox-store';

export interface ReceiptMetricsOptions {
  /** Unconfirmed exchanges per connection (the store, one indexed query per scrape). */
  unconfirmed?: () => Promise<Record<string, UnconfirmedSummary>>;
  /** Seconds since an epoch-ms time, on the relay metrics' clock. */
  ageSeconds: (at: number) => number;
}

export function createReceiptMetrics(registers: Registry[], options: ReceiptMetricsOptions) {
  const confirmed = new Counter({
    name: 'cardbridge_relay_exchanges_confirmed_total',
    help: "Exchanges the org's package confirmed, by outcome (Created, Updated, Failed, ..., NoIntegration, Waiting)",
    labelNames: ['connection', 'outcome'] as const,
    registers
  });
  const resent = new Counter({
    name: 'cardbridge_relay_exchanges_resent_total',
    help: 'Exchanges published again because the org had no record of them in time',
    labelNames: ['connection'] as const,
    registers
  });
  const unconfirmedTotal = new Counter({
    name: 'cardbridge_relay_exchanges_unconfirmed_total',
    help: 'Exchanges given up on after every re-send (state unconfirmed)',
    labelNames: ['connection'] as const,
    registers
  });
  const receiptCalls = new Counter({
    name: 'cardbridge_relay_receipt_calls_total',
    help: 'Salesforce API calls spent reading receipts',
    labelNames: ['connection'] as const,
    registers
  });
  const receiptFailures = new Counter({
    name: 'cardbridge_relay_receipt_checks_failed_total',
    help: 'Receipt reads the org refused or did not answer, by error code',
    labelNames: ['connection', 'code'] as const,
    registers
  });
  let scrape: Promise<Record<string, UnconfirmedSummary> | null> | null = null;
  /** Both gauges read the same answer within one scrape. */
  const summary = (): Promise<Record<string, UnconfirmedSummary> | null> => {
    if (!options.unconfirmed) return Promise.resolve(null);
    scrape ??= options
      .unconfirmed()
      .catch(() => null)
      .finally(() => setImmediate(() => (scrape = null)));
    return scrape;
  };
  new Gauge({
    name: 'cardbridge_relay_unconfirmed_exchanges',
    help: 'Exchanges now unconfirmed (re-sent, still no receipt from the org) per org connection',
    labelNames: ['connection'] as const,
    registers,
    async collect() {
      const counts = await summary();
      if (!counts) return;
      this.reset();
      for (const [connection, { count }] of Object.entries(counts)) this.set({ connection }, count);
    }
  });
  new Gauge({
    name: 'cardbridge_relay_oldest_unconfirmed_age_seconds',
    help: 'Age of the oldest unconfirmed exchange of each org connection, from its receipt by the relay',
    labelNames: ['connection'] as const,
    registers,
    async collect() {
      const counts = await summary();
      if (!counts) return;
      this.reset();
      for (const [connection, { oldestReceivedAt }] of Object.entries(counts)) {
        this.set({ connection }, options.ageSeconds(oldestReceivedAt));
      }
    }
  });
  const hooks: ReceiptMetrics = {
    confirmed: (connection, outcome, count) => confirmed.inc({ connection, outcome }, count),
    resent: (connection, count) => resent.inc({ connection }, count),
    unconfirmed: (connection, count) => unconfirmedTotal.inc({ connection }, count),
    calls: (connection, count) => receiptCalls.inc({ connection }, count),
    checkFailed: (connection, code) => receiptFailures.inc({ connection, code })
  };
  return { hooks, receiptCalls };
}
