// R70: what an office's settings must be, wherever they come from.
import {
  completeOffice,
  meetingAppOf,
  NAMERIKAWA,
  NATIONAL_DEFAULTS,
  officeProblems,
  withDefaults,
  type OfficeSettings,
} from './office-profile';

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

  it('R70: settings that are not a JSON object are refused as a whole', () => {
    for (const input of [null, undefined, [], ['16010'], 'office', 16010])
      expect(officeProblems(input)).toEqual({ office: ['office settings must be a JSON object'] });
  });

  it('R70: an office that leaves out every optional setting is served as it stands', () => {
    const { closures, defaultCapacity, noShowReview, retention, ...bare } = NAMERIKAWA;
    expect([closures, defaultCapacity, noShowReview, retention]).not.toContain(undefined);
    expect(officeProblems(bare)).toEqual({});
    expect(officeProblems({ ...TOYAMA, hours: NAMERIKAWA.hours })).toEqual({});
  });

  it('R70: an unknown setting named like a property of every object is reported, not a crash', () => {
    expect(officeProblems({ ...NAMERIKAWA, constructor: 'x', toString: 'y' })).toEqual({
      constructor: ['unknown setting "constructor"'],
      toString: ['unknown setting "toString"'],
    });
    // JSON.parse makes "__proto__" an own key (a request body, an import file), as it stays in withDefaults.
    const problems = officeProblems(withDefaults(JSON.parse('{"__proto__": {"code": "1"}}'), NAMERIKAWA));
    expect(Object.entries(problems)).toEqual([['__proto__', ['unknown setting "__proto__"']]]);
  });

  it('R70: refuses an office code that is not five digits as a string, and says what it got', () => {
    expect(problemsOf({ code: 16010 })).toEqual({ code: ['code must be a 5-digit office code, got 16010'] });
    expect(problemsOf({ code: ['16010'] })).toEqual({ code: ['code must be a 5-digit office code, got ["16010"]'] });
    expect(problemsOf({ code: '1607' })).toEqual({ code: ['code must be a 5-digit office code, got "1607"'] });
  });

  it('R70: the name is required, one line of at most 100 characters', () => {
    expect(problemsOf({ name: 'あ'.repeat(100) })).toEqual({});
    expect(problemsOf({ name: 'あ'.repeat(101) })).toEqual({ name: ['name may be at most 100 characters'] });
    for (const name of ['', '   ', 5, undefined]) expect(problemsOf({ name })).toEqual({ name: ['name is required'] });
    for (const name of ['ハローワーク\n富山', 'ハローワーク富山\r', 'ハローワーク\t富山'])
      expect(problemsOf({ name })).toEqual({ name: ['name must be one line'] });
  });

  it('R70: the postal address may be left out; given, it is one line of at most 200 characters', () => {
    expect(problemsOf({ address: '富山市' + 'あ'.repeat(197) })).toEqual({});
    expect(problemsOf({ address: 'あ'.repeat(201) })).toEqual({ address: ['address may be at most 200 characters'] });
    expect(problemsOf({ address: '富山市\n新桜町' })).toEqual({ address: ['address must be one line'] });
    expect(problemsOf({ address: ' ' })).toEqual({ address: ['address is required'] });
  });

  it('R70: the phone is a Japanese number with hyphens, a string and nothing around it', () => {
    for (const phone of ['0120-123-456', '090-1234-5678', '03-1234-5678']) expect(problemsOf({ phone })).toEqual({});
    const message = 'phone must be a Japanese number with hyphens (076-475-0324), got';
    expect(problemsOf({ phone: 'tel 076-431-8609' })).toEqual({ phone: [`${message} "tel 076-431-8609"`] });
    expect(problemsOf({ phone: ['076-431-8609'] })).toEqual({ phone: [`${message} ["076-431-8609"]`] });
  });

  it('R60: an e-mail address is a string of at most 254 characters', () => {
    const local = 'a'.repeat(64);
    const at254 = `${local}@${'b'.repeat(254 - 65 - 3)}.jp`;
    expect(at254).toHaveLength(254);
    expect(problemsOf({ email: at254, staffEmail: at254, senderAddress: at254 })).toEqual({});
    expect(problemsOf({ staffEmail: `b${at254}` })).toEqual({
      staffEmail: [`staffEmail must be one e-mail address, got "b${at254}"`],
    });
    expect(problemsOf({ email: ['16010hw01@mhlw.go.jp'] })).toEqual({
      email: ['email must be one e-mail address, got ["16010hw01@mhlw.go.jp"]'],
    });
    expect(problemsOf({ senderAddress: 'soudan' })).toEqual({
      senderAddress: ['senderAddress must be one e-mail address, got "soudan"'],
    });
  });

  it('R3: the hours are an object of two times and a slot length', () => {
    const message = 'hours must be { "open": "HH:MM", "close": "HH:MM", "slotMinutes": <minutes> }';
    for (const hours of ['10:00-16:00', 5, [], null]) expect(problemsOf({ hours })).toEqual({ hours: [message] });
    // Not merged with the defaults either: what is not an object stays as given.
    expect(withDefaults({ hours: '10:00-16:00' }, NATIONAL_DEFAULTS)).toHaveProperty('hours', '10:00-16:00');
  });

  it('R3: the times are HH:MM strings from 00:00 to 23:59, and a wrong one is the only problem named', () => {
    expect(problemsOf({ hours: { open: '00:00', close: '23:30', slotMinutes: 30 } })).toEqual({});
    expect(problemsOf({ hours: { open: '9:00' } })).toEqual({
      'hours.open': ['hours.open must be a time HH:MM, got "9:00"'],
    });
    expect(problemsOf({ hours: { close: '16:00 ' } })).toEqual({
      'hours.close': ['hours.close must be a time HH:MM, got "16:00 "'],
    });
    for (const open of ['109:00', '09:000', '24:00', '09:60', ['09:00']])
      expect(problemsOf({ hours: { open } })).toEqual({
        'hours.open': [`hours.open must be a time HH:MM, got ${JSON.stringify(open)}`],
      });
    for (const close of ['24:00', ['16:00']])
      expect(problemsOf({ hours: { close } })).toEqual({
        'hours.close': [`hours.close must be a time HH:MM, got ${JSON.stringify(close)}`],
      });
  });

  it('R3: the hours close after they open and divide into slots of 10 to 120 whole minutes', () => {
    expect(problemsOf({ hours: { open: '09:00', close: '09:10', slotMinutes: 10 } })).toEqual({});
    expect(problemsOf({ hours: { open: '09:30', close: '09:45', slotMinutes: 15 } })).toEqual({});
    expect(problemsOf({ hours: { open: '08:00', close: '16:00', slotMinutes: 120 } })).toEqual({});
    expect(problemsOf({ hours: { open: '10:00', close: '10:00' } })).toEqual({
      'hours.close': ['hours.close must be after hours.open'],
    });
    expect(problemsOf({ hours: { open: '09:30', close: '09:00', slotMinutes: 10 } })).toEqual({
      'hours.close': ['hours.close must be after hours.open'],
    });
    expect(problemsOf({ hours: { slotMinutes: 50 } })).toEqual({
      'hours.slotMinutes': ['the hours (10:00-16:00) must divide into slots of 50 minutes'],
    });
    for (const slotMinutes of [9, 121, 30.5, '30'])
      expect(problemsOf({ hours: { slotMinutes } })).toEqual({
        'hours.slotMinutes': ['hours.slotMinutes must be a whole number of minutes from 10 to 120'],
      });
  });

  // Equivalent mutant (Stryker): the empty `catch {}` of isHttpUrl returns undefined instead
  // of false; its only callers read it as `!isHttpUrl(...)`, where both refuse the URL alike.
  it('R70: the meeting and public addresses are http(s) URLs of at most 500 characters, without user info', () => {
    const at500 = `https://soudan.example.jp/${'a'.repeat(474)}`;
    expect(at500).toHaveLength(500);
    expect(problemsOf({ publicBaseUrl: at500, meetingBaseUrl: 'http://meet.example.jp' })).toEqual({});
    expect(problemsOf({ publicBaseUrl: `${at500}a` })).toEqual({
      publicBaseUrl: ['publicBaseUrl must be an http(s) URL'],
    });
    // An array would read as its one URL: only a string is one.
    for (const meetingBaseUrl of [
      ['https://meet.soudan.example/room'],
      'meet.soudan.example/room',
      'ftp://meet.soudan.example/room',
      'https://user@meet.soudan.example/room',
      'https://:pw@meet.soudan.example/room',
    ])
      expect(problemsOf({ meetingBaseUrl })).toEqual({ meetingBaseUrl: ['meetingBaseUrl must be an http(s) URL'] });
  });

  // Equivalent mutants (Stryker) of isCalendarDate: the `^` or the `$` of DATE removed, and
  // `typeof date !== 'string'` made false. A date is kept only when it reads back as itself
  // (`toISOString().slice(0, 10) === value`), and what reads back is `YYYY-MM-DD`, or
  // `+YYYYYY-MM` / `-YYYYYY-MM` past 9999 or before year 0: nothing that the pattern would
  // match in part only, and never a non-string (the comparison is strict).
  it('R2: a closure is a real date YYYY-MM-DD, given as a string; at most 400 of them', () => {
    expect(problemsOf({ closures: ['2027-01-04', '2028-02-29', '0001-01-01', '9999-12-31'] })).toEqual({});
    expect(problemsOf({ closures: Array(400).fill('2027-01-04') })).toEqual({});
    expect(problemsOf({ closures: Array(401).fill('2027-01-04') })).toEqual({
      closures: ['closures must be a list of at most 400 dates YYYY-MM-DD'],
    });
    // A year past 9999 reads back in the extended form (+010000-01-01): the pattern refuses its prefix.
    const wrong = ['2027-1-4', '2027-02-30', '2027-13-01', '+010000-01', '-000001-01', ['2027-01-04'], 20270104];
    expect(problemsOf({ closures: ['2027-01-04', ...wrong] })).toEqual(
      Object.fromEntries(
        wrong.map((date, i) => [`closures.${i + 1}`, [`not a date YYYY-MM-DD: ${JSON.stringify(date)}`]]),
      ),
    );
  });

  // Equivalent mutant (Stryker): `typeof value === 'number'` made true in isWhole, which
  // Number.isInteger already implies (it is false for every non-number, without coercion).
  it('R4: the default capacity is a whole number of places from 0 to 100', () => {
    for (const defaultCapacity of [0, 100]) expect(problemsOf({ defaultCapacity })).toEqual({});
    for (const defaultCapacity of [-1, 101, 1.5, '1', null])
      expect(problemsOf({ defaultCapacity })).toEqual({
        defaultCapacity: ['defaultCapacity must be a whole number from 0 to 100'],
      });
  });

  it('R19: the no-show review counts 1 to 20 no-shows within 1 to 3650 days', () => {
    expect(problemsOf({ noShowReview: { threshold: 1, windowDays: 1 } })).toEqual({});
    expect(problemsOf({ noShowReview: { threshold: 20, windowDays: 3650 } })).toEqual({});
    expect(problemsOf({ noShowReview: 2 })).toEqual({
      noShowReview: ['noShowReview must be { "threshold": <count>, "windowDays": <days> }'],
    });
    expect(problemsOf({ noShowReview: { threshold: 0, windowDays: 3651 } })).toEqual({
      'noShowReview.threshold': ['noShowReview.threshold must be a whole number from 1 to 20'],
      'noShowReview.windowDays': ['noShowReview.windowDays must be a whole number of days from 1 to 3650'],
    });
    expect(problemsOf({ noShowReview: { threshold: 21 } })).toEqual({
      'noShowReview.threshold': ['noShowReview.threshold must be a whole number from 1 to 20'],
    });
  });

  it('R54: the retention is an object, its period 1 to 36,500 days inclusive, and the refusal says what it got', () => {
    for (const personalDataDays of [1, 36_500]) expect(problemsOf({ retention: { personalDataDays } })).toEqual({});
    expect(problemsOf({ retention: 730 })).toEqual({
      retention: ['retention must be an object: { "personalDataDays": <days> }'],
    });
    expect(problemsOf({ retention: { personalDataDays: '730' } })).toEqual({
      'retention.personalDataDays': [
        'retention.personalDataDays must be a whole number of days from 1 to 36500, got "730"',
      ],
    });
  });

  it('R32: the meeting app may give only its name or only its terms; a name is 1 to 100 characters', () => {
    expect(problemsOf({ meetingApp: { name: 'Teams' } })).toEqual({});
    expect(problemsOf({ meetingApp: { termsUrl: 'https://example.com/terms' } })).toEqual({});
    expect(problemsOf({ meetingApp: { name: 'a'.repeat(100) } })).toEqual({});
    expect(problemsOf({ meetingApp: 'Teams' })).toEqual({
      meetingApp: ['meetingApp must be { "name": <name>, "termsUrl": <URL> }'],
    });
    for (const name of ['', '  ', 5, 'a'.repeat(101)])
      expect(problemsOf({ meetingApp: { name } })).toEqual({
        'meetingApp.name': ['meetingApp.name must be a name of at most 100 characters'],
      });
  });

  it('R32: the meeting app name is one line, as it is written into lines of the offer e-mail', () => {
    for (const name of ['Tele\noffice', 'Tele\roffice', 'Tele\toffice'])
      expect(problemsOf({ meetingApp: { name } })).toEqual({ 'meetingApp.name': ['meetingApp.name must be one line'] });
    expect(problemsOf({ meetingApp: { name: 'Tele office（テレオフィス）' } })).toEqual({});
  });

  it("R32: the meeting app is Tele office with the meeting host's /terms unless the office names its own", () => {
    const meetingBaseUrl = 'https://meet.soudan.example/room';
    expect(meetingAppOf({ meetingBaseUrl })).toEqual({
      name: 'Tele office',
      termsUrl: 'https://meet.soudan.example/terms',
    });
    expect(meetingAppOf({ meetingBaseUrl, meetingApp: { name: 'Teams' } })).toEqual({
      name: 'Teams',
      termsUrl: 'https://meet.soudan.example/terms',
    });
    expect(
      meetingAppOf({ meetingBaseUrl, meetingApp: { name: 'Teams', termsUrl: 'https://example.com/terms' } }),
    ).toEqual({ name: 'Teams', termsUrl: 'https://example.com/terms' });
  });

  it("R70: the registry keeps the defaults written out, and an office's own values as they are", () => {
    const { closures, defaultCapacity, noShowReview, retention, ...bare } = NAMERIKAWA;
    expect(completeOffice(bare)).toEqual({ ...bare, closures, defaultCapacity, noShowReview, retention });
    expect(closures).toEqual([]);
    const own: OfficeSettings = {
      ...bare,
      defaultCapacity: 3,
      noShowReview: { threshold: 3, windowDays: 90 },
      retention: { personalDataDays: 365 },
    };
    expect(completeOffice(own)).toEqual({ ...own, closures: [] });
  });
});
