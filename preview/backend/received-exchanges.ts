/**
 * The received exchanges that wait in the preview's org (CardReceivedExchange__c rows, Waiting or Pending):
 * seeded from the fixture's SetupState.waiting, one row per exchange, and summed up as getSetupState reports them.
 */

/** CardReceivedExchange__c rows that are Waiting (held) or Pending (another attempt comes). */
export interface WaitingExchange {
  exchangeId: string;
  status: string;
  code: string | null;
  receivedAt: string;
  isTest?: boolean;
}

export interface WaitingReason {
  status: string;
  code: string | null;
  count: number;
  oldest: string | null;
}

const HOUR_MS = 3600000;

/** The fixture's reasons as one row per exchange, spread from each reason's oldest to the latest exchange. */
export function seedWaiting(setupState: Record<string, unknown>): WaitingExchange[] {
  const waiting = setupState.waiting as { reasons?: WaitingReason[] } | undefined;
  const latest = Date.parse(String(setupState.lastExchangeAt ?? ''));
  let serial = 0;
  return (waiting?.reasons ?? []).flatMap((reason) => {
    const oldest = Date.parse(reason.oldest ?? '') || latest || Date.now();
    const step = reason.count > 1 && latest > oldest ? (latest - oldest) / (reason.count - 1) : HOUR_MS;
    return Array.from({ length: reason.count }, (_unused, index) => ({
      exchangeId: `exc_waiting_${++serial}`,
      status: reason.status,
      code: reason.code,
      receivedAt: new Date(oldest + index * step).toISOString()
    }));
  });
}

/** SetupState.waiting: the total, the oldest and one line per status and code (the controller's GROUP BY). */
export function waitingSummary(rows: WaitingExchange[]) {
  const byReason = new Map<string, WaitingReason>();
  for (const row of rows) {
    const key = `${row.status}|${row.code ?? ''}`;
    const reason = byReason.get(key) ?? { status: row.status, code: row.code, count: 0, oldest: null };
    reason.count += 1;
    reason.oldest = reason.oldest && reason.oldest < row.receivedAt ? reason.oldest : row.receivedAt;
    byReason.set(key, reason);
  }
  const oldest = rows.map((row) => row.receivedAt).sort()[0] ?? null;
  return { total: rows.length, oldest, reasons: [...byReason.values()] };
}
