// The request form (R10, R41) as one draft, kept in this tab's sessionStorage so a reload
// or an expired sign-in loses nothing, with one Idempotency-Key for the whole form: a
// double press, or a retry after a lost answer, is the same request to the gateway.
import { newIdempotencyKey } from '../api/client';
import { isLanguage } from '../i18n/catalog';
import { isEmail } from '../lib/validation';

export const ENVIRONMENT = [
  'safeDevice',
  'noPublicWifi',
  'supportedOs',
  'firewallOn',
  'noFileSharing',
  'antivirusCurrent',
] as const;
export type EnvironmentKey = (typeof ENVIRONMENT)[number];

export const ONLINE_REASONS = ['distance', 'childcare', 'care', 'disability', 'illness', 'work', 'other'] as const;
export type OnlineReason = (typeof ONLINE_REASONS)[number];

export const DEVICES = ['camera', 'microphone', 'speaker'] as const;
export type Device = (typeof DEVICES)[number];

export interface Draft {
  idempotencyKey: string;
  desiredSlots: string[];
  name: string;
  email: string;
  topic: string;
  onlineReason: OnlineReason | '';
  onlineDetail: string;
  devices: Device[];
  attendee: 'none' | 'interpreter' | 'caregiver' | '';
  attendeeNote: string;
  environment: EnvironmentKey[];
  termsRead: boolean;
}

const KEY = 'soudan.request-draft';

export function emptyDraft(email = ''): Draft {
  return {
    idempotencyKey: newIdempotencyKey(),
    desiredSlots: [],
    name: '',
    email,
    topic: '',
    onlineReason: '',
    onlineDetail: '',
    devices: [],
    attendee: '',
    attendeeNote: '',
    environment: [],
    termsRead: false,
  };
}

export function loadDraft(email = ''): Draft {
  try {
    const raw = sessionStorage.getItem(KEY);
    if (raw) return { ...emptyDraft(email), ...(JSON.parse(raw) as Partial<Draft>) };
  } catch {
    // a fresh form
  }
  return emptyDraft(email);
}

export function saveDraft(draft: Draft) {
  try {
    sessionStorage.setItem(KEY, JSON.stringify(draft));
  } catch {
    // kept in memory only
  }
}

export function clearDraft() {
  try {
    sessionStorage.removeItem(KEY);
  } catch {
    // nothing kept
  }
}

// ------------------------------------------------------------------ the steps

export const STEPS = ['slots', 'contact', 'topic', 'online', 'devices', 'attendee', 'environment', 'terms'] as const;
export type Step = (typeof STEPS)[number];

type T = (key: string, options?: Record<string, unknown>) => string;

/** The problems of one step: the id of the field (for the summary's link) and the message. */
export function validateStep(step: Step, draft: Draft, t: T): Array<{ id: string; message: string }> {
  const problems: Array<{ id: string; message: string }> = [];
  const required = (id: string, value: string, label: string, max: number) => {
    if (!value.trim()) problems.push({ id, message: t('validation.required', { field: label }) });
    else if (value.length > max) problems.push({ id, message: t('validation.tooLong', { field: label, max }) });
  };
  switch (step) {
    case 'slots':
      if (draft.desiredSlots.length === 0) problems.push({ id: 'slot-calendar', message: t('validation.chooseSlot') });
      else if (draft.desiredSlots.length > 3)
        problems.push({ id: 'slot-calendar', message: t('validation.tooManySlots') });
      break;
    case 'contact':
      required('name', draft.name, t('request.contact.name'), 100);
      if (!draft.email.trim())
        problems.push({ id: 'email', message: t('validation.required', { field: t('request.contact.email') }) });
      else if (!isEmail(draft.email)) problems.push({ id: 'email', message: t('validation.emailFormat') });
      break;
    case 'topic':
      required('topic', draft.topic, t('request.topic.label'), 2000);
      break;
    case 'online':
      if (!draft.onlineReason) problems.push({ id: 'online-reason', message: t('validation.chooseOne') });
      else if (draft.onlineReason === 'other' && !draft.onlineDetail.trim())
        problems.push({
          id: 'online-detail',
          message: t('validation.required', { field: t('request.online.detailRequired') }),
        });
      else if (draft.onlineDetail.length > 1800)
        problems.push({
          id: 'online-detail',
          message: t('validation.tooLong', { field: t('request.online.detailRequired'), max: 1800 }),
        });
      break;
    case 'devices':
      if (DEVICES.some((d) => !draft.devices.includes(d)))
        problems.push({ id: 'devices', message: t('validation.devicesAll') });
      break;
    case 'attendee':
      if (!draft.attendee) problems.push({ id: 'attendee', message: t('validation.chooseOne') });
      else if (draft.attendee !== 'none')
        required('attendee-note', draft.attendeeNote, t('request.attendee.note'), 500);
      break;
    case 'environment':
      if (ENVIRONMENT.some((e) => !draft.environment.includes(e)))
        problems.push({ id: 'environment', message: t('validation.environmentAll') });
      break;
    case 'terms':
      if (!draft.termsRead) problems.push({ id: 'terms-read', message: t('validation.termsRead') });
      break;
  }
  return problems;
}

/** The first step with a problem, or undefined when the whole draft can be sent. */
export function firstIncompleteStep(draft: Draft, t: T): Step | undefined {
  return STEPS.find((step) => validateStep(step, draft, t).length > 0);
}

/**
 * POST /reservations' body (api.md). The reason online is sent in Japanese whatever the
 * page's language: the office reads it. The e-mails' language goes with it (R63: ja,
 * ja-easy or en, kept with the seeker).
 */
export function requestBody(draft: Draft, reasonLabel: (reason: OnlineReason) => string, language: string) {
  const reason = draft.onlineReason as OnlineReason;
  return {
    name: draft.name.trim(),
    email: draft.email.trim(),
    desiredSlots: [...draft.desiredSlots],
    topic: draft.topic.trim(),
    onlineReason: draft.onlineDetail.trim()
      ? `${reasonLabel(reason)}：${draft.onlineDetail.trim()}`
      : reasonLabel(reason),
    devices: { camera: true, microphone: true, speaker: true },
    environment: Object.fromEntries(ENVIRONMENT.map((e) => [e, draft.environment.includes(e)])) as Record<
      EnvironmentKey,
      boolean
    >,
    ...(draft.attendee === 'interpreter' || draft.attendee === 'caregiver'
      ? { attendee: { kind: draft.attendee, note: draft.attendeeNote.trim() } }
      : {}),
    language: isLanguage(language) ? language : ('ja' as const),
  };
}
