import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { NAMERIKAWA } from './office';
import { officeFor } from './office-for';

describe('officeFor: the address in the links of e-mails (R15, sign-in links)', () => {
  it('follows the port of `npm start` when nothing else says where the system is', () => {
    expect(officeFor({ mode: 'embedded', port: 43000 }).publicBaseUrl).toBe('http://localhost:43000');
    expect(officeFor({ mode: 'embedded', port: 3000 }).publicBaseUrl).toBe(NAMERIKAWA.publicBaseUrl);
  });

  it('takes PUBLIC_BASE_URL over the office settings and the port', () => {
    expect(officeFor({ mode: 'embedded', port: 43000, publicBaseUrl: 'https://soudan.example.jp' }).publicBaseUrl).toBe(
      'https://soudan.example.jp',
    );
    expect(
      officeFor({ mode: 'distributed', port: 3000, publicBaseUrl: 'https://soudan.example.jp' }).publicBaseUrl,
    ).toBe('https://soudan.example.jp');
  });

  it("keeps an office file's own address, and a service in its own process keeps the default", () => {
    const file = join(mkdtempSync(join(tmpdir(), 'soudan-office-')), 'office.json');
    writeFileSync(file, JSON.stringify({ publicBaseUrl: 'https://namerikawa.example.jp' }));
    expect(officeFor({ mode: 'embedded', port: 43000, officeConfigPath: file }).publicBaseUrl).toBe(
      'https://namerikawa.example.jp',
    );
    expect(officeFor({ mode: 'distributed', port: 43000 }).publicBaseUrl).toBe(NAMERIKAWA.publicBaseUrl);
  });
});
