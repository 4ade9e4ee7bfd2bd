/**
 * The few org records the preview's record picker can find (users for the owner, campaigns for the
 * campaign member), since there is no org to search, and the Contact and Lead whose record pages it shows: John
 * Doe, the person the sample exchange is about, whom the preview's "create or update by email" use cases find.
 */
/** The preview's one user, who runs every Apex call (preview/client/shims/user-id.js has the same id). */
export const PREVIEW_USER_ID = '005000000000001AAA';

export interface SampleRecord {
  id: string;
  name: string;
  detail: string;
  /** A Contact's or Lead's owner (a sample user). */
  ownerId?: string;
}

export const SAMPLE_RECORDS: Record<string, SampleRecord[]> = {
  User: [
    { id: '005000000000001AAA', name: 'Ada Admin', detail: 'System Administrator' },
    { id: '005000000000002AAA', name: 'Jane Smith', detail: 'Sales' },
    { id: '005000000000003AAA', name: 'Marc Dupont', detail: 'Marketing' },
    { id: '005000000000004AAA', name: 'Integration User', detail: 'Card Exchange Integration' }
  ],
  Campaign: [
    { id: '701000000000001AAA', name: 'Dreamforce booth', detail: 'Event' },
    { id: '701000000000002AAA', name: 'EMEA roadshow', detail: 'Event' }
  ],
  // The people the log fixtures' exchanges touched (their recordId), whose record pages the preview shows.
  Contact: [{ id: '003000000000001AAA', name: 'John Doe', detail: 'Example Inc', ownerId: '005000000000002AAA' }],
  Lead: [{ id: '00Q000000000001AAA', name: 'John Doe', detail: 'Example Inc', ownerId: '005000000000003AAA' }]
};

export function searchSampleRecords(objectApiName: string, term: string): SampleRecord[] {
  const needle = term.trim().toLowerCase();
  return (SAMPLE_RECORDS[objectApiName] ?? []).filter((record) => record.name.toLowerCase().includes(needle));
}

/** A sample user's name, as CardOrgCheck and the log read User.Name; undefined for an id the preview lacks. */
export function sampleUserName(id: string | null | undefined): string | undefined {
  return SAMPLE_RECORDS.User?.find((user) => user.id === id)?.name;
}

/** John Doe as a Contact or Lead of the preview's org, with his owner; undefined for another object. */
export function samplePerson(objectName: string): SampleRecord | undefined {
  return SAMPLE_RECORDS[objectName]?.[0];
}
