/**
 * The exchanges page: look one exchange up by its id (every delivery that
 * carried it, and what the org did with it), follow the progress of the last replay,
 * and pick dead letters to replay, each with the reason it died, and unconfirmed
 * exchanges (no receipt from the org after every re-send) to send again.
 */
import type { ExchangeRecord } from '../store/outbox-store';
import type { Language, Messages } from './console-messages';
import { formatTime } from './connections-page';
import { CONSOLE_BASE } from './page-layout';
import { html, type SafeHtml } from './safe-html';

export interface ReplayProgress {
  total: number;
  published: number;
  dead: number;
  /** Still on their way (queued or unrouted). */
  pending: number;
}

export interface ExchangesPageModel {
  csrfToken: string;
  lookup: { exchangeId: string; deliveries: ExchangeRecord[] } | null;
  replay: ReplayProgress | null;
  deadLetters: ExchangeRecord[];
  /** Which page of dead letters this is (newest first) and how many there are in all. */
  deadPage: DeadLetterPage;
  /** The oldest unconfirmed exchanges, and how many there are in all. */
  unconfirmed: ExchangeRecord[];
  unconfirmedTotal: number;
  /** Connections saved in the console, for "Send a test exchange". */
  testConnections?: { id: string; name: string }[];
}

export interface DeadLetterPage {
  /** 0 = the newest. */
  page: number;
  pageSize: number;
  total: number;
}

function stateBadge(m: Messages, state: string): SafeHtml {
  const theme =
    state === 'confirmed' || state === 'published'
      ? 'slds-theme_success'
      : state === 'dead' || state === 'unconfirmed'
        ? 'slds-theme_error'
        : '';
  return html`<span class="slds-badge ${theme}" data-state="${state}">${m.exchangeStates[state] ?? state}</span>`;
}

function lookupSection(m: Messages, language: Language, lookup: ExchangesPageModel['lookup']): SafeHtml {
  const result = !lookup
    ? ''
    : lookup.deliveries.length === 0
      ? html`<p class="slds-m-top_small" role="status" data-empty="lookup">${m.exchangeNotFound(lookup.exchangeId)}</p>`
      : html`<table
          class="slds-table slds-table_cell-buffer slds-table_bordered slds-m-top_small"
          aria-label="${lookup.exchangeId}"
          data-lookup-result
        >
          <thead>
            <tr>
              ${[
                m.colWebhookId,
                m.colState,
                m.colInOrg,
                m.colAttempts,
                m.colLastError,
                m.colEventUuid,
                m.colReceived
              ].map((label) => html`<th scope="col">${label}</th>`)}
            </tr>
          </thead>
          <tbody>
            ${lookup.deliveries.map(
              (record) =>
                html`<tr>
                  <th scope="row">${record.webhookId}</th>
                  <td>${stateBadge(m, record.state)}</td>
                  <td class="slds-cell-wrap" data-in-org>${inOrg(m, record)}</td>
                  <td>${record.attempts}</td>
                  <td class="slds-cell-wrap">${record.lastError ?? m.none}</td>
                  <td>${record.eventUuid ?? m.none}</td>
                  <td>${formatTime(record.receivedAt, language, m.never)}</td>
                </tr>`
            )}
          </tbody>
        </table>`;
  return html`<section class="slds-card slds-p-around_medium slds-m-bottom_medium" aria-labelledby="lookup-heading">
    <h2 id="lookup-heading" class="slds-text-heading_medium slds-m-bottom_small">${m.lookupTitle}</h2>
    <form method="get" action="${CONSOLE_BASE}/exchanges" role="search" class="slds-grid slds-grid_vertical-align-end">
      <div class="slds-form-element slds-m-right_small">
        <label class="slds-form-element__label" for="field-exchangeId">${m.fieldExchangeId}</label>
        <div class="slds-form-element__control">
          <input
            class="slds-input"
            id="field-exchangeId"
            name="exchangeId"
            value="${lookup?.exchangeId ?? ''}"
            maxlength="200"
            required
          />
        </div>
      </div>
      <button class="slds-button slds-button_neutral" type="submit">${m.findButton}</button>
    </form>
    ${result}
  </section>`;
}

/** What the org did with it, from its receipt: each integration's outcome, record and error code. */
export function inOrg(m: Messages, record: ExchangeRecord): string {
  const receipt = record.receipt;
  if (!receipt) return record.state === 'published' ? m.receiptAwaited : m.none;
  if (receipt.status !== 'Processed') return m.receiptHeld(receipt.status ?? '?', receipt.errorCode);
  if (receipt.logs.length === 0) return m.receiptNoIntegration;
  return receipt.logs
    .map((log) => [log.status, log.targetObject, log.recordId, log.errorCode].filter((part) => part).join(' '))
    .join('; ');
}

/** A row of exchanges waiting to be replayed (dead letters, unconfirmed): select, id, connection, a count, reason, received. */
function replayableRow(
  m: Messages,
  language: Language,
  record: ExchangeRecord,
  kind: 'dead-letter' | 'unconfirmed',
  count: number
): SafeHtml {
  return html`<tr data-${kind}="${record.exchangeId}">
    <td>
      <input
        type="checkbox"
        name="webhookId"
        value="${record.webhookId}"
        aria-label="${m.selectRow(record.exchangeId)}"
      />
    </td>
    <th scope="row">${record.exchangeId}</th>
    <td>${record.connectionId ?? m.none}</td>
    <td>${count}</td>
    <td class="slds-cell-wrap" data-reason>${record.lastError ?? m.none}</td>
    <td>${formatTime(record.receivedAt, language, m.never)}</td>
  </tr>`;
}

function unconfirmedSection(m: Messages, language: Language, model: ExchangesPageModel): SafeHtml {
  const body =
    model.unconfirmed.length === 0
      ? html`<p data-empty="unconfirmed">${m.unconfirmedEmpty}</p>`
      : html`<p class="slds-m-bottom_small" data-unconfirmed-count>
            ${m.unconfirmedCount(model.unconfirmed.length, model.unconfirmedTotal)}
          </p>
          <form method="post" action="${CONSOLE_BASE}/unconfirmed/replay">
            <input type="hidden" name="csrf" value="${model.csrfToken}" />
            <table class="slds-table slds-table_cell-buffer slds-table_bordered" aria-label="${m.unconfirmedTitle}">
              <thead>
                <tr>
                  ${[m.colSelect, m.fieldExchangeId, m.colConnection, m.colResends, m.colReason, m.colReceived].map(
                    (label) => html`<th scope="col">${label}</th>`
                  )}
                </tr>
              </thead>
              <tbody>
                ${model.unconfirmed.map((record) => replayableRow(m, language, record, 'unconfirmed', record.resends))}
              </tbody>
            </table>
            <button class="slds-button slds-button_brand slds-m-top_small" type="submit">
              ${m.replayUnconfirmedButton}
            </button>
          </form>`;
  return html`<section
    class="slds-card slds-p-around_medium slds-m-bottom_medium"
    aria-labelledby="unconfirmed-heading"
  >
    <h2 id="unconfirmed-heading" class="slds-text-heading_medium slds-m-bottom_small">${m.unconfirmedTitle}</h2>
    ${model.unconfirmed.length > 0 ? html`<p class="slds-m-bottom_small">${m.unconfirmedHelp}</p>` : ''} ${body}
  </section>`;
}

function testExchangeSection(m: Messages, model: ExchangesPageModel): SafeHtml {
  const connections = model.testConnections ?? [];
  if (connections.length === 0) return html``;
  return html`<section class="slds-card slds-p-around_medium slds-m-bottom_medium" aria-labelledby="send-test-heading">
    <h2 id="send-test-heading" class="slds-text-heading_medium slds-m-bottom_small">${m.testExchangeTitle}</h2>
    <p class="slds-m-bottom_small">${m.testExchangeIntro}</p>
    <form method="post" action="${CONSOLE_BASE}/test-exchange" class="slds-grid slds-grid_vertical-align-end">
      <input type="hidden" name="csrf" value="${model.csrfToken}" />
      <div class="slds-form-element slds-m-right_small">
        <label class="slds-form-element__label" for="field-test-connection">${m.fieldConnection}</label>
        <div class="slds-form-element__control">
          <div class="slds-select_container">
            <select class="slds-select" id="field-test-connection" name="connectionId">
              ${connections.map((c) => html`<option value="${c.id}">${c.name}</option>`)}
            </select>
          </div>
        </div>
      </div>
      <button class="slds-button slds-button_brand" type="submit" data-send-test>${m.sendTestButton}</button>
    </form>
  </section>`;
}

function replaySection(m: Messages, replay: ReplayProgress | null): SafeHtml {
  if (!replay) return html``;
  const percent = replay.total === 0 ? 100 : Math.round(((replay.published + replay.dead) / replay.total) * 100);
  return html`<section
    class="slds-card slds-p-around_medium slds-m-bottom_medium"
    aria-labelledby="replay-heading"
    data-replay-progress
  >
    <h2 id="replay-heading" class="slds-text-heading_medium slds-m-bottom_small">${m.replayProgressTitle}</h2>
    <div
      class="slds-progress-bar slds-progress-bar_large"
      role="progressbar"
      aria-valuemin="0"
      aria-valuemax="100"
      aria-valuenow="${percent}"
      aria-labelledby="replay-heading"
    >
      <span class="slds-progress-bar__value slds-size_${sizeClass(percent)}"></span>
    </div>
    <p class="slds-m-top_x-small" role="status">
      ${m.replayProgress(replay.published, replay.total)}
      ${replay.dead > 0 ? html` · ${m.replayStillDead(replay.dead)}` : ''}
      ${replay.pending === 0 ? html` · <strong data-replay-done>${m.replayDone}</strong>` : ''}
    </p>
  </section>`;
}

/** SLDS sizing classes stand in for an inline width, which the page's CSP forbids. */
function sizeClass(percent: number): string {
  if (percent >= 100) return '1-of-1';
  const twelfths = Math.max(0, Math.round((percent / 100) * 12));
  return twelfths === 0 ? '1-of-12' : `${twelfths}-of-12`;
}

function deadLetterSection(m: Messages, language: Language, model: ExchangesPageModel): SafeHtml {
  const body =
    model.deadLetters.length === 0
      ? html`<p data-empty="dead-letters">${m.deadLettersEmpty}</p>`
      : html`<form method="post" action="${CONSOLE_BASE}/dead-letters/replay">
          <input type="hidden" name="csrf" value="${model.csrfToken}" />
          <table class="slds-table slds-table_cell-buffer slds-table_bordered" aria-label="${m.deadLettersTitle}">
            <thead>
              <tr>
                ${[m.colSelect, m.fieldExchangeId, m.colConnection, m.colAttempts, m.colReason, m.colReceived].map(
                  (label) => html`<th scope="col">${label}</th>`
                )}
              </tr>
            </thead>
            <tbody>
              ${model.deadLetters.map((record) => replayableRow(m, language, record, 'dead-letter', record.attempts))}
            </tbody>
          </table>
          <button class="slds-button slds-button_brand slds-m-top_small" type="submit">${m.replayButton}</button>
        </form>`;
  return html`<section class="slds-card slds-p-around_medium" aria-labelledby="dead-heading">
    <h2 id="dead-heading" class="slds-text-heading_medium slds-m-bottom_small">${m.deadLettersTitle}</h2>
    ${model.deadLetters.length > 0 ? deadLetterPaging(m, model.deadPage, model.deadLetters.length) : ''} ${body}
  </section>`;
}

/** "Showing 101-200 of 345" with links to the newer and older pages, when there is more than one page. */
function deadLetterPaging(m: Messages, paging: DeadLetterPage, shown: number): SafeHtml {
  const first = paging.page * paging.pageSize + 1;
  const last = first + shown - 1;
  const link = (page: number, label: string, rel: string) =>
    html`<a class="slds-button slds-button_neutral" rel="${rel}" href="${CONSOLE_BASE}/exchanges?deadPage=${page}"
      >${label}</a
    >`;
  const newer = paging.page > 0 ? link(paging.page - 1, m.newerPage, 'prev') : '';
  const older = last < paging.total ? link(paging.page + 1, m.olderPage, 'next') : '';
  return html`<nav
    class="slds-grid slds-grid_vertical-align-center slds-m-bottom_small"
    aria-label="${m.deadLettersPages}"
  >
    <p class="slds-col" data-dead-range>${m.deadLettersRange(first, last, paging.total)}</p>
    <div class="slds-button-group">${newer}${older}</div>
  </nav>`;
}

export function exchangesPageBody(m: Messages, language: Language, model: ExchangesPageModel): SafeHtml {
  return html`${testExchangeSection(m, model)} ${lookupSection(m, language, model.lookup)}
  ${replaySection(m, model.replay)} ${unconfirmedSection(m, language, model)} ${deadLetterSection(m, language, model)}`;
}
