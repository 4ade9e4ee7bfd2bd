/**
 * The chaos suites' bookkeeping: what counts as lost, as a duplicate, and when a drain ends.
 */
import type { AcceptedEvent } from '../support/salesforce-api-double/salesforce-api-double';
import { DeliveryLedger } from './delivery-ledger';

function eventFor(exchangeId: string, webhookId: string): AcceptedEvent {
  return { uuid: `uuid-${Math.random()}`, fields: { DeliveryId__c: webhookId }, exchangeId, acceptedAt: Date.now() };
}

describe('DeliveryLedger', () => {
  it('counts an acknowledged exchange without an event as lost and an extra copy as a duplicate', () => {
    const ledger = new DeliveryLedger();
    const [a, b, c] = [ledger.newDelivery(), ledger.newDelivery(), ledger.newDelivery()];
    a!.acknowledged = true;
    b!.acknowledged = true;
    c!.answers.push(400); // refused for good: not acknowledged, not lost
    const events = [eventFor(a!.exchangeId, a!.webhookId), eventFor(a!.exchangeId, a!.webhookId)];

    expect(ledger.unpublished(events)).toEqual([b!.exchangeId]);
    const result = ledger.reconcile(events);
    expect(result).toMatchObject({ sent: 3, acknowledged: 2, published: 1, duplicates: 1, balanced: true });
    expect(result.lost).toEqual([b!.exchangeId]);
  });

  it('does not balance when the org holds an event no delivery explains', () => {
    const ledger = new DeliveryLedger();
    const result = ledger.reconcile([eventFor('exc_from_elsewhere', 'msg_x')]);
    expect(result.unexplained).toEqual(['exc_from_elsewhere']);
    expect(result.balanced).toBe(false);
  });

  it('drains as soon as every acknowledged exchange has arrived, and gives up at its limit', async () => {
    const ledger = new DeliveryLedger();
    const entry = ledger.newDelivery();
    entry.acknowledged = true;
    const events: AcceptedEvent[] = [];
    setTimeout(() => events.push(eventFor(entry.exchangeId, entry.webhookId)), 50);
    const started = Date.now();
    await ledger.drain(events, 5_000, 10);
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(ledger.unpublished(events)).toEqual([]);

    const never = ledger.newDelivery();
    never.acknowledged = true;
    const giveUp = Date.now();
    await ledger.drain(events, 100, 10);
    expect(Date.now() - giveUp).toBeGreaterThanOrEqual(90);
    expect(ledger.unpublished(events)).toEqual([never.exchangeId]);
  });
});
