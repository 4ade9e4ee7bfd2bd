/**
 * The frame every console page shares: SLDS stylesheet, header with the
 * navigation, language switch and sign-out form, and the banner at the top of
 * the page where outcomes are announced (an ARIA live region).
 */
import type { Banner } from './console-sessions';
import { LANGUAGES, messagesFor, type Language, type Messages } from './console-messages';
import { html, type SafeHtml } from './safe-html';

export const CONSOLE_BASE = '/console';
export const SLDS_CSS = `${CONSOLE_BASE}/assets/styles/salesforce-lightning-design-system.min.css`;

export type NavTab = 'connections' | 'connect' | 'exchanges';

export interface PageFrame {
  language: Language;
  title: string;
  /** The signed-in frame has navigation and a sign-out form; the sign-in page has neither. */
  signedIn: { csrfToken: string; active: NavTab } | null;
  banner: Banner | null;
  body: SafeHtml;
  /** The path the language links point back to. */
  path: string;
  /** Reload the page after this many seconds (replay progress). */
  refreshSeconds?: number;
  /** Go on to this console path at once (the end of the OAuth round trip). */
  refreshTo?: string;
}

const BANNER_THEME: Record<Banner['kind'], string> = {
  success: 'slds-theme_success',
  error: 'slds-alert_error',
  info: 'slds-theme_info'
};

function bannerAction(action: Banner['action'], csrfToken: string | undefined): SafeHtml | string {
  if (!action || csrfToken === undefined) return '';
  return html`<form method="post" action="${action.path}" class="slds-m-top_x-small">
    <input type="hidden" name="csrf" value="${csrfToken}" />
    ${Object.entries(action.fields).map(([name, value]) => html`<input type="hidden" name="${name}" value="${value}" />`)}
    <button class="slds-button slds-button_neutral" type="submit" data-banner-action>${action.label}</button>
  </form>`;
}

export function bannerHtml(banner: Banner | null, m: Messages, csrfToken?: string): SafeHtml {
  if (!banner) return html``;
  return html`<div
    class="slds-notify slds-notify_alert ${BANNER_THEME[banner.kind]} slds-m-bottom_medium"
    role="${banner.kind === 'error' ? 'alert' : 'status'}"
    data-banner="${banner.kind}"
  >
    <div class="slds-text-align_left">
      <h2 class="slds-text-heading_small">${banner.title}</h2>
      ${banner.detail ? html`<p>${banner.detail}</p>` : ''}
      ${banner.hint ? html`<p><strong>${m.whatToDo}</strong> ${banner.hint}</p>` : ''}
      ${bannerAction(banner.action, csrfToken)}
    </div>
  </div>`;
}

function navigation(m: Messages, active: NavTab): SafeHtml {
  const tabs: [NavTab, string, string][] = [
    ['connections', `${CONSOLE_BASE}/connections`, m.navConnections],
    ['connect', `${CONSOLE_BASE}/connect`, m.navConnect],
    ['exchanges', `${CONSOLE_BASE}/exchanges`, m.navExchanges]
  ];
  return html`<nav class="slds-tabs_default slds-p-horizontal_medium" aria-label="${m.consoleName}">
    <ul class="slds-tabs_default__nav">
      ${tabs.map(
        ([tab, href, label]) =>
          html`<li class="slds-tabs_default__item ${tab === active ? 'slds-is-active' : ''}">
            <a class="slds-tabs_default__link" href="${href}" ${tab === active ? html`aria-current="page"` : ''}
              >${label}</a
            >
          </li>`
      )}
    </ul>
  </nav>`;
}

function languageLinks(frame: PageFrame, m: Messages): SafeHtml {
  return html`<ul class="slds-list_horizontal slds-has-dividers_left" aria-label="${m.language}">
    ${LANGUAGES.map((language) => {
      const name = messagesFor(language).languageName;
      return html`<li class="slds-item">
        ${
          language === frame.language
            ? html`<span aria-current="true">${name}</span>`
            : html`<a href="${frame.path}?lang=${language}" lang="${language}" hreflang="${language}">${name}</a>`
        }
      </li>`;
    })}
  </ul>`;
}

export function renderPage(frame: PageFrame): string {
  const m = messagesFor(frame.language);
  const signOut = frame.signedIn
    ? html`<form method="post" action="${CONSOLE_BASE}/sign-out" class="slds-m-left_medium">
        <input type="hidden" name="csrf" value="${frame.signedIn.csrfToken}" />
        <button class="slds-button slds-button_neutral" type="submit">${m.signOut}</button>
      </form>`
    : '';
  const page = html`<!doctype html>
    <html lang="${frame.language}">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        ${frame.refreshSeconds ? html`<meta http-equiv="refresh" content="${frame.refreshSeconds}" />` : ''}
        ${frame.refreshTo ? html`<meta http-equiv="refresh" content="0;url=${frame.refreshTo}" />` : ''}
        <title>${frame.title} · ${m.appName}</title>
        <link rel="stylesheet" href="${SLDS_CSS}" />
        <script src="${CONSOLE_BASE}/console.js" defer></script>
      </head>
      <body class="slds-scope">
        <header class="slds-page-header slds-page-header_object-home">
          <div class="slds-page-header__row">
            <div class="slds-page-header__col-title">
              <p class="slds-page-header__name-meta">${m.appName}</p>
              <h1 class="slds-page-header__title">${frame.title}</h1>
            </div>
            <div class="slds-page-header__col-actions slds-grid slds-grid_vertical-align-center">
              ${languageLinks(frame, m)} ${signOut}
            </div>
          </div>
        </header>
        ${frame.signedIn ? navigation(m, frame.signedIn.active) : ''}
        <main class="slds-p-around_medium">
          <div aria-live="polite">${bannerHtml(frame.banner, m, frame.signedIn?.csrfToken)}</div>
          ${frame.body}
        </main>
      </body>
    </html>`;
  return page.text;
}
