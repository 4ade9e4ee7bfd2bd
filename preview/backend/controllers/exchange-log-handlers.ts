/**
 * CardExchangeLogController in the preview: filter and page the log with its cursor, show a row, retry, approve and
 * reject exchanges held for review.
 */
import { z } from 'zod';
import { ApexError } from '../apex-error';
import { parse, type ApexHandler } from '../apex-params';
import { approveLogs, rejectLogs, retryLogs, type RowReason } from '../exchange-processor';
import { labelText } from '../preview-org';
import type { PreviewStore } from '../preview-store';
import { logFiltersSchema } from '../preview-types';
import { canManage, requireManage } from '../setup-state';

const CONTROLLER = 'CardExchangeLogController';

/** The controller's requireSelection: the setup permission, then one to MAX_REVIEW log ids. */
function reviewSelection(store: PreviewStore, logIds: unknown): string[] {
  requireManage(store);
  const { nothingToReviewLabel, maxReview, tooManyToReviewLabel } = store.org.review;
  const ids = parse(z.array(z.string()).nullish(), logIds, 'log ids') ?? [];
  if (ids.length === 0) {
    throw new ApexError(labelText(store.org, nothingToReviewLabel, CONTROLLER));
  }
  if (ids.length > maxReview) {
    throw new ApexError(labelText(store.org, tooManyToReviewLabel, CONTROLLER).replace(/\{0\}/g, String(maxReview)));
  }
  return ids;
}

/**
 * The controller's summaryOf: how many were reviewed, how many of the others were not waiting for review and, for
 * each, why, worded by REVIEW_REASON_LABELS (the master label: the preview's Apex answers in English).
 */
function reviewSummary(store: PreviewStore, reviewed: number, reasons: RowReason[]) {
  const { reasons: codes, reasonLabels } = store.org.review;
  const notWaitingForReview = reasons.filter((reason) => reason.code === codes.notWaiting).length;
  return {
    reviewed,
    succeeded: 0,
    failed: 0,
    notApprovable: reasons.length - notWaitingForReview,
    notWaitingForReview,
    reasons: reasons.map(({ logId, code }) => ({
      logId,
      code,
      message: reasonLabels[code] ? labelText(store.org, reasonLabels[code], CONTROLLER) : code
    }))
  };
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
    const { approved, reasons } = approveLogs(store, reviewSelection(store, logIds));
    const failed = approved.filter((row) => row.status === store.org.review.statuses.failed).length;
    return { ...reviewSummary(store, approved.length, reasons), succeeded: approved.length - failed, failed };
  },
  reject: (store, { logIds }) => {
    const { rejected, reasons } = rejectLogs(store, reviewSelection(store, logIds));
    return reviewSummary(store, rejected.length, reasons);
  }
};
