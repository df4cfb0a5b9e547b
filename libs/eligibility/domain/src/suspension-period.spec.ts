import { jstDate, suspensionPeriod } from './suspension-period';

describe('suspension period (R42)', () => {
  it('R42: the last day given as a date ends at midnight JST after it', () => {
    expect(suspensionPeriod('2027-03-31')).toEqual({ until: '2027-03-31', endsAt: '2027-03-31T15:00:00.000Z' });
    expect(suspensionPeriod(' 2027-12-31 ')).toEqual({ until: '2027-12-31', endsAt: '2027-12-31T15:00:00.000Z' });
    expect(suspensionPeriod('2028-02-29')).toEqual({ until: '2028-02-29', endsAt: '2028-02-29T15:00:00.000Z' });
  });

  it('R42: a date that does not exist is refused', () => {
    for (const until of ['2027-02-29', '2027-02-30', '2027-04-31', '2027-03-00', '2027-13-01', '2027-00-10'])
      expect(suspensionPeriod(until)).toBeUndefined();
  });

  it('R42: anything but a date or an instant with an offset is refused', () => {
    for (const until of [
      'next week',
      'x2027-03-31',
      '12027-03-31',
      '2027-3-31',
      '2027-03-31x',
      '2027-04-01T00:00:00',
      'April 1, 2027',
      '2027-04-01T00:00:00+0900',
      '+002027-04-01T00:00:00Z',
      ' 2027-04-01T00:00:00Z ',
      '2027-13-01T00:00Z',
    ])
      expect(suspensionPeriod(until)).toBeUndefined();
    expect(suspensionPeriod(42 as unknown as string)).toBeUndefined();
    expect(suspensionPeriod(undefined as unknown as string)).toBeUndefined();
  });

  it('R42: an explicit instant is taken as is; its last day is the JST day before it', () => {
    expect(suspensionPeriod('2027-04-01T00:00:00+09:00')).toEqual({
      until: '2027-03-31',
      endsAt: '2027-03-31T15:00:00.000Z',
    });
    expect(suspensionPeriod('2027-04-01T20:00Z')).toEqual({ until: '2027-04-02', endsAt: '2027-04-01T20:00:00.000Z' });
    expect(suspensionPeriod('2027-04-01T10:30:15.123-05:00')).toEqual({
      until: '2027-04-02',
      endsAt: '2027-04-01T15:30:15.123Z',
    });
    expect(suspensionPeriod('2027-04-01T00:00:00.5Z')).toEqual({
      until: '2027-04-01',
      endsAt: '2027-04-01T00:00:00.500Z',
    });
  });

  it('R1: the Japan date of an instant', () => {
    expect(jstDate(Date.parse('2027-04-01T14:59:59.999Z'))).toBe('2027-04-01');
    expect(jstDate(Date.parse('2027-04-01T15:00:00.000Z'))).toBe('2027-04-02');
    expect(jstDate(Date.parse('2027-04-01T20:00:00.000Z'))).toBe('2027-04-02');
  });
});
