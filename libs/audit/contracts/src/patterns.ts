// The request-reply subjects of audit (see api.ts for their types).
export const AuditPatterns = {
  listEvents: 'audit.events.list',
  /** R53: recompute the hash chain. */
  checkIntegrity: 'audit.integrity.check',
  /** R50, R51: counts by day and slot for a month, no personal data. */
  usage: 'audit.usage.month',
  /** R52: a supervisor records an authority's request for disclosure. */
  requestDisclosure: 'audit.disclosure.request',
  /** R52: a second supervisor approves it. */
  approveDisclosure: 'audit.disclosure.approve',
  /** R52: its state; once approved, the records in scope with raw device data. */
  getDisclosure: 'audit.disclosure.get',
  /** R52, R74: the disclosures of the supervisor's offices, newest first, without records. */
  listDisclosures: 'audit.disclosure.list',
  health: 'audit.health',
} as const;
