// Identity's infrastructure: the staff accounts' store and service, password hashing,
// the sign-in limits every replica shares, and the access record's writer and alerts.
// The gateway (its HTTP edge) wires them into its controllers and guards.
export * from './access-alerts';
export * from './access-record-stall';
export * from './access-record-writer';
export * from './passwords';
export * from './rate-limit';
export * from './shared-limits';
export * from './staff-users';
