/**
 * Confirms published exchanges: reads the package's receipts (salesforce/receipt-query.ts)
 * for the published rows whose check is due, and settles each one — `confirmed` with the
 * org's outcome, looked at again later, published again (same ExchangeId: the subscriber
 * skips what it already processed), or `unconfirmed` once the re-sends are spent.
 *
 * One checker serves every connection of a relay. Due rows are leased from the store like
 * publishing leases queued ones (several relays never check one row at once), up to
 * `batchLimit` a turn, so one composite call confirms up to 1,000 exchanges.
 *
 * Nothing polls while no receipt is awaited: the checker sleeps until the earliest check the
 * store knows of (one index lookup after each turn and at start), and this relay's publisher
 * tells it of every row it publishes. A turn starts `gatherMs` after the first check comes due,
 * so rows published in the meantime share its call: under load, one call per 1,000 exchanges. Only a relay sharing a database (PostgreSQL) also looks
 * every `sweepMs`, one query, for rows another relay published and left (it was stopped).
 *
 * The error message of a receipt may quote a value of the exchange: it goes to the store for
 * operators, never to the log. Codes and counts are logged.
 */
import { randomUUID } from 'node:crypto';
import { setImmediate as turn } from 'node:timers/promises';
import { SETTLED_RECEIVED_STATUSES } from '../salesforce/receipt-fields';
import type { ExchangeReceipt, ReceiptAnswer } from '../salesforce/receipt-query';
import type { CallResult } from '../salesforce/rest-api';
import type { ExchangeSummary, OutboxStore, ReceiptSettlement, StoredReceipt } from '../store/outbox-store';
import type { PublisherLogger } from './connection-worker';

export interface ReceiptReader {
  readReceipts(exchangeIds: readonly string[]): Promise<CallResult<ReceiptAnswer>>;
}

export interface ReceiptSettings {
  /** From publish to the first look for the receipt, and between looks while none came. */
  checkDelayMs: number;
  /** No receipt this long after a publish: publish again. Doubles with each re-send. */
  confirmAfterMs: number;
  /** Re-sends before an exchange is `unconfirmed`. */
  resendLimit: number;
  /** Rows checked per turn (all connections). */
  batchLimit: number;
  leaseMs: number;
  /** Shared database only: how often to look for receipts other relays left awaited. */
  sweepMs?: number;
  /**
   * How long after the first due check a turn starts, so that the rows coming due meanwhile
   * share its call (up to 1,000 a composite call). Default: half of checkDelayMs, at most 30 s.
   */
  gatherMs?: number;
}

export interface ReceiptMetrics {
  confirmed(connectionId: string, outcome: string, count: number): void;
  resent(connectionId: string, count: number): void;
  unconfirmed(connectionId: string, count: number): void;
  /** REST calls spent reading receipts. */
  calls(connectionId: string, count: number): void;
  checkFailed(connectionId: string, code: string): void;
}

export const noReceiptMetrics: ReceiptMetrics = {
  confirmed: () => undefined,
  resent: () => undefined,
  unconfirmed: () => undefined,
  calls: () => undefined,
  checkFailed: () => undefined
};

export interface ReceiptCheckerDeps {
  store: OutboxStore;
  clock: { now(): number };
  logger: PublisherLogger;
  metrics: ReceiptMetrics;
  settings: ReceiptSettings;
  /** The org side of a connection, or undefined when this relay does not serve it now. */
  readerFor(connectionId: string): ReceiptReader | undefined;
  /** Rows of these connections went back to the queue to be published again. */
  onResend(connectionIds: readonly string[]): void;
}

export const DEFAULT_RECEIPT_SETTINGS: Omit<ReceiptSettings, 'leaseMs'> = {
  checkDelayMs: 60_000,
  confirmAfterMs: 600_000,
  resendLimit: 3,
  batchLimit: 1_000
};

/**
 * The rows one store call leases or settles. A turn's 1,000 rows go to the org in one call, but
 * reading and writing them at once held the event loop that answers webhooks for tens of
 * milliseconds (settling 1,000 took about 30 ms): the store sees them 200 at a time, and the
 * loop turns between its calls.
 */
export const RECEIPT_STORE_CHUNK = 200;

function durationText(ms: number): string {
  if (ms >= 3_600_000) return `${Math.round(ms / 360_000) / 10} h`;
  return ms >= 60_000 ? `${Math.round(ms / 6_000) / 10} min` : `${Math.round(ms / 1000)} s`;
}

/** The receipt as stored: what the org holds, trimmed to the receipt's fields. */
export function storedReceipt(receipt: ExchangeReceipt): StoredReceipt {
  return {
    status: receipt.status,
    errorCode: receipt.errorCode,
    errorMessage: receipt.errorMessage,
    logs: receipt.logs
  };
}

/** One word for metrics: the log's outcome, or the row's status when no integration logged one. */
export function receiptOutcome(receipt: StoredReceipt): string {
  const statuses = [...new Set(receipt.logs.map((log) => log.status ?? 'Unknown'))];
  if (statuses.length === 1) return statuses[0] as string;
  if (statuses.length > 1) return 'Mixed';
  return receipt.status === 'Processed' ? 'NoIntegration' : (receipt.status ?? 'Unknown');
}

/**
 * Where one published row goes, given the receipt the org answered (or none). Pure.
 * - a settled receipt (Processed, Waiting, Invalid): confirmed;
 * - Pending (the org holds it and is processing): looked at again, confirmed as it is once the window ends;
 * - none: looked at again until the window ends (confirmAfter x 2^resends after the last publish),
 *   then published again, or unconfirmed once the re-sends are spent.
 */
export function settleReceipt(
  row: ExchangeSummary,
  receipt: ExchangeReceipt | undefined,
  now: number,
  settings: Pick<ReceiptSettings, 'checkDelayMs' | 'confirmAfterMs' | 'resendLimit'>
): ReceiptSettlement {
  const webhookId = row.webhookId;
  const window = settings.confirmAfterMs * 2 ** Math.min(row.resends, 20);
  const deadline = (row.publishedAt ?? now) + window;
  const nextLook = Math.min(now + settings.checkDelayMs, deadline);
  if (receipt && receipt.status !== null && SETTLED_RECEIVED_STATUSES.includes(receipt.status)) {
    return { webhookId, outcome: 'confirmed', receipt: storedReceipt(receipt) };
  }
  if (receipt) {
    return now >= deadline
      ? { webhookId, outcome: 'confirmed', receipt: storedReceipt(receipt) }
      : { webhookId, outcome: 'check_later', checkAt: nextLook, receipt: storedReceipt(receipt) };
  }
  if (now < deadline) return { webhookId, outcome: 'check_later', checkAt: nextLook };
  if (row.resends < settings.resendLimit) {
    return {
      webhookId,
      outcome: 'resend',
      error: `NO_RECEIPT: the org had no record of it ${durationText(window)} after it was published; publishing again (re-send ${row.resends + 1} of ${settings.resendLimit})`
    };
  }
  return {
    webhookId,
    outcome: 'unconfirmed',
    error: `NO_RECEIPT: the org had no record of it after ${settings.resendLimit} re-sends (last published ${new Date(row.publishedAt ?? now).toISOString()}): check the subscriber in the org's setup assistant, then replay`
  };
}

export class ReceiptChecker {
  private running = false;
  private timer: { at: number; handle: NodeJS.Timeout } | undefined;
  private sweep: NodeJS.Timeout | undefined;
  private turn: Promise<void> | null = null;
  private again = false;
  /** The last turn leased nothing although a check was due (another relay holds those rows). */
  private foundNothing = false;
  private readonly owner = `receipts-${randomUUID()}`;

  constructor(private readonly deps: ReceiptCheckerDeps) {}

  async start(): Promise<void> {
    this.running = true;
    await this.reschedule();
    const { sweepMs } = this.deps.settings;
    if (sweepMs !== undefined && sweepMs > 0) {
      this.sweep = setInterval(() => {
        if (!this.timer && !this.turn) void this.reschedule();
      }, sweepMs);
      this.sweep.unref();
    }
  }

  /**
   * Stops looking. With `deadline` (epoch ms, the shutdown budget) a turn still waiting for the
   * org then is given up: its rows stay leased and `published`, and are checked again (after a
   * restart, or by another relay) once the lease runs out; a receipt check only reads, so
   * nothing is lost or sent twice by giving it up.
   */
  async stop(deadline?: number): Promise<void> {
    this.running = false;
    clearTimeout(this.timer?.handle);
    this.timer = undefined;
    clearInterval(this.sweep);
    const turn = this.turn;
    if (!turn) return;
    if (deadline === undefined) {
      await turn;
      return;
    }
    let timer: NodeJS.Timeout | undefined;
    const budget = new Promise<void>((resolve) => {
      timer = setTimeout(resolve, Math.max(0, deadline - Date.now()));
    });
    await Promise.race([turn, budget]);
    clearTimeout(timer);
  }

  /** This relay published rows whose first check is due at `at`. */
  published(at: number): void {
    this.wakeAt(at + this.gatherMs());
  }

  private gatherMs(): number {
    const { gatherMs, checkDelayMs } = this.deps.settings;
    return gatherMs ?? Math.min(checkDelayMs / 2, 30_000);
  }

  /** Check what is due now (a console waiting for a test exchange, say). */
  checkNow(): void {
    this.wakeAt(this.deps.clock.now());
  }

  private wakeAt(at: number): void {
    if (!this.running) return;
    if (this.turn) {
      // A turn is running: it reschedules from the store when it ends, which knows of `at`.
      if (at <= this.deps.clock.now()) this.again = true;
      return;
    }
    if (this.timer && this.timer.at <= at) return;
    clearTimeout(this.timer?.handle);
    const handle = setTimeout(
      () => {
        this.timer = undefined;
        this.runTurn();
      },
      Math.max(0, at - this.deps.clock.now())
    );
    this.timer = { at, handle };
  }

  private async reschedule(): Promise<void> {
    try {
      const next = await this.deps.store.nextReceiptCheckAt();
      // Due rows it could not lease are another relay's (on PostgreSQL), checked or left leased
      // when it stopped: look again a little later, not in a loop, until that lease settles or ends.
      const notBefore = this.foundNothing
        ? this.deps.clock.now() + Math.min(this.deps.settings.checkDelayMs, 5_000)
        : 0;
      if (next !== null) this.wakeAt(Math.max(next + this.gatherMs(), notBefore));
    } catch (error) {
      this.deps.logger.error({ err: (error as Error).message }, 'reading the next receipt check failed');
      this.wakeAt(this.deps.clock.now() + this.deps.settings.checkDelayMs);
    }
  }

  private runTurn(): void {
    if (!this.running || this.turn) return;
    this.turn = (async () => {
      try {
        let checked = 0;
        do {
          this.again = false;
          let batch: number;
          do {
            batch = await this.checkDue();
            checked += batch;
            // A full batch: there may be more due.
          } while (this.running && batch >= this.deps.settings.batchLimit);
        } while (this.again && this.running);
        this.foundNothing = checked === 0;
      } catch (error) {
        this.deps.logger.error({ err: (error as Error).message }, 'receipt check failed');
      } finally {
        this.turn = null;
      }
      if (this.running) await this.reschedule();
    })();
  }

  /** One batch of due rows: read their receipts per connection and settle them. Answers how many. */
  private async checkDue(): Promise<number> {
    const { store, clock, settings, logger, metrics } = this.deps;
    const rows: ExchangeSummary[] = [];
    while (rows.length < settings.batchLimit) {
      if (rows.length > 0) await turn();
      const limit = Math.min(RECEIPT_STORE_CHUNK, settings.batchLimit - rows.length);
      const chunk = await store.leaseReceiptChecks({
        now: clock.now(),
        limit,
        leaseMs: settings.leaseMs,
        owner: this.owner
      });
      rows.push(...chunk);
      if (chunk.length < limit) break;
    }
    if (rows.length === 0) return 0;
    const byConnection = new Map<string, ExchangeSummary[]>();
    for (const row of rows) {
      const id = row.connectionId ?? '';
      const group = byConnection.get(id);
      if (group) group.push(row);
      else byConnection.set(id, [row]);
    }
    const resent: string[] = [];
    for (const [connectionId, group] of byConnection) {
      const reader = this.deps.readerFor(connectionId);
      const now = clock.now();
      const later = (): ReceiptSettlement[] =>
        group.map((row) => ({
          webhookId: row.webhookId,
          outcome: 'check_later',
          checkAt: now + settings.checkDelayMs
        }));
      let settlements: ReceiptSettlement[];
      if (!reader) {
        settlements = later();
      } else {
        const answer = await reader.readReceipts([...new Set(group.map((row) => row.exchangeId))]);
        if (!answer.ok) {
          // Without receipts nothing is known: nothing is re-sent or given up on; look again later.
          metrics.checkFailed(connectionId, answer.error.code);
          logger.warn(
            { connectionId, code: answer.error.code, count: group.length },
            'reading receipts failed; looking again later'
          );
          settlements = later();
        } else {
          metrics.calls(connectionId, answer.value.calls);
          settlements = group.map((row) =>
            settleReceipt(row, answer.value.receipts.get(row.exchangeId), clock.now(), settings)
          );
        }
      }
      const rejected = new Set<string>();
      for (let i = 0; i < settlements.length; i += RECEIPT_STORE_CHUNK) {
        if (i > 0) await turn();
        const late = await store.settleReceipts(settlements.slice(i, i + RECEIPT_STORE_CHUNK), this.owner);
        for (const id of late) rejected.add(id);
      }
      const kept = settlements.filter((s) => !rejected.has(s.webhookId));
      this.count(connectionId, kept);
      if (kept.some((s) => s.outcome === 'resend')) resent.push(connectionId);
    }
    if (resent.length > 0) this.deps.onResend(resent);
    return rows.length;
  }

  /**
   * Someone waits for this exchange (the console's or the CLI's test exchange): read its
   * receipt now instead of at its next check, and confirm it when the org has settled it. No
   * lease: confirming is the same whoever does it, and a row already settled is left as it is.
   */
  async confirmNow(exchangeId: string): Promise<void> {
    const { store, metrics } = this.deps;
    const published = (await store.findByExchangeId(exchangeId)).filter(
      (row) => row.state === 'published' && row.connectionId !== null
    );
    for (const row of published) {
      const connectionId = row.connectionId as string;
      const reader = this.deps.readerFor(connectionId);
      if (!reader) continue;
      const answer = await reader.readReceipts([exchangeId]);
      if (!answer.ok) {
        metrics.checkFailed(connectionId, answer.error.code);
        continue;
      }
      metrics.calls(connectionId, answer.value.calls);
      const receipt = answer.value.receipts.get(exchangeId);
      if (!receipt || receipt.status === null || !SETTLED_RECEIVED_STATUSES.includes(receipt.status)) continue;
      const settlement: ReceiptSettlement = {
        webhookId: row.webhookId,
        outcome: 'confirmed',
        receipt: storedReceipt(receipt)
      };
      if ((await store.settleReceipts([settlement])).length === 0) this.count(connectionId, [settlement]);
    }
  }

  private count(connectionId: string, settlements: readonly ReceiptSettlement[]): void {
    const { metrics, logger } = this.deps;
    const outcomes = new Map<string, number>();
    let resent = 0;
    let unconfirmed = 0;
    for (const s of settlements) {
      if (s.outcome === 'confirmed') {
        const outcome = receiptOutcome(s.receipt);
        outcomes.set(outcome, (outcomes.get(outcome) ?? 0) + 1);
      } else if (s.outcome === 'resend') resent += 1;
      else if (s.outcome === 'unconfirmed') unconfirmed += 1;
    }
    for (const [outcome, n] of outcomes) metrics.confirmed(connectionId, outcome, n);
    if (resent > 0) {
      metrics.resent(connectionId, resent);
      logger.warn({ connectionId, count: resent }, 'no receipt from the org: publishing again');
    }
    if (unconfirmed > 0) {
      metrics.unconfirmed(connectionId, unconfirmed);
      logger.error({ connectionId, count: unconfirmed }, 'exchanges unconfirmed: the org has no record of them');
    }
  }
}
