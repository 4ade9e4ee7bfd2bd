import { EXCHANGE_COLUMNS, exchangeFromRow, rowFromValues } from '../../webhook-relay/src/store/exchange-row';

describe('exchange rows read as arrays', () => {
  it('puts each value of EXCHANGE_COLUMNS order under its own column, and nothing else', () => {
    const row = rowFromValues(EXCHANGE_COLUMNS.map((column) => `value of ${column}`));
    expect(Object.keys(row)).toEqual([...EXCHANGE_COLUMNS]);
    for (const column of EXCHANGE_COLUMNS) expect(row[column]).toBe(`value of ${column}`);
  });

  it('lists every column the record is read from', () => {
    const read: string[] = [];
    const spy = new Proxy({} as Record<string, unknown>, {
      get: (_, key) => {
        read.push(String(key));
        return key === 'received_at' || key === 'updated_at' || key === 'next_attempt_at' ? 1 : null;
      }
    });
    exchangeFromRow(spy as never);
    expect([...new Set(read)].sort()).toEqual([...EXCHANGE_COLUMNS].sort());
  });
});
