import { LOG_TAB, STATUSES, logFiltersOf, logPageReference, statusLabel } from 'c/cardExchangeStatus';

describe('c-card-exchange-status', () => {
  it('names each status with its label, repeat, held and rejected exchanges included', () => {
    expect(STATUSES).toEqual(['Created', 'Updated', 'Repeat', 'Skipped', 'Duplicate', 'Failed', 'Review', 'Rejected']);
    expect(statusLabel('Repeat')).toBe('c.CardStatusRepeat');
    expect(statusLabel('Review')).toBe('c.CardStatusReview');
    expect(statusLabel('Rejected')).toBe('c.CardStatusRejected');
    expect(statusLabel('Created')).toBe('c.CardStatusCreated');
  });

  it('shows a status it does not know as it came, and nothing for none', () => {
    expect(statusLabel('Archived')).toBe('Archived');
    expect(statusLabel(null)).toBe('');
  });

  it('leads to the log tab filtered to a status and an integration', () => {
    expect(logPageReference({ status: 'Review', integrationId: 'a00000000000002AAA' })).toEqual({
      type: 'standard__navItemPage',
      attributes: { apiName: LOG_TAB },
      state: { cardbridge__status: 'Review', cardbridge__integrationId: 'a00000000000002AAA' }
    });
    expect(logPageReference({}).state).toEqual({});
  });

  it('reads the filters back from the page state, dropping what is no status or no id', () => {
    const reference = logPageReference({ status: 'Review', integrationId: 'a00000000000002AAA' });
    expect(logFiltersOf(reference)).toEqual({ status: 'Review', integrationId: 'a00000000000002AAA' });
    expect(logFiltersOf({ state: { c__status: 'Failed' } })).toEqual({ status: 'Failed', integrationId: null });
    expect(logFiltersOf({ state: { c__status: 'Repeat' } })).toEqual({ status: 'Repeat', integrationId: null });
    expect(logFiltersOf({ state: { cardbridge__status: 'Everything', cardbridge__integrationId: "x' OR 1" } })).toEqual(
      { status: null, integrationId: null }
    );
    expect(logFiltersOf(undefined)).toEqual({ status: null, integrationId: null });
  });
});
