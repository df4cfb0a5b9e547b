// R70: what an office's settings must be, wherever they come from.
import { completeOffice, NAMERIKAWA, NATIONAL_DEFAULTS, officeProblems, withDefaults } from './office-profile';

const TOYAMA = {
  code: '16010',
  name: 'ハローワーク富山',
  phone: '076-431-8609',
  email: '16010hw01@mhlw.go.jp',
  meetingBaseUrl: 'https://meet.soudan.example/room',
  publicBaseUrl: 'https://soudan.example.jp',
};
const problemsOf = (changes: Record<string, unknown>) =>
  officeProblems(withDefaults({ ...TOYAMA, ...changes }, NATIONAL_DEFAULTS));

describe('office settings (R70)', () => {
  it('R70: an office with its code, name, contact and addresses is served with the national hours and policies', () => {
    expect(problemsOf({})).toEqual({});
    const office = completeOffice(withDefaults(TOYAMA, NATIONAL_DEFAULTS) as typeof NAMERIKAWA);
    expect(office.hours).toEqual({ open: '10:00', close: '16:00', slotMinutes: 30 });
    expect(office.retention).toEqual({ personalDataDays: 730 });
    expect(office.defaultCapacity).toBe(1);
    expect(officeProblems(NAMERIKAWA)).toEqual({});
  });

  it('R70: a new office must name itself: code, name, phone, e-mail and both addresses are required', () => {
    const problems = officeProblems(withDefaults({}, NATIONAL_DEFAULTS));
    expect(Object.keys(problems).sort()).toEqual(['code', 'email', 'meetingBaseUrl', 'name', 'phone', 'publicBaseUrl']);
  });

  it('R70: refuses a code that is not 5 digits, a phone without hyphens and a mail address that is not one', () => {
    for (const code of ['1607', '160700', '1607a', '１６０７０']) expect(problemsOf({ code })).toHaveProperty('code');
    for (const phone of ['0764750324', '076-475-0324\n', 'tel']) expect(problemsOf({ phone })).toHaveProperty('phone');
    for (const staffEmail of ['two@a.jp, three@b.jp', 'not-mail', 'a@b.jp\r\nBcc: x@y.jp'])
      expect(problemsOf({ staffEmail })).toHaveProperty('staffEmail');
    expect(problemsOf({ senderAddress: 'soudan@16010.example.jp' })).toEqual({});
  });

  it('R3: the hours must be times, closing after opening, and divide into whole slots', () => {
    expect(problemsOf({ hours: { open: '09:00', close: '17:00', slotMinutes: 60 } })).toEqual({});
    expect(problemsOf({ hours: { open: '9:00' } })).toHaveProperty(['hours.open']);
    expect(problemsOf({ hours: { open: '16:00', close: '10:00' } })).toHaveProperty(['hours.close']);
    expect(problemsOf({ hours: { slotMinutes: 50 } })).toHaveProperty(['hours.slotMinutes']);
    expect(problemsOf({ hours: { slotMinutes: 5 } })).toHaveProperty(['hours.slotMinutes']);
  });

  it('R2: closures are real calendar dates, kept once each and in order', () => {
    expect(problemsOf({ closures: ['2027-02-30'] })).toHaveProperty(['closures.0']);
    expect(problemsOf({ closures: '2027-01-04' })).toHaveProperty('closures');
    const office = completeOffice({ ...NAMERIKAWA, closures: ['2027-03-01', '2027-01-04', '2027-03-01'] });
    expect(office.closures).toEqual(['2027-01-04', '2027-03-01']);
  });

  it('R54: a retention period outside 1 to 36,500 whole days is refused, never defaulted', () => {
    for (const personalDataDays of [0, 36_501, 1.5, '730'])
      expect(problemsOf({ retention: { personalDataDays } })).toHaveProperty(['retention.personalDataDays']);
    expect(problemsOf({ retention: { personalDataDays: 1095 } })).toEqual({});
  });

  it('R70: an unknown setting is named, so a misspelt one is not ignored', () => {
    expect(problemsOf({ staffEmial: 'staff@16010.example.jp' })).toEqual({
      staffEmial: ['unknown setting "staffEmial"'],
    });
  });

  it('R32: a meeting app is a name and an http(s) address for its terms; user info in a URL is refused', () => {
    expect(problemsOf({ meetingApp: { name: 'Teams', termsUrl: 'https://example.com/terms' } })).toEqual({});
    expect(problemsOf({ meetingApp: { termsUrl: 'javascript:alert(1)' } })).toHaveProperty(['meetingApp.termsUrl']);
    expect(problemsOf({ publicBaseUrl: 'https://user:pw@soudan.example.jp' })).toHaveProperty('publicBaseUrl');
  });
});
