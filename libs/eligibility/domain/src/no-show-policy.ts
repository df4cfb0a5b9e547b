// R19: "repeated no-shows may lead to refusal of future use". How many, within how long,
// is an office setting; the default is the one domain.md names.

export interface NoShowPolicy {
  /** No-shows within the window that flag the seeker for a supervisor's review. */
  threshold: number;
  windowDays: number;
}

export const DEFAULT_NO_SHOW_POLICY: NoShowPolicy = { threshold: 2, windowDays: 180 };

/** The office's setting where it is a sensible one, the default otherwise. */
export function noShowPolicyFrom(setting: unknown): NoShowPolicy {
  const s = (typeof setting === 'object' && setting !== null ? setting : {}) as Partial<
    Record<keyof NoShowPolicy, unknown>
  >;
  // Number.isInteger is false for anything but a number, so no typeof check beside it.
  const whole = (value: unknown, min: number, max: number, fallback: number) =>
    Number.isInteger(value) && (value as number) >= min && (value as number) <= max ? (value as number) : fallback;
  return {
    threshold: whole(s.threshold, 1, 100, DEFAULT_NO_SHOW_POLICY.threshold),
    windowDays: whole(s.windowDays, 1, 3650, DEFAULT_NO_SHOW_POLICY.windowDays),
  };
}
