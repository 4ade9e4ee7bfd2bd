/**
 * The ledger of a chaos run: every webhook the "card platform" sent, every answer it
 * got, and the reconciliation against what the org (the API double) received.
 * The platform side behaves like a real sender: a delivery that got no 2xx (a
 * connection error, a 503) is sent again later with the same webhook-id and body.
 */
import { randomUUID } from 'node:crypto';
import type { AcceptedEvent } from '../support/salesforce-api-double/salesforce-api-double';
import { sampleWith, signedWebhook, TEST_SECRET } from '../support/signed-webhook';

export interface LedgerEntry {
  webhookId: string;
  exchangeId: string;
  body: string;
  answers: (number | 'network-error')[];
  acknowledged: boolean;
}

export interface Reconciliation {
  sent: number;
  acknowledged: number;
  published: number;
  /** Acknowledged but never published. Must be 0. */
  lost: string[];
  /** Extra copies of an exchange at the org (at-least-once delivery); same ExchangeId by construction of the check. */
  duplicates: number;
  /** Events at the org that no sent webhook explains. Must be 0, or the ledger does not balance. */
  unexplained: string[];
  /** Deliveries that never got a final answer. Must be 0, or the ledger does not balance. */
  unanswered: string[];
  balanced: boolean;
}

export class DeliveryLedger {
  readonly entries: LedgerEntry[] = [];

  newDelivery(accountId = 'acc_chaos'): LedgerEntry {
    const exchangeId = `exc_chaos_${randomUUID().slice(0, 12)}`;
    const body = JSON.stringify(sampleWith({}, { exchangeId, accountId, test: false }));
    const entry: LedgerEntry = {
      webhookId: `msg_${randomUUID()}`,
      exchangeId,
      body,
      answers: [],
      acknowledged: false
    };
    this.entries.push(entry);
    return entry;
  }

  /** Sends one delivery until it gets an answer that is final for a sender (2xx or a 4xx). */
  async deliver(baseUrl: () => string, entry: LedgerEntry, deadline: number): Promise<void> {
    while (Date.now() < deadline) {
      const signed = signedWebhook({ secret: TEST_SECRET, id: entry.webhookId, rawBody: entry.body });
      try {
        const res = await fetch(`${baseUrl()}/v1/card-exchanges`, {
          method: 'POST',
          headers: signed.headers,
          body: signed.body,
          signal: AbortSignal.timeout(5_000)
        });
        await res.arrayBuffer();
        entry.answers.push(res.status);
        if (res.status >= 200 && res.status < 300) {
          entry.acknowledged = true;
          return;
        }
        if (res.status < 500) return;
      } catch {
        entry.answers.push('network-error');
      }
      await new Promise((resolve) => setTimeout(resolve, 100 + Math.random() * 200));
    }
  }

  /**
   * Acknowledged exchanges the org has no event for yet: one pass over each list. The API
   * double answers on the test's own event loop, so a wait that rebuilt this per id (10,000
   * x 10,000 at scale) starved the double, the relays' calls timed out and they paused.
   */
  unpublished(events: readonly AcceptedEvent[]): string[] {
    const published = new Set(events.map((e) => e.exchangeId));
    return this.entries.filter((e) => e.acknowledged && !published.has(e.exchangeId)).map((e) => e.exchangeId);
  }

  /** Waits until every acknowledged exchange has reached the org, or `withinMs` has passed. */
  async drain(events: readonly AcceptedEvent[], withinMs: number, everyMs = 250): Promise<void> {
    const deadline = Date.now() + withinMs;
    while (Date.now() < deadline && this.unpublished(events).length > 0) {
      await new Promise((resolve) => setTimeout(resolve, everyMs));
    }
  }

  reconcile(events: readonly AcceptedEvent[]): Reconciliation {
    const byExchange = new Map<string, AcceptedEvent[]>();
    for (const event of events) {
      const key = event.exchangeId ?? '(none)';
      const copies = byExchange.get(key);
      if (copies) copies.push(event);
      else byExchange.set(key, [event]);
    }
    const known = new Set(this.entries.map((e) => e.exchangeId));
    const acknowledged = this.entries.filter((e) => e.acknowledged);
    const lost = acknowledged.filter((e) => !byExchange.has(e.exchangeId)).map((e) => e.exchangeId);
    const unexplained = [...byExchange.keys()].filter((id) => !known.has(id));
    const unanswered = this.entries
      .filter((e) => !e.acknowledged && !e.answers.some((a) => typeof a === 'number' && a < 500))
      .map((e) => e.webhookId);
    let duplicates = 0;
    for (const copies of byExchange.values()) duplicates += copies.length - 1;
    return {
      sent: this.entries.length,
      acknowledged: acknowledged.length,
      published: byExchange.size - unexplained.length,
      lost,
      duplicates,
      unexplained,
      unanswered,
      balanced: unexplained.length === 0 && unanswered.length === 0
    };
  }
}
