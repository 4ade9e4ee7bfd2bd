/**
 * The exchange log: one row per exchange and integration, filtered by status, integration, date range and
 * test/real (the page state may ask for a status and an integration), newest first with keyset "load more" paging;
 * a detail view with the card, who met the person and when, payload (while it is kept), error and review, read on
 * demand (getLogDetail is not cacheable: the payload holds a person's details); retry of the selected failed
 * exchanges, approval and rejection (after a confirmation) of the selected exchanges waiting for review.
 */
import { LightningElement, wire } from 'lwc';
import { refreshApex } from '@salesforce/apex';
import LightningConfirm from 'lightning/confirm';
import { CurrentPageReference } from 'lightning/navigation';
import { ShowToastEvent } from 'lightning/platformShowToastEvent';
import getLogs from '@salesforce/apex/CardExchangeLogController.getLogs';
import getLogDetail from '@salesforce/apex/CardExchangeLogController.getLogDetail';
import getIntegrationOptions from '@salesforce/apex/CardExchangeLogController.getIntegrationOptions';
import retry from '@salesforce/apex/CardExchangeLogController.retry';
import approve from '@salesforce/apex/CardExchangeLogController.approve';
import reject from '@salesforce/apex/CardExchangeLogController.reject';
import { reduceErrors } from 'c/cardErrors';
import { FAILED, REVIEW, STATUSES, logFiltersOf, statusLabel } from 'c/cardExchangeStatus';
import { formatDateTime, formatLabel } from 'c/cardFormat';
import LABELS from './labels';
import { approvalToast, rejectionToast } from './reviewToasts';

export const PAGE_SIZE = 50;

function prettyJson(text) {
  if (!text) {
    return '';
  }
  try {
    return JSON.stringify(JSON.parse(text), null, 2);
  } catch {
    // Not JSON (e.g. truncated): show it as stored.
    return text;
  }
}

export default class CardExchangeLog extends LightningElement {
  labels = LABELS;
  status = '';
  integrationId = '';
  fromDate = null;
  toDate = null;
  testMode = 'all';
  filters = { pageSize: PAGE_SIZE, testMode: 'all' };
  wiredFirstPage;
  firstPage;
  morePages = [];
  nextCursor;
  loadError;
  loadingMore = false;
  integrationOptionsData = [];
  selectedIds = [];
  retrying = false;
  reviewing = false;
  detail;
  detailError;
  // The filters the page state asked for last, so that a repeated page reference keeps the admin's own choice.
  pageFilterKey;

  columns = [
    {
      label: LABELS.columnName,
      type: 'button',
      typeAttributes: { label: { fieldName: 'name' }, name: 'view', variant: 'base', title: LABELS.actionView }
    },
    {
      label: LABELS.columnDate,
      fieldName: 'createdDate',
      type: 'date',
      typeAttributes: { year: 'numeric', month: 'short', day: '2-digit', hour: '2-digit', minute: '2-digit' }
    },
    { label: LABELS.columnIntegration, fieldName: 'integrationName' },
    { label: LABELS.columnStatus, fieldName: 'statusLabel' },
    {
      label: LABELS.columnRecord,
      fieldName: 'recordUrl',
      type: 'url',
      typeAttributes: { label: { fieldName: 'recordId' }, target: '_blank' }
    },
    { label: LABELS.columnError, fieldName: 'errorMessage', wrapText: true },
    { label: LABELS.columnTest, fieldName: 'isTest', type: 'boolean', initialWidth: 70 },
    { label: LABELS.columnAttempts, fieldName: 'attempts', type: 'number', initialWidth: 100 }
  ];

  @wire(getLogs, { filters: '$filters' })
  wiredLogs(result) {
    this.wiredFirstPage = result;
    if (result.data) {
      this.firstPage = result.data;
      this.morePages = [];
      this.nextCursor = this.cursorOf(result.data);
      this.loadError = undefined;
    } else if (result.error) {
      this.firstPage = undefined;
      this.loadError = result.error;
    }
  }

  @wire(CurrentPageReference)
  wiredPageReference(pageReference) {
    const { status, integrationId } = logFiltersOf(pageReference);
    const key = `${status}|${integrationId}`;
    if ((status || integrationId) && key !== this.pageFilterKey) {
      this.pageFilterKey = key;
      this.status = status || '';
      this.integrationId = integrationId || '';
      this.applyFilters();
    }
  }

  @wire(getIntegrationOptions)
  wiredIntegrationOptions({ data, error }) {
    if (data) {
      this.integrationOptionsData = data;
    } else if (error) {
      this.loadError = error;
    }
  }

  get statusOptions() {
    return [{ label: LABELS.all, value: '' }, ...STATUSES.map((value) => ({ label: statusLabel(value), value }))];
  }

  get integrationOptions() {
    return [{ label: LABELS.all, value: '' }, ...this.integrationOptionsData];
  }

  get testModeOptions() {
    return [
      { label: LABELS.all, value: 'all' },
      { label: LABELS.testModeReal, value: 'real' },
      { label: LABELS.testModeTest, value: 'test' }
    ];
  }

  get rows() {
    const pages = this.firstPage ? [this.firstPage, ...this.morePages] : [];
    return pages.flatMap((page) => page.rows).map((row) => ({ ...row, statusLabel: statusLabel(row.status) }));
  }

  get hasRows() {
    return this.rows.length > 0;
  }

  get isEmpty() {
    return Boolean(this.firstPage) && this.rows.length === 0;
  }

  get hasMore() {
    return Boolean(this.nextCursor);
  }

  /** Retrying needs the Manage Cardbridge setup permission; the log says whether the user has it. */
  get canRetry() {
    return Boolean(this.firstPage && this.firstPage.canRetry);
  }

  get showRetryPermissionHint() {
    return Boolean(this.firstPage) && !this.canRetry;
  }

  get retryDisabled() {
    return this.retrying || !this.canRetry || this.selectedIds.length === 0;
  }

  /** The selected rows an approval or a rejection would take: those still waiting for review. */
  get selectedReviewIds() {
    return this.rows.filter((row) => this.selectedIds.includes(row.id) && row.status === REVIEW).map((row) => row.id);
  }

  /** Approving and rejecting need the same setup permission as a retry (LogPage.canRetry). */
  get reviewDisabled() {
    return this.reviewing || !this.canRetry || this.selectedReviewIds.length === 0;
  }

  get detailPayload() {
    return this.detail ? prettyJson(this.detail.payload) : '';
  }

  get hasDetailPayload() {
    return Boolean(this.detail && this.detail.payload);
  }

  /** Why the payload is gone: cleared once no retry needed it, or no longer kept (retention, too large). */
  get detailPayloadMissing() {
    if (!this.detail || !this.detail.payloadClearedAt) {
      return LABELS.detailPayloadGone;
    }
    return formatLabel(LABELS.detailPayloadCleared, formatDateTime(this.detail.payloadClearedAt));
  }

  get detailStatus() {
    return this.detail ? statusLabel(this.detail.status) : '';
  }

  /** Who approved or rejected the exchange, and when; empty for an exchange no one reviewed. */
  get detailReviewed() {
    const { reviewedBy, reviewedAt } = this.detail || {};
    if (!reviewedBy) {
      return formatDateTime(reviewedAt);
    }
    return formatLabel(LABELS.detailReviewedBy, reviewedBy, formatDateTime(reviewedAt));
  }

  /** The card the person was met with: its name, else its id (rows logged before card names were kept). */
  get detailCard() {
    return this.detail ? this.detail.cardName || this.detail.cardId || '' : '';
  }

  get detailMetAt() {
    return this.detail ? formatDateTime(this.detail.metAt) : '';
  }

  get detailHeading() {
    return this.detail ? formatLabel(LABELS.detailTitle, this.detail.name) : '';
  }

  cursorOf(page) {
    return page && page.nextCursorId ? { cursorDate: page.nextCursorDate, cursorId: page.nextCursorId } : undefined;
  }

  handleFilterChange(event) {
    const field = event.target.dataset.filter;
    this[field] = event.detail.value || (field === 'testMode' ? 'all' : '');
    this.applyFilters();
  }

  applyFilters() {
    this.filters = {
      pageSize: PAGE_SIZE,
      status: this.status || null,
      integrationId: this.integrationId || null,
      fromDate: this.fromDate || null,
      toDate: this.toDate || null,
      testMode: this.testMode
    };
    this.selectedIds = [];
  }

  handleRefresh() {
    this.selectedIds = [];
    return refreshApex(this.wiredFirstPage);
  }

  async handleLoadMore() {
    if (!this.nextCursor) {
      return;
    }
    this.loadingMore = true;
    try {
      const page = await getLogs({ filters: { ...this.filters, ...this.nextCursor } });
      this.morePages = [...this.morePages, page];
      this.nextCursor = this.cursorOf(page);
    } catch (error) {
      this.toast(LABELS.loadError, reduceErrors(error).join(' '), 'error');
    } finally {
      this.loadingMore = false;
    }
  }

  handleRowSelection(event) {
    this.selectedIds = event.detail.selectedRows.map((row) => row.id);
  }

  async handleRowAction(event) {
    const { row } = event.detail;
    this.detailError = undefined;
    try {
      this.detail = await getLogDetail({ logId: row.id });
    } catch (error) {
      this.detail = undefined;
      this.detailError = error;
    }
  }

  handleCloseDetail() {
    this.detail = undefined;
    this.detailError = undefined;
  }

  async handleRetry() {
    const failedIds = this.rows
      .filter((row) => this.selectedIds.includes(row.id) && row.status === FAILED)
      .map((row) => row.id);
    if (failedIds.length === 0) {
      this.toast(LABELS.retryNothing, '', 'warning');
      return;
    }
    this.retrying = true;
    try {
      const summary = await retry({ logIds: failedIds });
      this.toastRetry(summary);
      this.selectedIds = [];
      await refreshApex(this.wiredFirstPage);
    } catch (error) {
      this.toast(LABELS.retryFailed, reduceErrors(error).join(' '), 'error');
    } finally {
      this.retrying = false;
    }
  }

  async handleApprove() {
    const logIds = this.selectedReviewIds;
    await this.review(() => approve({ logIds }), approvalToast);
  }

  async handleReject() {
    const logIds = this.selectedReviewIds;
    // A rejection cannot be undone: nothing will ever be created for these exchanges.
    const confirmed = await LightningConfirm.open({
      message: formatLabel(LABELS.rejectConfirm, logIds.length),
      label: LABELS.rejectConfirmTitle,
      theme: 'warning'
    });
    if (confirmed) {
      await this.review(() => reject({ logIds }), rejectionToast);
    }
  }

  async review(call, toastOf) {
    this.reviewing = true;
    try {
      const { title, message, variant } = toastOf(await call());
      this.toast(title, message, variant);
      this.selectedIds = [];
      await refreshApex(this.wiredFirstPage);
    } catch (error) {
      this.toast(LABELS.reviewFailed, reduceErrors(error).join(' '), 'error');
    } finally {
      this.reviewing = false;
    }
  }

  toastRetry({ retried = 0, succeeded = 0, failed = 0, notRetryable = 0 }) {
    const done = formatLabel(LABELS.retryDone, retried, succeeded, failed);
    const notRetried = notRetryable > 0 ? formatLabel(LABELS.retryNotRetryable, notRetryable) : '';
    const variant = failed > 0 || notRetryable > 0 ? 'warning' : 'success';
    if (retried === 0 && notRetryable > 0) {
      this.toast(notRetried, '', variant);
    } else {
      this.toast(done, notRetried, variant);
    }
  }

  toast(title, message, variant) {
    this.dispatchEvent(new ShowToastEvent({ title, message, variant }));
  }
}
