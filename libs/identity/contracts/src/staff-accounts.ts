// Staff accounts' events and the streams they are stored in. The accounts' own streams
// (`staff-user-<name>`) are never published: they hold the password hash. What the audit
// record receives is StaffAccountChangedV1, written beside each change to the published
// stream `staff-account-changes`. Stream names and event types are as stored (index.ts).

export type StaffRole = 'counsellor' | 'supervisor' | 'auditor' | 'admin';
export const STAFF_ROLES = ['counsellor', 'supervisor', 'auditor', 'admin'] as const satisfies readonly StaffRole[];

/** One stream per account. */
export const staffUserStream = (username: string) => `staff-user-${username}`;
export const STAFF_USER_STREAM_PREFIX = 'staff-user-';

/** Every account's name, so they can be listed without reading the whole log. */
export const STAFF_INDEX_STREAM = 'staff-users';

/**
 * Each change of an account as the audit record keeps it (R50-R53): who changed whose
 * account and how, never a password hash. The relay publishes this stream, unlike the
 * accounts' own streams.
 */
export const STAFF_CHANGES_STREAM = 'staff-account-changes';

export const StaffUserEventTypes = {
  StaffUserCreated: 'StaffUserCreated',
  StaffSignInFailed: 'StaffSignInFailed',
  StaffUserRolesChanged: 'StaffUserRolesChanged',
  StaffUserOfficesChanged: 'StaffUserOfficesChanged',
  StaffUserDisabled: 'StaffUserDisabled',
  StaffUserEnabled: 'StaffUserEnabled',
  StaffPasswordReset: 'StaffPasswordReset',
  StaffPasswordChanged: 'StaffPasswordChanged',
} as const;

/** The events of the index stream (STAFF_INDEX_STREAM). */
export const StaffIndexEventTypes = {
  StaffUserIndexed: 'StaffUserIndexed',
  /** Accounts made before the index existed were found by a scan and indexed. */
  StaffIndexBackfilled: 'StaffIndexBackfilled',
} as const;

export interface StaffUserCreatedV1 {
  username: string;
  roles: StaffRole[];
  passwordHash: string;
  createdBy: string;
  createdAt: string;
  /** R72; absent on accounts made before offices existed (the configured office). */
  offices?: string[];
}
export interface StaffSignInFailedV1 {
  at: string;
}
export interface StaffUserRolesChangedV1 {
  username: string;
  roles: StaffRole[];
  by: string;
  at: string;
}
export interface StaffUserOfficesChangedV1 {
  username: string;
  offices: string[];
  by: string;
  at: string;
}
export interface StaffUserDisabledV1 {
  username: string;
  by: string;
  at: string;
}
export interface StaffUserEnabledV1 {
  username: string;
  by: string;
  at: string;
}
/** A one-time password's hash: it only lets its holder choose a new password. */
export interface StaffPasswordResetV1 {
  username: string;
  passwordHash: string;
  by: string;
  at: string;
}
export interface StaffPasswordChangedV1 {
  username: string;
  passwordHash: string;
  at: string;
}

/** The events of an account's own stream, schemaVersion 1. */
export type StaffUserEvent =
  | { type: 'StaffUserCreated'; data: StaffUserCreatedV1 }
  | { type: 'StaffSignInFailed'; data: StaffSignInFailedV1 }
  | { type: 'StaffUserRolesChanged'; data: StaffUserRolesChangedV1 }
  | { type: 'StaffUserOfficesChanged'; data: StaffUserOfficesChangedV1 }
  | { type: 'StaffUserDisabled'; data: StaffUserDisabledV1 }
  | { type: 'StaffUserEnabled'; data: StaffUserEnabledV1 }
  | { type: 'StaffPasswordReset'; data: StaffPasswordResetV1 }
  | { type: 'StaffPasswordChanged'; data: StaffPasswordChangedV1 };

/** `events.gateway.StaffAccountChanged`, schemaVersion 1. */
export interface StaffAccountChangedV1 {
  username: string;
  change: 'created' | 'roles' | 'offices' | 'disabled' | 'enabled' | 'password-reset' | 'password-changed';
  /** The roles after the change (created, roles). */
  roles?: StaffRole[];
  /** R72, R74: the offices the account works for after the change; whose auditors see it. */
  offices: string[];
  /** A change of offices: the offices before (their auditors see it too). */
  previousOffices?: string[];
  by: string;
  at: string;
}
