/**
 * The receipt's half of the contract between the relay and the package: the names the relay's
 * receipt query uses (receipt-fields.ts) exist in force-app's metadata, the log's relationship
 * is the one its lookup declares, the statuses are the picklists' values, and the publishing
 * permission set lets the relay's user read every field it asks for — and not the payload.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import {
  EXCHANGE_LOG_FIELDS,
  EXCHANGE_LOG_OBJECT,
  LOG_LOOKUP_FIELD,
  LOG_RELATIONSHIP,
  LOG_STATUSES,
  RECEIVED_EXCHANGE_FIELDS,
  RECEIVED_EXCHANGE_OBJECT,
  RECEIVED_STATUSES
} from '../../webhook-relay/src/salesforce/receipt-fields';

const DEFAULT = path.resolve(__dirname, '../../force-app/main/default');
const fieldFile = (object: string, field: string) =>
  path.join(DEFAULT, 'objects', object, 'fields', `${field}.field-meta.xml`);
const read = (file: string) => readFileSync(file, 'utf8');
const picklist = (object: string, field: string) =>
  [...read(fieldFile(object, field)).matchAll(/<value>\s*<fullName>([^<]+)<\/fullName>/g)].map((m) => m[1]);
const publisher = read(path.join(DEFAULT, 'permissionsets', 'CardExchangePublisher.permissionset-meta.xml'));
/** Readable for the relay's user: a readable field permission, or a required field (which has none). */
const readableByRelay = (object: string, field: string) => {
  const entry = new RegExp(`<field>${object}\\.${field}</field>\\s*<readable>true</readable>`).test(publisher);
  return entry || /<required>true<\/required>/.test(read(fieldFile(object, field)));
};

describe('the receipt query and the package metadata', () => {
  it.each([
    ...RECEIVED_EXCHANGE_FIELDS.map((f) => [RECEIVED_EXCHANGE_OBJECT, f] as const),
    ...EXCHANGE_LOG_FIELDS.map((f) => [EXCHANGE_LOG_OBJECT, f] as const)
  ])('%s.%s exists and the publishing permission set may read it', (object, field) => {
    expect(existsSync(fieldFile(object, field))).toBe(true);
    expect(readableByRelay(object, field)).toBe(true);
  });

  it('uses the child relationship the log lookup declares, to the received exchange', () => {
    const xml = read(fieldFile(EXCHANGE_LOG_OBJECT, LOG_LOOKUP_FIELD));
    expect(`${/<relationshipName>([^<]+)</.exec(xml)?.[1]}__r`).toBe(LOG_RELATIONSHIP);
    expect(/<referenceTo>([^<]+)</.exec(xml)?.[1]).toBe(RECEIVED_EXCHANGE_OBJECT);
  });

  it('knows every status the picklists hold', () => {
    expect(picklist(RECEIVED_EXCHANGE_OBJECT, 'Status__c').sort()).toEqual([...RECEIVED_STATUSES].sort());
    expect(picklist(EXCHANGE_LOG_OBJECT, 'Status__c').sort()).toEqual([...LOG_STATUSES].sort());
  });

  it('never asks for the payload, and the relay user cannot read it', () => {
    expect(RECEIVED_EXCHANGE_FIELDS).not.toContain('Payload__c');
    expect(publisher).not.toMatch(/CardReceivedExchange__c\.Payload__c<\/field>\s*<readable>true/);
  });
});
