/** The sign-in form (admin token) and the page shown when a form is refused for its CSRF token. */
import type { Messages } from './console-messages';
import { CONSOLE_BASE } from './page-layout';
import { html, type SafeHtml } from './safe-html';

export function signInPageBody(m: Messages, csrfToken: string, disabled: boolean): SafeHtml {
  return html`<section
    class="slds-card slds-p-around_medium slds-size_1-of-1 slds-medium-size_1-of-2"
    aria-labelledby="sign-in-heading"
  >
    <h2 id="sign-in-heading" class="slds-text-heading_medium slds-m-bottom_small">${m.signInTitle}</h2>
    <p class="slds-m-bottom_medium">${m.signInIntro}</p>
    <form method="post" action="${CONSOLE_BASE}/sign-in">
      <input type="hidden" name="csrf" value="${csrfToken}" />
      <div class="slds-form-element slds-m-bottom_small">
        <label class="slds-form-element__label" for="field-token">${m.tokenLabel}</label>
        <div class="slds-form-element__control">
          <input
            class="slds-input"
            id="field-token"
            name="token"
            type="password"
            autocomplete="current-password"
            required
            ${disabled ? html`disabled` : ''}
          />
        </div>
      </div>
      <button class="slds-button slds-button_brand" type="submit" ${disabled ? html`disabled` : ''}>
        ${m.signInButton}
      </button>
    </form>
  </section>`;
}

export function refusedPageBody(m: Messages): SafeHtml {
  return html`<div class="slds-box slds-theme_default">
    <p class="slds-m-bottom_small">${m.csrfRefused}</p>
    <a class="slds-button slds-button_neutral" href="${CONSOLE_BASE}/connections">${m.backToConsole}</a>
  </div>`;
}
