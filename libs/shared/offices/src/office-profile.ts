// R70: what an office is to soudan, and what makes its settings acceptable. One shape
// for every way settings arrive (the OFFICE_CONFIG file of a one-office deployment, the
// national administrator's API, an import file), so that a setting refused by one is
// refused by all, with the same words.

export interface OfficeHours {
  /** R3: consultation hours in Japan time, `HH:MM`. */
  open: string;
  close: string;
  slotMinutes: number;
}

export interface OfficeSettings {
  /** The office's 5-digit code (安定所番号): the first five digits of its seekers' job seeker numbers (R71). */
  code: string;
  name: string;
  phone: string;
  /** The office's own address for mail: where the staff mails go without `staffEmail`. */
  email: string;
  /** R60: where the staff e-mails go (overdue requests, undeliverable mail, no-show reviews); `email` when absent. */
  staffEmail?: string;
  /** The From of the office's mails to seekers; the deployment's MAIL_FROM when absent. */
  senderAddress?: string;
  /** The postal address, for the flyer. */
  address?: string;
  hours: OfficeHours;
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

/** The first office, and the defaults of every setting an office leaves out. */
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

/** Problems per field (`hours.open`, `closures.2`), each a sentence a person can act on. */
export type OfficeProblems = Record<string, string[]>;

const FIELDS = new Set<keyof OfficeSettings>([
  'code',
  'name',
  'phone',
  'email',
  'staffEmail',
  'senderAddress',
  'address',
  'hours',
  'meetingBaseUrl',
  'publicBaseUrl',
  'closures',
  'defaultCapacity',
  'noShowReview',
  'retention',
  'meetingApp',
]);

const OFFICE_CODE = /^\d{5}$/;
const EMAIL = /^[^\s@<>,;"]+@[^\s@<>,;"]+$/;
const PHONE = /^0\d{1,4}-\d{1,4}-\d{3,4}$/;
const TIME = /^([01]\d|2[0-3]):[0-5]\d$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;
// Line breaks and other controls would break a mail header or a line of the flyer.
const ONE_LINE = /^[^\p{Cc}]*$/u;

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
const minutesOf = (time: string) => Number(time.slice(0, 2)) * 60 + Number(time.slice(3));

function isCalendarDate(value: string): boolean {
  if (!DATE.test(value)) return false;
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value;
}

function isHttpUrl(value: unknown): boolean {
  if (typeof value !== 'string' || value.length > 500) return false;
  try {
    const url = new URL(value);
    return (url.protocol === 'https:' || url.protocol === 'http:') && url.username === '' && url.password === '';
  } catch {
    return false;
  }
}

const isWhole = (value: unknown, min: number, max: number): value is number =>
  typeof value === 'number' && Number.isInteger(value) && value >= min && value <= max;

/**
 * Everything wrong with a complete set of office settings (defaults already applied):
 * empty when the office can be served as it stands.
 */
export function officeProblems(input: unknown): OfficeProblems {
  // A Map, not an object: an unknown setting may be named "constructor" or "__proto__",
  // which a plain object already has (its push would throw, its assignment set the prototype).
  const problems = new Map<string, string[]>();
  const add = (field: string, message: string) => problems.set(field, [...(problems.get(field) ?? []), message]);
  if (!isObject(input)) return { office: ['office settings must be a JSON object'] };

  for (const key of Object.keys(input)) {
    if (!FIELDS.has(key as keyof OfficeSettings)) add(key, `unknown setting "${key}"`);
  }
  const text = (field: string, max: number, required: boolean) => {
    const value = input[field];
    if (value === undefined && !required) return;
    if (typeof value !== 'string' || value.trim() === '') add(field, `${field} is required`);
    else if (value.length > max) add(field, `${field} may be at most ${max} characters`);
    else if (!ONE_LINE.test(value)) add(field, `${field} must be one line`);
  };
  const email = (field: string, required: boolean) => {
    const value = input[field];
    if (value === undefined && !required) return;
    if (typeof value !== 'string' || value.length > 254 || !EMAIL.test(value))
      add(field, `${field} must be one e-mail address, got ${JSON.stringify(value)}`);
  };

  if (typeof input.code !== 'string' || !OFFICE_CODE.test(input.code))
    add('code', `code must be a 5-digit office code, got ${JSON.stringify(input.code)}`);
  text('name', 100, true);
  if (typeof input.phone !== 'string' || !PHONE.test(input.phone))
    add('phone', `phone must be a Japanese number with hyphens (076-475-0324), got ${JSON.stringify(input.phone)}`);
  email('email', true);
  email('staffEmail', false);
  email('senderAddress', false);
  text('address', 200, false);

  const hours = input.hours;
  if (!isObject(hours)) add('hours', 'hours must be { "open": "HH:MM", "close": "HH:MM", "slotMinutes": <minutes> }');
  else {
    const { open, close, slotMinutes } = hours;
    const openOk = typeof open === 'string' && TIME.test(open);
    const closeOk = typeof close === 'string' && TIME.test(close);
    if (!openOk) add('hours.open', `hours.open must be a time HH:MM, got ${JSON.stringify(open)}`);
    if (!closeOk) add('hours.close', `hours.close must be a time HH:MM, got ${JSON.stringify(close)}`);
    if (!isWhole(slotMinutes, 10, 120))
      add('hours.slotMinutes', `hours.slotMinutes must be a whole number of minutes from 10 to 120`);
    else if (openOk && closeOk) {
      const span = minutesOf(close) - minutesOf(open);
      if (span <= 0) add('hours.close', 'hours.close must be after hours.open');
      else if (span % slotMinutes !== 0)
        add('hours.slotMinutes', `the hours (${open}-${close}) must divide into slots of ${slotMinutes} minutes`);
    }
  }

  if (!isHttpUrl(input.meetingBaseUrl)) add('meetingBaseUrl', 'meetingBaseUrl must be an http(s) URL');
  if (!isHttpUrl(input.publicBaseUrl)) add('publicBaseUrl', 'publicBaseUrl must be an http(s) URL');

  if (input.closures !== undefined) {
    if (!Array.isArray(input.closures) || input.closures.length > 400)
      add('closures', 'closures must be a list of at most 400 dates YYYY-MM-DD');
    else
      input.closures.forEach((date, i) => {
        if (typeof date !== 'string' || !isCalendarDate(date))
          add(`closures.${i}`, `not a date YYYY-MM-DD: ${JSON.stringify(date)}`);
      });
  }
  if (input.defaultCapacity !== undefined && !isWhole(input.defaultCapacity, 0, 100))
    add('defaultCapacity', 'defaultCapacity must be a whole number from 0 to 100');

  const review = input.noShowReview;
  if (review !== undefined) {
    if (!isObject(review)) add('noShowReview', 'noShowReview must be { "threshold": <count>, "windowDays": <days> }');
    else {
      if (!isWhole(review.threshold, 1, 20))
        add('noShowReview.threshold', 'noShowReview.threshold must be a whole number from 1 to 20');
      if (!isWhole(review.windowDays, 1, 3650))
        add('noShowReview.windowDays', 'noShowReview.windowDays must be a whole number of days from 1 to 3650');
    }
  }
  // R54: a wrong period must be refused, not defaulted: it decides when data is erased.
  const retention = input.retention;
  if (retention !== undefined) {
    if (!isObject(retention)) add('retention', 'retention must be an object: { "personalDataDays": <days> }');
    else if (!isWhole(retention.personalDataDays, 1, 36_500))
      add(
        'retention.personalDataDays',
        `retention.personalDataDays must be a whole number of days from 1 to 36500, got ${JSON.stringify(retention.personalDataDays)}`,
      );
  }
  const app = input.meetingApp;
  if (app !== undefined) {
    if (!isObject(app)) add('meetingApp', 'meetingApp must be { "name": <name>, "termsUrl": <URL> }');
    else {
      if (app.name !== undefined && (typeof app.name !== 'string' || app.name.trim() === '' || app.name.length > 100))
        add('meetingApp.name', 'meetingApp.name must be a name of at most 100 characters');
      else if (app.name !== undefined && !ONE_LINE.test(app.name))
        add('meetingApp.name', 'meetingApp.name must be one line');
      if (app.termsUrl !== undefined && !isHttpUrl(app.termsUrl))
        add('meetingApp.termsUrl', 'meetingApp.termsUrl must be an http(s) URL');
    }
  }
  return Object.fromEntries(problems);
}

/**
 * What a new office of the registry takes when it says nothing (R70): the national
 * consultation hours and policies. Its name, code, contact and addresses it must give.
 */
export const NATIONAL_DEFAULTS: Partial<OfficeSettings> = {
  hours: NAMERIKAWA.hours,
  closures: [],
  defaultCapacity: NAMERIKAWA.defaultCapacity,
  noShowReview: NAMERIKAWA.noShowReview,
  retention: NAMERIKAWA.retention,
};

/** An office's settings as given, over defaults (nested settings merged one level down). */
export function withDefaults(input: Record<string, unknown>, defaults: Partial<OfficeSettings> = NAMERIKAWA): unknown {
  const merged: Record<string, unknown> = { ...defaults, ...input };
  for (const key of ['hours', 'retention', 'noShowReview', 'meetingApp'] as const) {
    if (isObject(input[key]) && isObject(defaults[key])) merged[key] = { ...defaults[key], ...input[key] };
  }
  return merged;
}

/** The settings with every optional default written out, as the registry keeps them. */
export function completeOffice(office: OfficeSettings): OfficeSettings {
  return {
    ...office,
    closures: [...new Set(office.closures ?? [])].sort(),
    defaultCapacity: office.defaultCapacity ?? NAMERIKAWA.defaultCapacity,
    noShowReview: office.noShowReview ?? NAMERIKAWA.noShowReview,
    retention: office.retention ?? NAMERIKAWA.retention,
  };
}
