/**
 * Preview stand-in for `lightning/navigation`: Navigate and GenerateUrl hand the page reference to the
 * preview shell, which switches tabs when it can and otherwise shows where the platform would have gone.
 */
export const NAVIGATE_EVENT_NAME = 'preview__navigate';

const Navigate = Symbol('Navigate');
const GenerateUrl = Symbol('GenerateUrl');

function describe(pageReference) {
  const attributes = (pageReference && pageReference.attributes) || {};
  return [attributes.objectApiName, attributes.recordId, attributes.actionName, attributes.apiName, attributes.url]
    .filter(Boolean)
    .join(' / ');
}

export function NavigationMixin(Base) {
  return class extends Base {
    [Navigate](pageReference, replace) {
      this.dispatchEvent(
        new CustomEvent(NAVIGATE_EVENT_NAME, {
          bubbles: true,
          composed: true,
          detail: { pageReference, replace: Boolean(replace), description: describe(pageReference) }
        })
      );
    }

    [GenerateUrl](pageReference) {
      const attributes = (pageReference && pageReference.attributes) || {};
      if (attributes.url) {
        return Promise.resolve(attributes.url);
      }
      return Promise.resolve(attributes.recordId ? `/${attributes.recordId}` : '#');
    }
  };
}
NavigationMixin.Navigate = Navigate;
NavigationMixin.GenerateUrl = GenerateUrl;

/**
 * The platform's CurrentPageReference wire adapter: the app page, with the state a navigation put after the tab in
 * the hash (#cardExchangeLog?c__status=Failed). The shell mounts the screen anew on each navigation.
 */
export class CurrentPageReference {
  constructor(dataCallback) {
    this.dataCallback = dataCallback;
  }
  connect() {
    const query = window.location.hash.split('?')[1] || '';
    const state = Object.fromEntries(new URLSearchParams(query));
    this.dataCallback({ type: 'standard__navItemPage', attributes: { apiName: 'CardExchange' }, state });
  }
  disconnect() {}
  update() {}
}
