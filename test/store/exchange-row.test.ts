import {
  EXCHANGE_COLUMNS,
  exchangeFromRow,
  rowFromValues,
  SUMMARY_COLUMNS,
  summaryFromRow
} from '../../webhook-relay/src/store/exchange-row';

/** A row that records which columns are read from it. */
function spyRow(read: string[]): never {
  return new Proxy({} as Record<string, unknown>, {
    get: (_, key) => {
      read.push(String(key));
      return key === 'received_at' || key === 'updated_at' || key === 'next_attempt_at' ? 1 : null;
    }
  }) as never;
}

describe('exchange rows read as arrays', () => {
  it('puts each value of EXCHANGE_COLUMNS order under its own column, and nothing else', () => {
    const row = rowFromValues(EXCHANGE_COLUMNS.map((column) => `value of ${column}`));
    expect(Object.keys(row)).toEqual([...EXCHANGE_COLUMNS]);
    for (const column of EXCHANGE_COLUMNS) expect(row[column]).toBe(`value of ${column}`);
  });

  it('lists every column the record is read from', () => {
    const read: string[] = [];
    exchangeFromRow(spyRow(read));
    expect([...new Set(read)].sort()).toEqual([...EXCHANGE_COLUMNS].sort());
  });

  it('reads a summary (a receipt check) from every column but the payload, which a full row has last', () => {
    const read: string[] = [];
    const summary = summaryFromRow(spyRow(read));
    expect([...new Set(read)].sort()).toEqual([...SUMMARY_COLUMNS].sort());
    expect(SUMMARY_COLUMNS).toEqual(EXCHANGE_COLUMNS.filter((column) => column !== 'payload'));
    expect(EXCHANGE_COLUMNS.at(-1)).toBe('payload');
    expect(summary).not.toHaveProperty('payload');
  });

  it('reads a missing payload (a row without its exchange_payloads entry) as empty text, not as a missing row', () => {
    const row = rowFromValues(EXCHANGE_COLUMNS.map((column) => (column === 'payload' ? null : 1)));
    expect(exchangeFromRow(row).payload).toBe('');
  });
});
