import { AUDIT_CATEGORIES, PURPOSE_BY_CATEGORY, categoryOf, isAuditCategory } from './categories';

describe('audit categories', () => {
  it('R51: files reservation events under reservation and access events under access', () => {
    expect(categoryOf('scheduling', 'ReservationRequested')).toBe('reservation');
    expect(categoryOf('gateway', 'AccessRecorded')).toBe('access');
  });
  it('R51: terms changes are their own category whichever service publishes them', () => {
    expect(categoryOf('scheduling', 'TermsPublished')).toBe('terms');
  });
  it("R51, R70: a change of an office's settings in the registry is filed under office", () => {
    expect(categoryOf('scheduling', 'OfficeRegistered')).toBe('office');
    expect(categoryOf('scheduling', 'OfficeSettingsChanged')).toBe('office');
    expect(categoryOf('eligibility', 'OfficeSettingsChanged')).toBe('eligibility');
  });
  it('R51: an unknown context is kept, as other', () => {
    expect(categoryOf('mystery', 'X')).toBe('other');
  });
  it('R51: files each context under its category', () => {
    expect(categoryOf('eligibility', 'SeekerRegistered')).toBe('eligibility');
    expect(categoryOf('notification', 'MailUndeliverable')).toBe('notification');
    expect(categoryOf('audit', 'DisclosureApproved')).toBe('disclosure');
    expect(categoryOf('scheduling', 'TermsChanged')).toBe('terms');
  });
  it('R51: an auditor filters by one of the known categories only', () => {
    for (const category of AUDIT_CATEGORIES) expect(isAuditCategory(category)).toBe(true);
    for (const value of ['Reservation', 'reservations', '', 42, undefined, null, ['access']])
      expect(isAuditCategory(value)).toBe(false);
  });
  it('R51: every category serves the running of the service', () => {
    expect(Object.keys(PURPOSE_BY_CATEGORY).sort()).toEqual([...AUDIT_CATEGORIES].sort());
    for (const category of AUDIT_CATEGORIES) expect(PURPOSE_BY_CATEGORY[category]).toBe('operations');
  });
});
