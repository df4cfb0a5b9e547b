// R51: every record carries its purpose; auditors filter the history by category.

export type AuditCategory = 'reservation' | 'eligibility' | 'notification' | 'access' | 'terms' | 'disclosure' | 'other';

const BY_CONTEXT: Record<string, AuditCategory> = {
  scheduling: 'reservation',
  eligibility: 'eligibility',
  notification: 'notification',
  gateway: 'access',
  audit: 'disclosure',
};

export function categoryOf(context: string, type: string): AuditCategory {
  if (type.startsWith('Terms')) return 'terms';
  return BY_CONTEXT[context] ?? 'other';
}

export const PURPOSE_BY_CATEGORY: Record<AuditCategory, 'operations' | 'statistics' | 'convenience'> = {
  reservation: 'operations',
  eligibility: 'operations',
  notification: 'operations',
  access: 'operations',
  terms: 'operations',
  disclosure: 'operations',
  other: 'operations',
};
