// R51: every record carries its purpose; auditors filter the history by category.

import { AUDIT_CATEGORIES } from '@soudan/audit-contracts';
import { IDENTITY_EVENTS_CONTEXT } from '@soudan/identity-contracts';

export { AUDIT_CATEGORIES };
export type AuditCategory = (typeof AUDIT_CATEGORIES)[number];

export type AuditPurpose = 'operations' | 'statistics' | 'convenience';

const BY_CONTEXT: Record<string, AuditCategory> = {
  scheduling: 'reservation',
  eligibility: 'eligibility',
  notification: 'notification',
  // Identity's access record and staff accounts' changes, published as `events.gateway.*`.
  [IDENTITY_EVENTS_CONTEXT]: 'access',
  audit: 'disclosure',
};

export function categoryOf(context: string, type: string): AuditCategory {
  if (type.startsWith('Terms')) return 'terms';
  // R70: the registry's changes of an office's settings.
  if (context === 'scheduling' && type.startsWith('Office')) return 'office';
  return BY_CONTEXT[context] ?? 'other';
}

// includes is false for anything but one of the strings, so no typeof check beside it.
export const isAuditCategory = (value: unknown): value is AuditCategory =>
  (AUDIT_CATEGORIES as readonly unknown[]).includes(value);

export const PURPOSE_BY_CATEGORY: Record<AuditCategory, AuditPurpose> = {
  reservation: 'operations',
  eligibility: 'operations',
  notification: 'operations',
  access: 'operations',
  terms: 'operations',
  disclosure: 'operations',
  other: 'operations',
  office: 'operations',
};
