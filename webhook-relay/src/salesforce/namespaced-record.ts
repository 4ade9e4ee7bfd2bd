/**
 * Local event fields (`ExchangeId__c`) to the org's API names (`cardbridge__ExchangeId__c`),
 * once per event on the publish path, so built for speed.
 *
 * An object that gets ~30 properties by computed key falls into V8's dictionary mode
 * (more than 12 added that way), and spreading it into the transport's record and
 * serialising it then cost about 15 µs per event, a tenth of the publish path's CPU
 * (docs/benchmarks.md, fourth round). So every record is a copy of a template that
 * `JSON.parse` built — its objects keep fast properties — with the values stored into
 * properties it already has. The template is made again when the fields change (their
 * names or order); each event carries the same ones, so in practice once per org.
 */
import { withNamespace } from './event-metadata';
import type { EventRecord } from './event-transport';

export type FieldValues = Record<string, string | number | boolean | null>;

function sameNames(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i += 1) if (a[i] !== b[i]) return false;
  return true;
}

/** A function that gives each record its API names under `namespace` ('' : no prefix). */
export function namespacedRecords(namespace: string): (fields: FieldValues) => EventRecord {
  let names: string[] = [];
  let apiNames: string[] = [];
  let template: EventRecord = {};
  return (fields) => {
    const own = Object.keys(fields);
    if (!sameNames(own, names)) {
      names = own;
      apiNames = own.map((name) => withNamespace(namespace, name));
      template = JSON.parse(JSON.stringify(Object.fromEntries(apiNames.map((name) => [name, null])))) as EventRecord;
    }
    const record: EventRecord = { ...template };
    for (let i = 0; i < names.length; i += 1)
      record[apiNames[i] as string] = fields[names[i] as string] as EventRecord[string];
    return record;
  };
}
