import { assertConsumerFilters, durableForSubject, filtersOverlap, subjectMatches } from './subjects';

describe('subject filters (NATS wildcard semantics)', () => {
  it.each([
    ['events.scheduling.>', 'events.scheduling.ReservationRequested', true],
    ['events.scheduling.>', 'events.scheduling', false],
    ['events.*.SessionNoShow', 'events.scheduling.SessionNoShow', true],
    ['events.*.SessionNoShow', 'events.scheduling.ConsentReceived', false],
    ['events.scheduling.ReservationRequested', 'events.scheduling.ReservationRequested', true],
    ['events.scheduling.*', 'events.scheduling.a.b', false],
    ['events.>', 'events.audit.AccessRecorded', true],
  ])('%s matches %s: %s', (filter, subject, expected) => {
    expect(subjectMatches(filter, subject)).toBe(expected);
  });

  it.each([
    ['events.scheduling.>', 'events.scheduling.SessionNoShow', true],
    ['events.*.SessionNoShow', 'events.scheduling.>', true],
    ['events.scheduling.SessionNoShow', 'events.scheduling.SessionTerminated', false],
    ['events.eligibility.>', 'events.scheduling.>', false],
    ['events.a.*', 'events.a.b.c', false],
  ])('%s and %s overlap: %s', (a, b, expected) => {
    expect(filtersOverlap(a, b)).toBe(expected);
    expect(filtersOverlap(b, a)).toBe(expected);
  });

  it('accepts disjoint filters under events.> and refuses the rest', () => {
    expect(() =>
      assertConsumerFilters('scheduling', [
        'events.eligibility.EligibilityChanged',
        'events.notification.ReplyReceived',
      ]),
    ).not.toThrow();
    expect(() => assertConsumerFilters('scheduling', [])).toThrow(/at least one/);
    expect(() => assertConsumerFilters('scheduling', ['deadletter.>'])).toThrow(/events\.>/);
    expect(() => assertConsumerFilters('scheduling', ['events.>.x'])).toThrow(/events\.>/);
    expect(() => assertConsumerFilters('a.b', ['events.>'])).toThrow(/durable name/);
    expect(() => assertConsumerFilters('audit', ['events.>', 'events.scheduling.>'])).toThrow(/overlap/);
  });

  it('names one durable per filter, the same on every start and different per filter', () => {
    const a = durableForSubject('scheduling', 'events.eligibility.EligibilityChanged');
    expect(durableForSubject('scheduling', 'events.eligibility.EligibilityChanged')).toBe(a);
    expect(a).toMatch(/^scheduling--eligibility_EligibilityChanged-[0-9a-f]{8}$/);
    expect(durableForSubject('scheduling', 'events.eligibility_EligibilityChanged')).not.toBe(a);
    expect(durableForSubject('audit', 'events.>')).toMatch(/^audit--all-[0-9a-f]{8}$/);
  });
});
