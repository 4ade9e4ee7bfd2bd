/**
 * The operator's overview: every org connection with its state, the accounts it
 * serves, its queue, its last publish and its last error in plain words.
 */
import type { Language, Messages } from './console-messages';
import { CONSOLE_BASE } from './page-layout';
import { html, type SafeHtml } from './safe-html';

export interface ConnectionRow {
  id: string;
  name: string;
  state: string;
  accountIds: readonly string[] | null;
  queued: number;
  lastPublishAt: number | null;
  lastError: string | null;
  /** Connections from config/relay.json cannot be removed here. */
  fromConfig: boolean;
  /** Its secrets do not open with the relay's master key: it can only be removed (and connected again). */
  unreadable?: boolean;
}

const STATE_BADGE: Record<string, string> = {
  ok: 'slds-theme_success',
  throttled: 'slds-theme_warning',
  stopped: ''
};

export function formatTime(ms: number | null, language: Language, never: string): string {
  if (ms === null) return never;
  return (
    new Intl.DateTimeFormat(language, { dateStyle: 'medium', timeStyle: 'medium', timeZone: 'UTC' }).format(
      new Date(ms)
    ) + ' UTC'
  );
}

function actions(row: ConnectionRow, m: Messages, csrfToken: string): SafeHtml {
  const post = (path: string, label: string, variant: string) =>
    html`<form method="post" action="${CONSOLE_BASE}/connections/${encodeURIComponent(row.id)}/${path}">
      <input type="hidden" name="csrf" value="${csrfToken}" />
      <button class="slds-button ${variant}" type="submit" aria-label="${label} ${row.name}">${label}</button>
    </form>`;
  if (row.fromConfig) return html`<span class="slds-text-color_weak">${m.fromConfig}</span>`;
  if (row.unreadable) return post('remove', m.removeButton, 'slds-button_text-destructive');
  return html`<div class="slds-button-group" role="group">
    ${post('test', m.testButton, 'slds-button_neutral')}
    <a
      class="slds-button slds-button_neutral"
      href="${CONSOLE_BASE}/connections/${encodeURIComponent(row.id)}/edit"
      aria-label="${m.editButton} ${row.name}"
      >${m.editButton}</a
    >
    ${post('remove', m.removeButton, 'slds-button_text-destructive')}
  </div>`;
}

export function connectionsPageBody(
  m: Messages,
  language: Language,
  model: { rows: ConnectionRow[]; unrouted: number; csrfToken: string }
): SafeHtml {
  const unrouted =
    model.unrouted > 0
      ? html`<div class="slds-notify slds-notify_alert slds-alert_warning slds-m-bottom_medium" role="status">
          ${m.unroutedWaiting(model.unrouted)}
        </div>`
      : '';
  if (model.rows.length === 0) {
    return html`${unrouted}
      <div class="slds-box slds-theme_default">
        <p class="slds-m-bottom_small" data-empty="connections">${m.connectionsEmpty}</p>
        <a class="slds-button slds-button_brand" href="${CONSOLE_BASE}/connect">${m.navConnect}</a>
      </div>`;
  }
  return html`${unrouted}
    <table class="slds-table slds-table_cell-buffer slds-table_bordered" aria-label="${m.connectionsTitle}">
      <thead>
        <tr class="slds-line-height_reset">
          ${[m.colName, m.colState, m.colAccounts, m.colQueue, m.colLastPublish, m.colLastError, m.colActions].map(
            (label) => html`<th scope="col"><div class="slds-truncate">${label}</div></th>`
          )}
        </tr>
      </thead>
      <tbody>
        ${model.rows.map(
          (row) =>
            html`<tr data-connection="${row.id}">
              <th scope="row">${row.name} <span class="slds-text-color_weak">(${row.id})</span></th>
              <td>
                <span class="slds-badge ${STATE_BADGE[row.state] ?? 'slds-theme_error'}" data-state="${row.state}"
                  >${m.stateNames[row.state] ?? row.state}</span
                >
              </td>
              <td>
                ${
                  row.accountIds && row.accountIds.length > 0
                    ? row.accountIds.join(', ')
                    : row.fromConfig
                      ? m.catchAll
                      : m.none
                }
              </td>
              <td data-queue>${row.queued}</td>
              <td>${formatTime(row.lastPublishAt, language, m.never)}</td>
              <td class="slds-cell-wrap">${row.lastError ?? m.none}</td>
              <td>${actions(row, m, model.csrfToken)}</td>
            </tr>`
        )}
      </tbody>
    </table>`;
}
