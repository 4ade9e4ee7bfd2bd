import { formatDateTime, formatLabel } from 'c/cardFormat';

// sfdx-lwc-jest gives @salesforce/i18n/locale en-US and @salesforce/i18n/timeZone America/Los_Angeles.
describe('c-card-format', () => {
  it('fills every placeholder of a label, each as often as it appears', () => {
    expect(formatLabel('More than {0} users: only the first {0} are checked, {1}.', 20, 'by name')).toBe(
      'More than 20 users: only the first 20 are checked, by name.'
    );
  });

  it('leaves nothing of a placeholder whose value is missing', () => {
    expect(formatLabel('Cleared on {0}.', null)).toBe('Cleared on .');
    expect(formatLabel(undefined, 'x')).toBe('');
  });

  it("shows an Apex datetime with its weekday in the user's time zone", () => {
    expect(formatDateTime('2026-12-01T16:42:00.000Z')).toBe('Tue, Dec 1, 2026, 8:42 AM');
  });

  it('shows nothing without a date and the text as it came when it is no date', () => {
    expect(formatDateTime(null)).toBe('');
    expect(formatDateTime('')).toBe('');
    expect(formatDateTime('soon')).toBe('soon');
  });
});
