/** Schema v1 of the webhook body: what is required, what is optional, what is refused. */
import { cardExchangeEnvelopeSchema } from '../../webhook-relay/src/contract/card-exchange-envelope';
import { REMOVE, sampleWith } from '../support/signed-webhook';

const parseWith = (changes: Record<string, unknown>) => cardExchangeEnvelopeSchema.safeParse(sampleWith(changes));
const errorPaths = (changes: Record<string, unknown>) =>
  parseWith(changes).error?.issues.map((i) => i.path.join('.')) ?? [];

describe('card exchange schema v1', () => {
  it('accepts the documented example', () => {
    expect(parseWith({}).success).toBe(true);
  });

  it.each(['type', 'timestamp', 'data.exchangeId', 'data.occurredAt', 'data.account.id', 'data.card.id'])(
    'requires %s',
    (required) => {
      expect(errorPaths({ [required]: REMOVE })).toContain(required);
    }
  );

  it('refuses a numeric id', () => {
    expect(errorPaths({ 'data.account.id': 123 })).toContain('data.account.id');
  });

  it('refuses a blank required string', () => {
    expect(errorPaths({ 'data.exchangeId': '   ' })).toContain('data.exchangeId');
  });

  it('treats null, absent and blank optional strings as absent', () => {
    const result = parseWith({ 'data.contact.company': null, 'data.contact.title': REMOVE, 'data.contact.note': '  ' });
    expect(result.success).toBe(true);
    const contact = result.data?.data.contact;
    expect([contact?.company, contact?.title, contact?.note]).toEqual([undefined, undefined, undefined]);
  });

  it('trims optional strings', () => {
    expect(parseWith({ 'data.contact.company': '  Example Inc ' }).data?.data.contact.company).toBe('Example Inc');
  });

  it('needs at least one of firstName, lastName, email in the contact', () => {
    const none = { 'data.contact.firstName': null, 'data.contact.lastName': '', 'data.contact.email': REMOVE };
    expect(errorPaths(none)).toContain('data.contact');
    expect(parseWith({ 'data.contact.firstName': null, 'data.contact.lastName': null }).success).toBe(true);
  });

  it('counts length in UTF-16 units as Salesforce does, so emoji cannot overflow a field', () => {
    expect(parseWith({ 'data.contact.firstName': '😀'.repeat(20) }).success).toBe(true);
    expect(errorPaths({ 'data.contact.firstName': '😀'.repeat(21) })).toContain('data.contact.firstName');
  });

  it('checks the shape of emails', () => {
    expect(errorPaths({ 'data.contact.email': 'john at example' })).toContain('data.contact.email');
  });

  it('accepts a source channel it has never seen', () => {
    expect(parseWith({ 'data.source.channel': 'smart-watch' }).success).toBe(true);
  });

  it('accepts an empty tag list and refuses a non-string tag', () => {
    expect(parseWith({ 'data.card.tags': [] }).success).toBe(true);
    expect(errorPaths({ 'data.card.tags': ['ok', 7] })).toContain('data.card.tags.1');
  });

  it('accepts up to 50 custom fields of string, number, boolean or null, and no more', () => {
    const fifty = Object.fromEntries(Array.from({ length: 50 }, (_, i) => [`Field ${i}`, i % 2 ? null : true]));
    expect(parseWith({ 'data.customFields': fifty }).success).toBe(true);
    expect(errorPaths({ 'data.customFields': { ...fifty, extra: 1 } })).toContain('data.customFields');
    expect(errorPaths({ 'data.customFields': { nested: { a: 1 } } })).toContain('data.customFields.nested');
  });

  it('refuses a date-time without a time zone', () => {
    expect(errorPaths({ 'data.occurredAt': '2026-11-25 09:59' })).toContain('data.occurredAt');
  });

  it('ignores unknown keys', () => {
    const result = parseWith({ 'data.contact.favouriteColour': 'teal' });
    expect(result.success).toBe(true);
    expect(result.data?.data.contact).not.toHaveProperty('favouriteColour');
  });

  it('refuses another event type', () => {
    expect(errorPaths({ type: 'card.exchange.deleted' })).toContain('type');
  });
});
