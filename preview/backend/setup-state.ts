/**
 * What the setup assistant changes in the preview's org: processing the waiting exchanges as CardExchangeDrain.now
 * does, and the retention settings with the clean-up job's next run; both for admins who may manage the setup.
 */
import { ApexError } from './apex-error';
import { processSampleExchange } from './exchange-processor';
import { setupMessage } from './preview-org';
import type { PreviewStore } from './preview-store';
import type { WaitingExchange } from './received-exchanges';

export interface RetentionState {
  days: number;
  cleanUpScheduled: boolean;
  nextRunAt: string | null;
  /** What the clean-up did last time (CardSettings__c), kept as it was: saving does not run it. */
  lastRunAt?: string | null;
  lastRunDeleted?: number | null;
  lastRunFailures?: number | null;
}

/** CardExchangeDrain.NO_PAYLOAD: an exchange whose payload is gone can never be processed. */
const NO_PAYLOAD = 'CARD_NO_PAYLOAD';
/** CardSubscriberReadiness.NO_RUN_AS_USER */
const NO_RUN_AS_USER = 'CARD_NO_RUN_AS_USER';
const HOUR_MS = 3600000;
// CardRetentionJob.CRON runs at 03:00 in the scheduling user's time zone. The preview's user is in the browser's
// (@salesforce/i18n/timeZone), which is this machine's when the preview runs locally.
const CLEAN_UP_HOUR = 3;
const PREVIEW_TIME_ZONE = Intl.DateTimeFormat().resolvedOptions().timeZone;

/**
 * What the subscriber does with a test exchange: processes it at once, or, while it runs as Automated Process
 * (SetupState.runAs), holds it with CARD_NO_RUN_AS_USER like any other exchange.
 */
export function receiveTestExchange(store: PreviewStore, exchangeId: string): void {
  const runAs = store.setupState.runAs as { automatedProcess?: boolean } | undefined;
  const receivedAt = new Date().toISOString();
  store.setupState.runAs = { ...runAs, known: true, receivedAt };
  if (runAs?.automatedProcess) {
    store.waiting.push({ exchangeId, status: 'Waiting', code: NO_RUN_AS_USER, receivedAt, isTest: true });
  } else {
    processSampleExchange(store, exchangeId, true);
  }
}

/** The controller's requireManage: the Manage Cardbridge setup custom permission (SetupState.canManage here). */
export function canManage(store: PreviewStore): boolean {
  return store.setupState.canManage === true;
}

export function requireManage(store: PreviewStore): void {
  if (!canManage(store)) {
    throw new ApexError(setupMessage(store.org, 'MANAGE_SETUP_REQUIRED_MESSAGE'));
  }
}

/**
 * CardExchangeDrain.now: the oldest waiting or pending exchanges, up to MAX_PER_RUN, processed as the admin; those
 * without a payload can never be processed, so they are set aside (Invalid) and no longer wait.
 */
export function processWaitingExchanges(store: PreviewStore): { processed: number; stillWaiting: number } {
  const due: WaitingExchange[] = [...store.waiting]
    .sort((a, b) => a.receivedAt.localeCompare(b.receivedAt))
    .slice(0, store.org.setup.maxProcessedPerRun);
  const processable = due.filter((row) => row.code !== NO_PAYLOAD);
  for (const row of processable) {
    processSampleExchange(store, row.exchangeId, row.isTest === true);
  }
  store.waiting = store.waiting.filter((row) => !due.includes(row));
  return { processed: processable.length, stillWaiting: store.waiting.length };
}

function hourIn(timeZone: string, time: number): { hour: number; minute: number } {
  const parts = new Intl.DateTimeFormat('en-US', { timeZone, hour: 'numeric', minute: 'numeric', hourCycle: 'h23' })
    .formatToParts(new Date(time))
    .reduce<Record<string, string>>((found, part) => ({ ...found, [part.type]: part.value }), {});
  return { hour: Number(parts.hour), minute: Number(parts.minute) };
}

/** CronTrigger.NextFireTime of CardRetentionJob: the next 03:00 in the preview user's time zone. */
export function nextCleanUp(now = Date.now()): string {
  const start = Math.floor(now / HOUR_MS) * HOUR_MS + HOUR_MS;
  for (let time = start; time < start + 50 * HOUR_MS; time += HOUR_MS) {
    const local = hourIn(PREVIEW_TIME_ZONE, time);
    if (local.hour === CLEAN_UP_HOUR && local.minute === 0) {
      return new Date(time).toISOString();
    }
  }
  throw new Error(`no 0${CLEAN_UP_HOUR}:00 in ${PREVIEW_TIME_ZONE} within two days`);
}

/** The controller's saveRetention, with its checks. */
export function saveRetention(store: PreviewStore, days: unknown, cleanUp: unknown): RetentionState {
  requireManage(store);
  const { minRetentionDays, maxRetentionDays } = store.org.setup;
  if (typeof days !== 'number' || !Number.isInteger(days) || days < minRetentionDays || days > maxRetentionDays) {
    throw new ApexError(setupMessage(store.org, 'RETENTION_DAYS_MESSAGE'));
  }
  const retention: RetentionState = {
    ...(store.setupState.retention as Partial<RetentionState> | undefined),
    days,
    cleanUpScheduled: cleanUp === true,
    nextRunAt: cleanUp === true ? nextCleanUp() : null
  };
  store.setupState.retention = retention;
  return retention;
}
