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
    expect(loadOffice(officeFile({ staffEmail: 'soudan-staff@namerikawa.example' })).staffEmail).toBe('soudan-staff@namerikawa.example');
    expect(loadOffice(undefined).staffEmail).toBeUndefined();
    expect(NAMERIKAWA.email).toBe('16070hw01@mhlw.go.jp');
  });

  it('R60: refuses a staff address that is not one address', () => {
    for (const staffEmail of ['staff', 'a@b.example, c@d.example', 'a@b.example\r\nBcc: x@y.example', 42]) {
      expect(() => loadOffice(officeFile({ staffEmail }))).toThrow(ConfigError);
    }
  });
});
