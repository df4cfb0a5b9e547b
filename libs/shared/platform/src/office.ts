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
  const office = { ...NAMERIKAWA, ...parsed, hours: { ...NAMERIKAWA.hours, ...parsed.hours } };
  if (!/^\d{5}$/.test(office.code)) throw new ConfigError('OFFICE_CONFIG', `code must be a 5-digit office code, got "${office.code}"`);
  if (!office.name || !office.phone) throw new ConfigError('OFFICE_CONFIG', 'name and phone are required');
  if (office.staffEmail !== undefined && (typeof office.staffEmail !== 'string' || !/^[^\s@<>,;]+@[^\s@<>,;]+$/.test(office.staffEmail))) {
    throw new ConfigError('OFFICE_CONFIG', `staffEmail must be one e-mail address, got ${JSON.stringify(office.staffEmail)}`);
  }
  return office;
}
