/**
 * The card exchanges of a Contact or Lead, on its Lightning record page: for each, the card, when and by whom the
 * person was met, and what became of the exchange (CardPersonExchangesController.getExchanges: newest first, as the
 * user's permission sets and sharing let them see it). Says when there are more than it shows, when there are none,
 * and why it cannot show them (the controller's message, e.g. the Card Exchange Viewer permission set is missing).
 */
import { LightningElement, api, wire } from 'lwc';
import getExchanges from '@salesforce/apex/CardPersonExchangesController.getExchanges';
import { statusLabel } from 'c/cardExchangeStatus';
import { formatDateTime, formatLabel } from 'c/cardFormat';
import LABELS from './labels';

export default class CardPersonExchanges extends LightningElement {
  labels = LABELS;
  /** The Contact or Lead whose page this is. */
  @api recordId;
  /** PersonExchanges: { rows: [{ id, name, cardName, metAt, metBy, status, isTest }], hasMore }. */
  exchanges;
  error;

  @wire(getExchanges, { recordId: '$recordId' })
  wiredExchanges({ data, error }) {
    if (data) {
      this.exchanges = data;
      this.error = undefined;
    } else if (error) {
      this.exchanges = undefined;
      this.error = error;
    }
  }

  get isLoading() {
    return Boolean(this.recordId) && !this.exchanges && !this.error;
  }

  get rows() {
    return ((this.exchanges && this.exchanges.rows) || []).map((row) => ({
      ...row,
      // The controller falls back to the card's id; an exchange logged with neither still gets a title.
      card: row.cardName || LABELS.unknownCard,
      metAtText: formatDateTime(row.metAt),
      outcome: statusLabel(row.status)
    }));
  }

  get hasRows() {
    return this.rows.length > 0;
  }

  get isEmpty() {
    return Boolean(this.exchanges) && this.rows.length === 0;
  }

  /** The controller shows the most recent ones; the note says how many, so nobody takes them for all. */
  get moreText() {
    return this.exchanges && this.exchanges.hasMore ? formatLabel(LABELS.more, this.rows.length) : '';
  }
}
