// The integrations list's user-visible strings (custom labels, translated in fr.translation-meta.xml).
import title from '@salesforce/label/c.CardListTitle';
import newIntegration from '@salesforce/label/c.CardListNew';
import refresh from '@salesforce/label/c.CardSetupRefresh';
import empty from '@salesforce/label/c.CardListEmpty';
import loadError from '@salesforce/label/c.CardListLoadError';
import columnName from '@salesforce/label/c.CardColumnName';
import columnActive from '@salesforce/label/c.CardColumnActive';
import columnUseCase from '@salesforce/label/c.CardColumnUseCase';
import columnCardFilter from '@salesforce/label/c.CardColumnCardFilter';
import columnCreated from '@salesforce/label/c.CardColumnCreated7Days';
import columnFailed from '@salesforce/label/c.CardColumnFailed7Days';
import allCards from '@salesforce/label/c.CardFilterAllCards';
import filterCards from '@salesforce/label/c.CardFilterCards';
import filterTags from '@salesforce/label/c.CardFilterTags';
import actionEdit from '@salesforce/label/c.CardActionEdit';
import actionClone from '@salesforce/label/c.CardActionClone';
import actionDelete from '@salesforce/label/c.CardActionDelete';
import actionActivate from '@salesforce/label/c.CardActionActivate';
import actionDeactivate from '@salesforce/label/c.CardActionDeactivate';
import confirmDelete from '@salesforce/label/c.CardListConfirmDelete';
import confirmDeleteTitle from '@salesforce/label/c.CardListConfirmDeleteTitle';
import deleted from '@salesforce/label/c.CardListDeleted';
import cloned from '@salesforce/label/c.CardListCloned';
import activated from '@salesforce/label/c.CardListActivated';
import deactivated from '@salesforce/label/c.CardListDeactivated';
import actionFailed from '@salesforce/label/c.CardListActionFailed';
import columnReview from '@salesforce/label/c.CardColumnReview';
import waitingForReview from '@salesforce/label/c.CardListWaitingForReview';
import holdsForReview from '@salesforce/label/c.CardListHoldsForReview';
import actionReview from '@salesforce/label/c.CardActionReview';

export default {
  title,
  newIntegration,
  refresh,
  empty,
  loadError,
  columnName,
  columnActive,
  columnUseCase,
  columnCardFilter,
  columnCreated,
  columnFailed,
  allCards,
  filterCards,
  filterTags,
  actionEdit,
  actionClone,
  actionDelete,
  actionActivate,
  actionDeactivate,
  confirmDelete,
  confirmDeleteTitle,
  deleted,
  cloned,
  activated,
  deactivated,
  actionFailed,
  columnReview,
  waitingForReview,
  holdsForReview,
  actionReview
};
