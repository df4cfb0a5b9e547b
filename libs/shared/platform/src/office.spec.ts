import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError } from './config';
import { loadOffice, NAMERIKAWA } from './office';

const officeFile = (settings: Record<string, unknown>) => {
  const path = join(mkdtempSync(join(tmpdir(), 'soudan-office-')), 'office.json');
  writeFileSync(path, JSON.stringify(settings));
  return path;
};

describe('office settings', () => {
  it('R60: takes the staff address for the staff e-mails from OFFICE_CONFIG; without one the office address serves', () => {
    expect(loadOffice(officeFile({ staffEmail: 'soudan-staff@namerikawa.example' })).staffEmail).toBe(
      'soudan-staff@namerikawa.example',
    );
    expect(loadOffice(undefined).staffEmail).toBeUndefined();
    expect(NAMERIKAWA.email).toBe('16070hw01@mhlw.go.jp');
  });

  it('R60: refuses a staff address that is not one address', () => {
    for (const staffEmail of ['staff', 'a@b.example, c@d.example', 'a@b.example\r\nBcc: x@y.example', 42]) {
      expect(() => loadOffice(officeFile({ staffEmail }))).toThrow(ConfigError);
    }
  });

  it('R54: takes the retention period of personal data from OFFICE_CONFIG; without one it is 730 days', () => {
    expect(loadOffice(undefined).retention).toEqual({ personalDataDays: 730 });
    expect(loadOffice(officeFile({ retention: { personalDataDays: 1095 } })).retention).toEqual({
      personalDataDays: 1095,
    });
    expect(loadOffice(officeFile({ name: 'ハローワーク富山' })).retention).toEqual({ personalDataDays: 730 });
  });

  it('R54: refuses a retention period that is not a whole number of days, rather than erase at another time', () => {
    for (const retention of [
      { personalDataDays: 0 },
      { personalDataDays: '365' },
      { personalDataDays: 1.5 },
      { personalDataDays: 40_000 },
      365,
      null,
    ]) {
      expect(() => loadOffice(officeFile({ retention }))).toThrow(ConfigError);
    }
  });
});
