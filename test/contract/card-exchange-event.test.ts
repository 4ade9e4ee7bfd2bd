/** The mapping from a validated webhook to the `CardExchange__e` record the publisher sends. */
import { cardExchangeEnvelopeSchema } from '../../webhook-relay/src/contract/card-exchange-envelope';
import { eventFromStoredPayload, toCardExchangeEvent } from '../../webhook-relay/src/contract/card-exchange-event';
import { sampleCardExchange } from '../../webhook-relay/src/contract/sample-card-exchange';
import { REMOVE, sampleWith } from '../support/signed-webhook';

const map = (body: unknown, webhookId = 'msg_1') =>
  toCardExchangeEvent(cardExchangeEnvelopeSchema.parse(body), webhookId);

describe('card exchange event mapping', () => {
  it('maps the John Doe sample field by field, with API names without namespace', () => {
    const event = map(sampleCardExchange({ exchangeId: 'exc_1', now: new Date('2026-11-25T10:00:00Z') }), 'msg_abc');
    expect(event).toEqual({
      ExchangeId__c: 'exc_1',
      DeliveryId__c: 'msg_abc',
      AccountId__c: 'acc_123',
      AccountName__c: 'Acme Events',
      CardId__c: 'card_42',
      CardName__c: 'Jane Smith - Sales',
      CardUrl__c: 'https://cards.example/jane',
      CardOwnerEmail__c: 'jane@acme.example',
      CardOwnerName__c: 'Jane Smith',
      CardTags__c: '["events","emea"]',
      OccurredAt__c: '2026-11-25T10:00:00Z',
      FirstName__c: 'John',
      LastName__c: 'Doe',
      Email__c: 'john.doe@example.com',
      Phone__c: '+1 415 555 0100',
      MobilePhone__c: null,
      Company__c: 'Example Inc',
      Title__c: 'CTO',
      Website__c: 'https://example.com',
      Note__c: 'Met at the booth',
      Street__c: '1 Main St',
      City__c: 'Paris',
      State__c: null,
      PostalCode__c: '75001',
      Country__c: 'FR',
      MarketingConsent__c: true,
      ConsentCapturedAt__c: '2026-11-25T10:00:00Z',
      ConsentText__c: 'I agree to receive emails',
      SourceChannel__c: 'qr',
      SourceUrl__c: 'https://cards.example/jane?src=qr',
      CustomFields__c: '{"Industry":"Software","Badge":1042}',
      PayloadVersion__c: 1,
      IsTest__c: true
    });
  });

  it('defaults IsTest__c and MarketingConsent__c to false and tags/custom fields to empty JSON', () => {
    const body = sampleWith({
      'data.test': REMOVE,
      'data.consent': REMOVE,
      'data.card.tags': REMOVE,
      'data.customFields': REMOVE
    });
    const event = map(body);
    expect(event).toMatchObject({
      IsTest__c: false,
      MarketingConsent__c: false,
      CardTags__c: '[]',
      CustomFields__c: '{}'
    });
  });

  it('sends blank optional strings as null', () => {
    const body = sampleWith({ 'data.contact.company': '   ', 'data.contact.title': '' });
    expect(map(body)).toMatchObject({ Company__c: null, Title__c: null });
  });

  it('rebuilds the same event from a stored payload', () => {
    const envelope = cardExchangeEnvelopeSchema.parse(sampleCardExchange());
    expect(eventFromStoredPayload(JSON.stringify(envelope), 'msg_9')).toEqual(toCardExchangeEvent(envelope, 'msg_9'));
  });

  it('rebuilds from a stored payload exactly what ingest mapped, whichever optional parts are absent', () => {
    const bodies = [
      sampleWith({ 'data.consent': REMOVE, 'data.source': REMOVE, 'data.card.owner': REMOVE }),
      sampleWith({ 'data.contact.address': REMOVE, 'data.card.tags': REMOVE, 'data.customFields': REMOVE }),
      sampleWith({ 'data.consent.marketing': REMOVE, 'data.test': true, 'data.contact.company': '  ' })
    ];
    for (const body of bodies) {
      const envelope = cardExchangeEnvelopeSchema.parse(body);
      expect(eventFromStoredPayload(JSON.stringify(envelope), 'msg_9')).toEqual(toCardExchangeEvent(envelope, 'msg_9'));
    }
  });

  it('names a missing stored payload, and a stored payload that is not JSON, apart', () => {
    expect(() => eventFromStoredPayload('', 'msg_9')).toThrow('stored payload is missing');
    expect(() => eventFromStoredPayload('{"data":', 'msg_9')).toThrow(/^stored payload is not JSON/);
  });
});
