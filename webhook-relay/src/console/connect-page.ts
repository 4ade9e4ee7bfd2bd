/**
 * The "Connect to Salesforce" page: name, My Domain URL, flow, consumer key and
 * secret (or certificate key and login URL), the callback URL to copy and the
 * accounts the org serves. The same form edits a saved connection, then asks to
 * confirm what changes. Secret inputs are always rendered empty.
 */
import type { Messages } from './console-messages';
import { FLOWS, type FormDraft, type FormField } from './connect-form';
import { CONSOLE_BASE } from './page-layout';
import { html, type SafeHtml } from './safe-html';

export interface ConnectPageModel {
  csrfToken: string;
  callbackUrl: string;
  draft: FormDraft;
  errors: Partial<Record<FormField, string>>;
  /** Editing this saved connection (its id and name) instead of creating one. */
  editing?: { id: string; name: string };
}

export const EMPTY_DRAFT: FormDraft = {
  name: '',
  instanceUrl: '',
  flow: 'client_credentials',
  clientId: '',
  username: '',
  loginUrl: '',
  accountIds: ''
};

interface InputSpec {
  field: FormField;
  label: string;
  help?: string;
  value?: string;
  type?: 'text' | 'url' | 'password' | 'textarea';
  required?: boolean;
  autocomplete?: string;
}

function input(spec: InputSpec, errors: ConnectPageModel['errors']): SafeHtml {
  const id = `field-${spec.field}`;
  const error = errors[spec.field];
  const described = [spec.help ? `${id}-help` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ');
  const common = html`id="${id}" name="${spec.field}"
  class="${spec.type === 'textarea' ? 'slds-textarea' : 'slds-input'}"
  ${described ? html`aria-describedby="${described}"` : ''} ${error ? html`aria-invalid="true"` : ''}
  ${spec.required ? html`required aria-required="true"` : ''}`;
  const control =
    spec.type === 'textarea'
      ? html`<textarea ${common} rows="4" spellcheck="false">${spec.value ?? ''}</textarea>`
      : html`<input
          ${common}
          type="${spec.type ?? 'text'}"
          value="${spec.value ?? ''}"
          autocomplete="${spec.autocomplete ?? 'off'}"
        />`;
  return html`<div class="slds-form-element slds-m-bottom_small ${error ? 'slds-has-error' : ''}">
    <label class="slds-form-element__label" for="${id}">
      ${spec.required ? html`<abbr class="slds-required" title="required">*</abbr>` : ''}${spec.label}</label
    >
    <div class="slds-form-element__control">${control}</div>
    ${spec.help ? html`<div class="slds-form-element__help" id="${id}-help">${spec.help}</div>` : ''}
    ${error ? html`<div class="slds-form-element__help" id="${id}-error">${error}</div>` : ''}
  </div>`;
}

function flowSelect(m: Messages, draft: FormDraft): SafeHtml {
  return html`<div class="slds-form-element slds-m-bottom_small">
    <label class="slds-form-element__label" for="field-flow">${m.fieldFlow}</label>
    <div class="slds-form-element__control">
      <div class="slds-select_container">
        <select class="slds-select" id="field-flow" name="flow" data-flow-select>
          ${FLOWS.map(
            (flow) =>
              html`<option value="${flow}" ${flow === draft.flow ? html`selected` : ''}>${m.flowNames[flow]}</option>`
          )}
        </select>
      </div>
    </div>
  </div>`;
}

function callbackUrlField(m: Messages, callbackUrl: string): SafeHtml {
  return html`<div class="slds-form-element slds-m-bottom_small">
    <label class="slds-form-element__label" for="callback-url">${m.fieldCallbackUrl}</label>
    <div class="slds-form-element__control slds-grid slds-gutters_xx-small">
      <div class="slds-col slds-grow">
        <input
          id="callback-url"
          class="slds-input"
          type="text"
          readonly
          value="${callbackUrl}"
          aria-describedby="callback-url-help"
        />
      </div>
      <div class="slds-col slds-no-flex">
        <button
          type="button"
          class="slds-button slds-button_neutral"
          data-copy-target="callback-url"
          data-copied-label="${m.copied}"
        >
          ${m.copyButton}
        </button>
      </div>
    </div>
    <div class="slds-form-element__help" id="callback-url-help">${m.fieldCallbackUrlHelp}</div>
  </div>`;
}

export function connectPageBody(m: Messages, model: ConnectPageModel): SafeHtml {
  const { draft, errors, editing } = model;
  const action = editing
    ? `${CONSOLE_BASE}/connections/${encodeURIComponent(editing.id)}/edit`
    : `${CONSOLE_BASE}/connect`;
  return html`<section class="slds-card slds-p-around_medium" aria-labelledby="connect-heading">
    <h2 id="connect-heading" class="slds-text-heading_medium slds-m-bottom_small">
      ${editing ? m.editTitle(editing.name) : m.connectTitle}
    </h2>
    <p class="slds-m-bottom_medium">${editing ? m.editIntro : m.connectIntro}</p>
    <form method="post" action="${action}" novalidate ${editing ? html`data-editing="${editing.id}"` : ''}>
      <input type="hidden" name="csrf" value="${model.csrfToken}" />
      ${input({ field: 'name', label: m.fieldName, help: m.fieldNameHelp, value: draft.name, required: true }, errors)}
      ${input(
        {
          field: 'instanceUrl',
          label: m.fieldInstanceUrl,
          help: m.fieldInstanceUrlHelp,
          value: draft.instanceUrl,
          type: 'url',
          required: true
        },
        errors
      )}
      ${flowSelect(m, draft)} ${callbackUrlField(m, model.callbackUrl)}
      ${input({ field: 'clientId', label: m.fieldClientId, value: draft.clientId, required: true }, errors)}
      <div data-flows="client_credentials web_server">
        ${input(
          {
            field: 'clientSecret',
            label: m.fieldClientSecret,
            help: m.secretKept,
            type: 'password',
            autocomplete: 'new-password'
          },
          errors
        )}
      </div>
      <div data-flows="jwt">
        ${input({ field: 'username', label: m.fieldUsername, value: draft.username }, errors)}
        ${input({ field: 'privateKey', label: m.fieldPrivateKey, help: m.secretKept, type: 'textarea' }, errors)}
        ${input(
          { field: 'loginUrl', label: m.fieldLoginUrl, help: m.fieldLoginUrlHelp, value: draft.loginUrl, type: 'url' },
          errors
        )}
      </div>
      ${input(
        {
          field: 'accountIds',
          label: m.fieldAccounts,
          help: m.fieldAccountsHelp,
          value: draft.accountIds,
          type: 'textarea',
          required: true
        },
        errors
      )}
      <button class="slds-button slds-button_brand slds-m-top_small" type="submit">
        ${editing ? m.reviewButton : m.connectButton}
      </button>
      ${
        editing
          ? html`<a class="slds-button slds-button_neutral slds-m-top_small" href="${CONSOLE_BASE}/connections"
              >${m.cancelButton}</a
            >`
          : ''
      }
    </form>
  </section>`;
}

/** "Change X?": each field that changes, what it means for queued exchanges, and Confirm / Cancel. */
export function confirmEditBody(
  m: Messages,
  model: { csrfToken: string; id: string; name: string; token: string; changes: string[] }
): SafeHtml {
  return html`<section class="slds-card slds-p-around_medium" aria-labelledby="confirm-heading">
    <h2 id="confirm-heading" class="slds-text-heading_medium slds-m-bottom_small">${m.confirmTitle(model.name)}</h2>
    <p class="slds-m-bottom_small">${m.confirmIntro}</p>
    <ul class="slds-list_dotted slds-m-bottom_medium" data-changes>
      ${model.changes.map((change) => html`<li data-change="${change}">${m.changeNames[change] ?? change}</li>`)}
    </ul>
    ${model.changes.includes('accountIds') ? html`<p class="slds-m-bottom_medium">${m.accountsDropped}</p>` : ''}
    <form method="post" action="${CONSOLE_BASE}/connections/${encodeURIComponent(model.id)}/edit/confirm">
      <input type="hidden" name="csrf" value="${model.csrfToken}" />
      <input type="hidden" name="change" value="${model.token}" />
      <button class="slds-button slds-button_brand" type="submit">${m.confirmButton}</button>
      <a class="slds-button slds-button_neutral" href="${CONSOLE_BASE}/connections">${m.cancelButton}</a>
    </form>
  </section>`;
}
