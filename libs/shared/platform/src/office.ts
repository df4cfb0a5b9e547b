// Office settings (domain.md "Actors"): one office per deployment to start with,
// Hello Work Namerikawa, read from OFFICE_CONFIG (JSON) when given.
import { readFileSync } from 'node:fs';
import { ConfigError } from './config';

export interface OfficeSettings {
  code: string;
  name: string;
  phone: string;
  email: string;
  /** R60: where the staff e-mails go (overdue requests, undeliverable mail, no-show reviews); `email` when absent. */
  staffEmail?: string;
  address?: string;
  /** R3: consultation hours and slot length. */
  hours: { open: string; close: string; slotMinutes: number };
  meetingBaseUrl: string;
  /** Public base URL of this system, for links in e-mails. */
  publicBaseUrl: string;
  /** R2: the office's own closures, `YYYY-MM-DD`. */
  closures?: string[];
  /** R4: places per slot where supervisors have set nothing. */
  defaultCapacity?: number;
  /** R19: no-shows within the window that flag a seeker for review. */
  noShowReview?: { threshold: number; windowDays: number };
  /**
   * R54: a seeker's personal data is erased this many days after their last activity (a
   * roster change, the end of a reservation). The terms of use state no period: the
   * default is the system's choice (730 days), each office sets its own.
   */
  retention?: { personalDataDays: number };
  /** R32 (Art. 4): the meeting app whose own terms the seeker also accepts; Tele office and the meeting host's /terms when absent. */
  meetingApp?: { name?: string; termsUrl?: string };
}

/** R32 (Art. 4): the meeting app of an office and where its own terms are read. */
export function meetingAppOf(office: Pick<OfficeSettings, 'meetingBaseUrl' | 'meetingApp'>): {
  name: string;
  termsUrl: string;
} {
  return {
    name: office.meetingApp?.name ?? 'Tele office',
    termsUrl: office.meetingApp?.termsUrl ?? new URL('/terms', office.meetingBaseUrl).href,
  };
}

export const NAMERIKAWA: OfficeSettings = {
  code: '16070',
  name: 'ハローワーク滑川',
  phone: '076-475-0324',
  email: '16070hw01@mhlw.go.jp',
  hours: { open: '10:00', close: '16:00', slotMinutes: 30 },
  meetingBaseUrl: 'https://meet.soudan.example/room',
  publicBaseUrl: 'http://localhost:3000',
  closures: [],
  defaultCapacity: 1,
  noShowReview: { threshold: 2, windowDays: 180 },
  retention: { personalDataDays: 730 },
};

export function loadOffice(path: string | undefined): OfficeSettings {
  if (!path) return NAMERIKAWA;
  let raw: string;
  try {
    raw = readFileSync(path, 'utf8');
  } catch (error) {
    throw new ConfigError('OFFICE_CONFIG', `cannot read ${path}: ${(error as Error).message}`);
  }
  let parsed: Partial<OfficeSettings>;
  try {
    parsed = JSON.parse(raw) as Partial<OfficeSettings>;
  } catch {
    throw new ConfigError('OFFICE_CONFIG', `${path} is not valid JSON`);
  }
  if (
    parsed.retention !== undefined &&
    (typeof parsed.retention !== 'object' || parsed.retention === null || Array.isArray(parsed.retention))
  ) {
    throw new ConfigError('OFFICE_CONFIG', 'retention must be an object: { "personalDataDays": <days> }');
  }
  const office = {
    ...NAMERIKAWA,
    ...parsed,
    hours: { ...NAMERIKAWA.hours, ...parsed.hours },
    retention: { ...NAMERIKAWA.retention!, ...parsed.retention },
  };
  if (!/^\d{5}$/.test(office.code))
    throw new ConfigError('OFFICE_CONFIG', `code must be a 5-digit office code, got "${office.code}"`);
  if (!office.name || !office.phone) throw new ConfigError('OFFICE_CONFIG', 'name and phone are required');
  if (
    office.staffEmail !== undefined &&
    (typeof office.staffEmail !== 'string' || !/^[^\s@<>,;]+@[^\s@<>,;]+$/.test(office.staffEmail))
  ) {
    throw new ConfigError(
      'OFFICE_CONFIG',
      `staffEmail must be one e-mail address, got ${JSON.stringify(office.staffEmail)}`,
    );
  }
  // R54: a wrong period must stop the start, not fall back: it decides when data is erased.
  const days = office.retention.personalDataDays as unknown;
  if (typeof days !== 'number' || !Number.isInteger(days) || days < 1 || days > 36_500) {
    throw new ConfigError(
      'OFFICE_CONFIG',
      `retention.personalDataDays must be a whole number of days from 1 to 36500, got ${JSON.stringify(days)}`,
    );
  }
  return office;
}
