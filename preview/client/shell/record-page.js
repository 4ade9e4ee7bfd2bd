/**
 * A Lightning record page as the preview frames a bundle that only record pages hold (cardPersonExchanges): the
 * record's header, its details and the bundle in the sidebar with the record's id, for the preview's sample records
 * of the objects the bundle names (backend/sample-records.ts, read through /preview/records/search). A preview-only
 * switch picks the record; the hash keeps it (#cardPersonExchanges?recordId=00Q000000000001AAA).
 */
import { createElement } from 'lwc';

const ICONS = { Contact: 'contact', Lead: 'lead' };

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

async function sampleRecords(objectApiName) {
  const response = await fetch('/preview/records/search', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ objectApiName, term: '' })
  });
  const records = response.ok ? await response.json() : [];
  return records.map((record) => ({ ...record, objectApiName }));
}

function wantedRecordId() {
  const query = window.location.hash.split('?')[1] || '';
  return new URLSearchParams(query).get('recordId');
}

function icon(objectApiName) {
  const name = ICONS[objectApiName] || 'record';
  const container = element('span', `slds-icon_container slds-icon-standard-${name}`);
  const svg = document.createElementNS('http://www.w3.org/2000/svg', 'svg');
  svg.setAttribute('class', 'slds-icon slds-page-header__icon');
  svg.setAttribute('aria-hidden', 'true');
  const use = document.createElementNS('http://www.w3.org/2000/svg', 'use');
  use.setAttribute('href', `/assets/icons/standard-sprite/svg/symbols.svg#${name}`);
  svg.appendChild(use);
  container.appendChild(svg);
  return container;
}

function recordSwitch(tab, records, current) {
  const wrapper = element('div', 'slds-form-element preview-language');
  const label = element('label', 'slds-form-element__label', 'Record');
  label.htmlFor = 'preview-record';
  const control = element('div', 'slds-select_container');
  const select = element('select', 'slds-select');
  select.id = 'preview-record';
  for (const record of records) {
    const option = element('option', '', `${record.objectApiName}: ${record.name}`);
    option.value = record.id;
    option.selected = record === current;
    select.appendChild(option);
  }
  select.addEventListener('change', () => {
    window.location.hash = `${tab.bundle}?recordId=${encodeURIComponent(select.value)}`;
  });
  control.appendChild(select);
  wrapper.append(label, control);
  return wrapper;
}

function header(tab, records, record) {
  const head = element('div', 'slds-page-header slds-page-header_record-home slds-m-bottom_small');
  const row = element('div', 'slds-page-header__row slds-grid_vertical-align-center');
  const title = element('div', 'slds-page-header__col-title');
  const media = element('div', 'slds-media');
  const figure = element('div', 'slds-media__figure');
  figure.appendChild(icon(record.objectApiName));
  const body = element('div', 'slds-media__body');
  const heading = element('h1');
  heading.append(
    element('span', '', record.objectApiName),
    element('span', 'slds-page-header__title slds-truncate', record.name)
  );
  body.appendChild(heading);
  media.append(figure, body);
  title.appendChild(media);
  row.append(title, recordSwitch(tab, records, record));
  head.appendChild(row);
  return head;
}

function details(record) {
  const card = element('article', 'slds-card');
  const cardHeader = element('div', 'slds-card__header');
  cardHeader.appendChild(element('h2', 'slds-card__header-title slds-text-heading_small', 'Details'));
  const list = element('dl', 'slds-card__body slds-card__body_inner slds-dl_horizontal');
  for (const [term, value] of [
    ['Name', record.name],
    ['Company', record.detail]
  ]) {
    list.append(element('dt', 'slds-dl_horizontal__label', term), element('dd', 'slds-dl_horizontal__detail', value));
  }
  card.append(cardHeader, list);
  return card;
}

/** @returns the page, filled in once the sample records are known */
export function renderRecordPage(tab) {
  const page = element('div', 'preview-record-page');
  Promise.all(tab.recordObjects.map(sampleRecords)).then((lists) => {
    const records = lists.flat();
    const record = records.find((candidate) => candidate.id === wantedRecordId()) || records[0];
    if (!record) {
      page.replaceChildren(element('p', 'slds-p-around_medium', `No sample ${tab.recordObjects.join(' or ')} record.`));
      return;
    }
    const component = createElement(tab.tagName, { is: tab.component });
    component.recordId = record.id;
    const grid = element('div', 'slds-grid slds-wrap slds-gutters_small');
    const main = element('div', 'slds-col slds-size_1-of-1 slds-large-size_2-of-3');
    main.appendChild(details(record));
    const sidebar = element('div', 'slds-col slds-size_1-of-1 slds-large-size_1-of-3');
    sidebar.appendChild(component);
    grid.append(main, sidebar);
    page.replaceChildren(header(tab, records, record), grid);
  });
  return page;
}
