/**
 * CardExchangeLogController in the preview: filter and page the log with its cursor, show a row, retry, approve and
 * reject exchanges held for review.
 */
import { z } from 'zod';
import { ApexError } from '../apex-error';
import { parse, type ApexHandler } from '../apex-params';
import { approveLogs, rejectLogs, retryLogs } from '../exchange-processor';
import { labelText } from '../preview-org';
import type { PreviewStore } from '../preview-store';
import { logFiltersSchema } from '../preview-types';
import { canManage, requireManage } from '../setup-state';

/** The controller's requireSelection: the setup permission, then one to MAX_RETRY log ids. */
function reviewSelection(store: PreviewStore, logIds: unknown): string[] {
  requireManage(store);
  const ids = parse(z.array(z.string()).nullish(), logIds, 'log ids') ?? [];
  if (ids.length === 0) {
    throw new ApexError(labelText(store.org, store.org.review.nothingToReviewLabel, 'CardExchangeLogController'));
  }
  if (ids.length > 200) {
    throw new ApexError('Retry at most 200 exchanges at a time.');
  }
  return ids;
}

function startOfDay(date: string, offsetDays = 0): number {
  const time = Date.parse(`${date}T00:00:00.000Z`);
  return time + offsetDays * 86400000;
}

export const EXCHANGE_LOG_HANDLERS: Record<string, ApexHandler> = {
  getLogs: (store, params) => {
    const filters = parse(logFiltersSchema, params.filters, 'filters') ?? {};
    const pageSize = !filters.pageSize || filters.pageSize < 1 ? 50 : Math.min(filters.pageSize, 200);
    const matching = store.logs
      .filter((row) => !filters.status || row.status === filters.status)
      .filter((row) => !filters.integrationId || row.integrationId === filters.integrationId)
      .filter((row) => !filters.fromDate || Date.parse(row.createdDate) >= startOfDay(filters.fromDate))
      .filter((row) => !filters.toDate || Date.parse(row.createdDate) < startOfDay(filters.toDate, 1))
      .filter((row) => (filters.testMode === 'test' ? row.isTest : filters.testMode === 'real' ? !row.isTest : true))
      .sort((a, b) => b.createdDate.localeCompare(a.createdDate) || b.id.localeCompare(a.id))
      .filter((row) => {
        if (!filters.cursorDate || !filters.cursorId) {
          return true;
        }
        const cursor = Date.parse(filters.cursorDate);
        const created = Date.parse(row.createdDate);
        return created < cursor || (created === cursor && row.id < filters.cursorId);
      });
    // LogRow carries none of LogDetail's fields.
    const rows = matching
      .slice(0, pageSize)
      .map(({ warnings: _w, eventUuid: _e, payload: _p, payloadClearedAt: _c, ...row }) => row);
    const last = matching.length > pageSize ? rows[rows.length - 1] : undefined;
    return {
      rows,
      canRetry: canManage(store),
      nextCursorDate: last ? last.createdDate : null,
      nextCursorId: last ? last.id : null
    };
  },
  getLogDetail: (store, { logId }) => {
    const row = store.logs.find((log) => log.id === logId);
    if (!row) {
      throw new ApexError('This log row no longer exists.');
    }
    return { warnings: null, eventUuid: null, payload: null, payloadClearedAt: null, ...row };
  },
  getIntegrationOptions: (store) =>
    [...store.integrations]
      .sort((a, b) => a.integration.name.localeCompare(b.integration.name))
      .map((entry) => ({ value: entry.integration.id, label: entry.integration.name })),
  retry: (store, { logIds }) => {
    // A retry reads the exchange's payload and runs as the caller: the setup permission, as in the controller.
    requireManage(store);
    const ids = parse(z.array(z.string()).nullish(), logIds, 'log ids') ?? [];
    if (ids.length === 0) {
      throw new ApexError('Select at least one failed exchange to retry.');
    }
    if (ids.length > 200) {
      throw new ApexError('Retry at most 200 exchanges at a time.');
    }
    const { retried, notRetryable } = retryLogs(store, ids);
    const succeeded = retried.filter((row) => row.status !== 'Failed').length;
    return {
      retried: retried.length,
      succeeded,
      failed: retried.length - succeeded,
      notRetryable: notRetryable.length
    };
  },
  approve: (store, { logIds }) => {
    const { approved, notApprovable } = approveLogs(store, reviewSelection(store, logIds));
    const failed = approved.filter((row) => row.status === store.org.review.statuses.failed).length;
    return {
      reviewed: approved.length,
      succeeded: approved.length - failed,
      failed,
      notApprovable: notApprovable.length
    };
  },
  reject: (store, { logIds }) => ({
    reviewed: rejectLogs(store, reviewSelection(store, logIds)).length,
    succeeded: 0,
    failed: 0,
    notApprovable: 0
  })
};
