/**
 * The "Card Exchange" app as Lightning Experience would frame it: a header with the app name, a navigation bar
 * with one tab per screen, the selected screen mounted below (in a record page for one that record pages hold),
 * toasts and navigation requests made visible, and the preview-only language switch.
 */
import { createElement } from 'lwc';
import TABS from 'preview:tabs';
import { LANGUAGE } from '../shims/label-store';
import { renderLanguageSwitch } from './language-switch';
import { renderRecordPage } from './record-page';
import { listenForToasts } from './toast-area';

function element(tag, className, text) {
  const node = document.createElement(tag);
  if (className) {
    node.className = className;
  }
  if (text !== undefined) {
    node.textContent = text;
  }
  return node;
}

// The hash names the tab's bundle, then the page state a navigation asked for: #cardExchangeLog?c__status=Failed
function selectedTab() {
  const wanted = decodeURIComponent(window.location.hash.replace(/^#\/?/, '').split('?')[0]);
  return TABS.find((tab) => tab.bundle === wanted) || TABS[0];
}

function hashFor(tab, state) {
  const query = new URLSearchParams(state || {}).toString();
  return query ? `${tab.bundle}?${query}` : tab.bundle;
}

function renderHeader() {
  const header = element('header', 'preview-header slds-grid slds-grid_align-spread slds-grid_vertical-align-center');
  const brand = element('div', 'slds-grid slds-grid_vertical-align-center');
  brand.appendChild(element('span', 'preview-header__logo', 'Cardbridge'));
  brand.appendChild(element('span', 'slds-badge slds-m-left_small', 'Local preview'));
  header.appendChild(brand);
  header.appendChild(renderLanguageSwitch(LANGUAGE));
  return header;
}

function renderNavigation(onSelect) {
  const bar = element('div', 'slds-context-bar');
  const primary = element('div', 'slds-context-bar__primary');
  const appName = element('div', 'slds-context-bar__item slds-no-hover');
  const appLabel = element('span', 'slds-context-bar__label-action slds-context-bar__app-name');
  appLabel.appendChild(element('span', 'slds-truncate', 'Card Exchange'));
  appName.appendChild(appLabel);
  primary.appendChild(appName);
  const nav = element('nav', 'slds-context-bar__secondary');
  nav.setAttribute('aria-label', 'Card Exchange');
  const list = element('ul', 'slds-grid');
  const links = TABS.map((tab) => {
    const item = element('li', 'slds-context-bar__item');
    const link = element('a', 'slds-context-bar__label-action');
    link.href = `#${tab.bundle}`;
    link.dataset.tab = tab.bundle;
    link.title = tab.label;
    link.appendChild(element('span', 'slds-truncate', tab.label));
    item.appendChild(link);
    list.appendChild(item);
    return { tab, item, link };
  });
  nav.appendChild(list);
  bar.append(primary, nav);
  window.addEventListener('hashchange', () => onSelect(selectedTab()));
  return {
    bar,
    markActive(active) {
      for (const { tab, item, link } of links) {
        const isActive = tab === active;
        item.classList.toggle('slds-is-active', isActive);
        if (isActive) {
          link.setAttribute('aria-current', 'page');
        } else {
          link.removeAttribute('aria-current');
        }
      }
    }
  };
}

// A component reference names the bundle; a navItemPage names a tab, with the package's namespace in Lightning.
function tabForPageReference(pageReference) {
  const attributes = (pageReference && pageReference.attributes) || {};
  const target = attributes.componentName || attributes.apiName || '';
  const withoutNamespace = target.replace(/^[a-zA-Z]\w*?__(?=[A-Z])/, '');
  return TABS.find(
    (tab) => target.endsWith(tab.bundle) || (tab.tabNames || []).some((name) => name === withoutNamespace)
  );
}

export function startShell(root) {
  const main = element('main', 'preview-main');
  main.id = 'preview-main';
  let mounted;
  const show = (tab) => {
    navigation.markActive(tab);
    if (mounted) {
      mounted.remove();
    }
    if (!tab) {
      main.replaceChildren(element('p', 'slds-p-around_medium', 'No LWC bundle to preview yet.'));
      return;
    }
    document.title = `${tab.label} | Card Exchange preview`;
    mounted = tab.recordObjects ? renderRecordPage(tab) : createElement(tab.tagName, { is: tab.component });
    if (tab.returnTo) {
      const goBack = () => {
        window.location.hash = tab.returnTo;
      };
      mounted.addEventListener('saved', goBack);
      mounted.addEventListener('cancel', goBack);
    }
    main.replaceChildren(mounted);
  };
  const navigation = renderNavigation(show);
  const toasts = listenForToasts(document);
  document.addEventListener('preview__navigate', (event) => {
    const tab = tabForPageReference(event.detail.pageReference);
    if (tab) {
      window.location.hash = hashFor(tab, event.detail.pageReference.state);
      return;
    }
    toasts.show({
      title: 'Navigation',
      message: `Lightning would open ${event.detail.description || event.detail.pageReference.type}`,
      variant: 'info'
    });
  });
  root.append(renderHeader(), navigation.bar, main, toasts.container);
  show(selectedTab());
}
