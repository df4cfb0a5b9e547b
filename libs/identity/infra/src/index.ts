// Identity's infrastructure: the staff accounts' store and service, password hashing,
// seeker sign-in by link, access tokens and their endings (suspension, erasure), the
// sign-in limits every replica shares, and the access record's writer and alerts.
// The gateway (its HTTP edge) wires them into its controllers and guards.
export * from './access-alerts';
export * from './access-record-stall';
export * from './access-record-writer';
export * from './access-tokens';
export * from './crypto';
export * from './passwords';
export * from './rate-limit';
export * from './seeker-office';
export * from './seeker-sign-in';
export * from './seeker-token-endings';
export * from './seeker-tokens.consumer';
export * from './shared-limits';
export * from './staff-users';
