/**
 * A leased batch whose stored payloads were damaged after ingest (a hand-edited database):
 * each bad row goes to dead letters with the reason, and the rest of the batch is published.
 */
import { publishBatch, type EventPublisher } from '../../webhook-relay/src/publish/publish-batch';
import type { LocalEventFields, PublishOutcome } from '../../webhook-relay/src/salesforce/salesforce-client';
import { memoryStore, storedExchange } from './publish-fixtures';

function acceptingEverything(): EventPublisher & { sent: LocalEventFields[] } {
  const sent: LocalEventFields[] = [];
  return {
    sent,
    async publishEvents(records): Promise<PublishOutcome> {
      sent.push(...records);
      return { results: records.map((_, i) => ({ ok: true, eventUuid: `uuid_${i}` })), failure: null };
    }
  };
}

describe('publishing a batch with damaged stored payloads', () => {
  it('dead-letters a payload that is not JSON or lacks a required field, saying why, and publishes the rest', async () => {
    const store = memoryStore();
    const good = storedExchange();
    const notJson = { ...storedExchange(), payload: '{"type": "card.exchange.created", "data": ' };
    const noAccount = storedExchange();
    const parsed = JSON.parse(noAccount.payload) as { data: { account: Record<string, unknown> } };
    delete parsed.data.account.id;
    noAccount.payload = JSON.stringify(parsed);
    for (const exchange of [good, notJson, noAccount]) await store.insert(exchange);
    const rows = await store.lease({
      owner: 'relay_1',
      now: Date.now(),
      leaseMs: 60_000,
      connectionId: 'org_a',
      limit: 10
    });
    const client = acceptingEverything();

    const plan = await publishBatch(rows, client, {
      now: Date.now(),
      maxAgeMs: 3_600_000,
      retry: { baseMs: 1, capMs: 1 }
    });

    expect(plan.published.map((p) => p.webhookId)).toEqual([good.webhookId]);
    expect(client.sent).toHaveLength(1);
    const dead = Object.fromEntries(plan.dead.map((d) => [d.webhookId, d]));
    expect(dead[notJson.webhookId]).toMatchObject({ code: 'INVALID_PAYLOAD' });
    expect(dead[notJson.webhookId]?.error).toMatch(/^INVALID_PAYLOAD: stored payload is not JSON/);
    expect(dead[noAccount.webhookId]?.error).toBe('INVALID_PAYLOAD: stored payload has no text at data.account.id');
    await store.close();
  });

  it('publishes a payload stored before the test flag existed as a live exchange with its defaults', async () => {
    const store = memoryStore();
    const old = storedExchange();
    const parsed = JSON.parse(old.payload) as { data: Record<string, unknown> };
    delete parsed.data.customFields;
    delete parsed.data.test;
    old.payload = JSON.stringify(parsed);
    await store.insert(old);
    const rows = await store.lease({
      owner: 'relay_1',
      now: Date.now(),
      leaseMs: 60_000,
      connectionId: 'org_a',
      limit: 10
    });
    const client = acceptingEverything();

    await publishBatch(rows, client, { now: Date.now(), maxAgeMs: 3_600_000, retry: { baseMs: 1, capMs: 1 } });

    expect(client.sent[0]).toMatchObject({ IsTest__c: false, CustomFields__c: '{}', CardTags__c: '["events"]' });
    await store.close();
  });
});
