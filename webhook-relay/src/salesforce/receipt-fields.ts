/**
 * The package's receipt records as the relay reads them: the object, relationship and
 * field names of `CardReceivedExchange__c` and its `CardExchangeLog__c` rows (local
 * names, namespace added where they are used), and the statuses their picklists hold.
 * A contract test pins this table to force-app's metadata and to what the publishing
 * permission set lets the relay's user read, so the two halves cannot drift apart.
 * `Payload__c` is never read: it holds the person's details.
 */

export const RECEIVED_EXCHANGE_OBJECT = 'CardReceivedExchange__c';
export const EXCHANGE_LOG_OBJECT = 'CardExchangeLog__c';
/** `CardExchangeLog__c.ReceivedExchange__c`'s child relationship (`relationshipName` + `__r`). */
export const LOG_LOOKUP_FIELD = 'ReceivedExchange__c';
export const LOG_RELATIONSHIP = 'ExchangeLogs__r';

export const RECEIVED_EXCHANGE_FIELDS = ['ExchangeId__c', 'Status__c', 'ErrorCode__c', 'ErrorMessage__c'] as const;
export const EXCHANGE_LOG_FIELDS = [
  'Status__c',
  'RecordId__c',
  'TargetObject__c',
  'ErrorCode__c',
  'ErrorMessage__c'
] as const;

/**
 * CardReceivedExchange__c.Status__c. The subscriber writes the row before anything else
 * happens to the exchange: any row means the org holds it. `Pending` is being processed
 * (or retried by the subscriber itself); the others are where it stays.
 */
export const RECEIVED_STATUSES = ['Pending', 'Processed', 'Waiting', 'Invalid'] as const;
/** The statuses after which the subscriber does nothing more on its own. */
export const SETTLED_RECEIVED_STATUSES: readonly string[] = ['Processed', 'Waiting', 'Invalid'];

/** CardExchangeLog__c.Status__c: one integration's outcome for the exchange. */
export const LOG_STATUSES = [
  'Created',
  'Updated',
  'Skipped',
  'Duplicate',
  'Failed',
  'Repeat',
  'Review',
  'Rejected'
] as const;
