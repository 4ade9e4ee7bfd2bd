// What the Card exchanges of a Contact or Lead say (custom labels, translated in fr.translation-meta.xml).
import title from '@salesforce/label/c.CardPersonExchangesTitle';
import metAt from '@salesforce/label/c.CardColumnMetAt';
import metBy from '@salesforce/label/c.CardColumnMetBy';
import outcome from '@salesforce/label/c.CardColumnOutcome';
import test from '@salesforce/label/c.CardColumnTest';
import more from '@salesforce/label/c.CardPersonExchangesMore';
import empty from '@salesforce/label/c.CardPersonExchangesEmpty';
import loadError from '@salesforce/label/c.CardPersonExchangesLoadError';
import unknownCard from '@salesforce/label/c.CardPersonExchangesUnknownCard';

export default {
  title,
  metAt,
  metBy,
  outcome,
  test,
  more,
  empty,
  loadError,
  unknownCard
};
