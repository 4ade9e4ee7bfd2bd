/**
 * The package's side of the API double: what CardExchangeTrigger and the processor leave in
 * the org for each accepted event — a CardReceivedExchange__c row and one CardExchangeLog__c
 * row per integration (here one integration, "Create Lead": Created with a record id like
 * 00Q…) — and the ways an org fails to: the subscriber down (events accepted, nothing
 * written; dropped, or held until it comes back), exchanges that fail with a reason, held
 * exchanges (no run-as user: Waiting), and slow processing. Like the real subscriber it
 * skips an exchange it already processed (a re-send writes nothing new).
 *
 * It also reads those rows for the receipt query the relay sends (soql-receipts.ts).
 */

export interface LogRow {
  id: string;
  status: string;
  recordId: string | null;
  targetObject: string | null;
  errorCode: string | null;
  errorMessage: string | null;
}

export interface ReceivedRow {
  id: string;
  exchangeId: string;
  status: 'Pending' | 'Processed' | 'Waiting' | 'Invalid';
  errorCode: string | null;
  errorMessage: string | null;
  logs: LogRow[];
  /** Events the subscriber got for this exchange (a re-send adds one and writes nothing). */
  deliveries: number;
}

/** How the subscriber is doing: processing, down and losing events, or suspended and keeping them. */
export type SubscriberMode = 'up' | 'dropping' | 'suspended';

const KEY_PREFIX: Record<string, string> = { Lead: '00Q', Contact: '003' };

export class PackageSubscriber {
  readonly rows = new Map<string, ReceivedRow>();
  mode: SubscriberMode = 'up';
  /** What the one integration creates. */
  targetObject: 'Lead' | 'Contact' = 'Lead';
  /** Milliseconds between an event's acceptance and its rows appearing (a subscriber that is behind). */
  processingDelayMs = 0;
  /** Events dropped so far (never processed). */
  dropped = 0;
  private dropNextCount = 0;
  private held: { exchangeId: string }[] = [];
  private readonly failures = new Map<string, { code: string; message: string }>();
  private holdReason: { code: string; message: string } | null = null;
  private readonly timers = new Set<NodeJS.Timeout>();
  private counter = 0;

  reset(): void {
    this.mode = 'up';
    this.targetObject = 'Lead';
    this.processingDelayMs = 0;
    this.dropNextCount = 0;
    this.dropped = 0;
    this.held = [];
    this.failures.clear();
    this.holdReason = null;
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    this.rows.clear();
  }

  /** The next `count` events are lost before they are processed (a trigger that died without a checkpoint). */
  dropNext(count: number): void {
    this.dropNextCount = count;
  }

  /** The integration fails these exchanges (`*`: every one) with this error (a missing permission, a validation rule). */
  failExchanges(exchangeIds: readonly string[], code: string, message: string): void {
    for (const id of exchangeIds) this.failures.set(id, { code, message });
  }

  /** No run-as user (or another setup problem): every exchange is stored and held as Waiting, with the reason. */
  holdEverything(code: string, message: string): void {
    this.holdReason = { code, message };
  }

  /** The subscriber processes again; events held while it was suspended are processed now. */
  comeBack(): void {
    this.mode = 'up';
    this.holdReason = null;
    const held = this.held.splice(0);
    for (const event of held) this.process(event.exchangeId);
  }

  /** An event the bus accepted (the double's create()). */
  accepted(exchangeId: string | null): void {
    if (exchangeId === null) return;
    if (this.dropNextCount > 0) {
      this.dropNextCount -= 1;
      this.dropped += 1;
      return;
    }
    if (this.mode === 'dropping') {
      this.dropped += 1;
      return;
    }
    if (this.mode === 'suspended') {
      this.held.push({ exchangeId });
      return;
    }
    if (this.processingDelayMs > 0) {
      const timer = setTimeout(() => {
        this.timers.delete(timer);
        this.process(exchangeId);
      }, this.processingDelayMs);
      this.timers.add(timer);
      return;
    }
    this.process(exchangeId);
  }

  private nextId(prefix: string): string {
    this.counter += 1;
    return `${prefix}Dd${String(this.counter).padStart(10, '0')}AAA`;
  }

  private process(exchangeId: string): void {
    const existing = this.rows.get(exchangeId);
    if (existing) {
      existing.deliveries += 1;
      // CardReceivedExchangeStore.receive: a Processed or Invalid exchange is not processed again.
      if (existing.status === 'Processed' || existing.status === 'Invalid') return;
    }
    const row: ReceivedRow = existing ?? {
      id: this.nextId('a01'),
      exchangeId,
      status: 'Pending',
      errorCode: null,
      errorMessage: null,
      logs: [],
      deliveries: 1
    };
    this.rows.set(exchangeId, row);
    if (this.holdReason) {
      row.status = 'Waiting';
      row.errorCode = this.holdReason.code;
      row.errorMessage = this.holdReason.message;
      return;
    }
    const failure = this.failures.get(exchangeId) ?? this.failures.get('*');
    row.status = 'Processed';
    row.errorCode = null;
    row.errorMessage = null;
    row.logs = [
      failure
        ? {
            id: this.nextId('a02'),
            status: 'Failed',
            recordId: null,
            targetObject: this.targetObject,
            errorCode: failure.code,
            errorMessage: failure.message
          }
        : {
            id: this.nextId('a02'),
            status: 'Created',
            recordId: this.nextId(KEY_PREFIX[this.targetObject] ?? '001'),
            targetObject: this.targetObject,
            errorCode: null,
            errorMessage: null
          }
    ];
  }

  stop(): void {
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
  }
}
