import { categoryOf } from './categories';

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
});
