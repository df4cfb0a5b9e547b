// R40-R42 in one place: every reason that applies, not only the first, so the seeker
// (and staff) see everything to put right at once.
import type { EligibilityCheckRequest, EligibilityReason } from '@soudan/eligibility-contracts';
import { activeSuspension, type SeekerState } from './seeker';

const DEVICES = ['camera', 'microphone', 'speaker'] as const;
const ENVIRONMENT = [
  'safeDevice',
  'noPublicWifi',
  'supportedOs',
  'firewallOn',
  'noFileSharing',
  'antivirusCurrent',
] as const;

export type EligibilityQuestion = Pick<
  EligibilityCheckRequest,
  'officeCode' | 'devices' | 'environment' | 'onlineReason' | 'at'
>;

/** `state` is the seeker's aggregate, or undefined when the roster has never heard of them. */
export function eligibilityReasons(state: SeekerState | undefined, question: EligibilityQuestion): EligibilityReason[] {
  const reasons: EligibilityReason[] = [];
  const onRoster = state?.onRoster === true;
  // R40(a): registered, or approved before registering; an erased seeker is no longer on the roster.
  if (!onRoster) reasons.push({ code: 'NOT_REGISTERED' });
  // R40(b): served by this office's consultation desk.
  if (onRoster && state.officeCode !== question.officeCode)
    reasons.push({ code: 'OTHER_OFFICE', details: { registeredOffice: state.officeCode } });
  // R40(c): camera, microphone and speaker.
  const devices = (question.devices ?? {}) as Partial<Record<(typeof DEVICES)[number], unknown>>;
  const missingDevices = DEVICES.filter((d) => devices[d] !== true);
  if (missingDevices.length > 0) reasons.push({ code: 'DEVICE_NOT_READY', details: { missing: missingDevices } });
  // R41: all six points of the attestation.
  const environment = (question.environment ?? {}) as Partial<Record<(typeof ENVIRONMENT)[number], unknown>>;
  const unconfirmed = ENVIRONMENT.filter((e) => environment[e] !== true);
  if (unconfirmed.length > 0) reasons.push({ code: 'ENVIRONMENT_NOT_CONFIRMED', details: { missing: unconfirmed } });
  // R40(d): why online is needed.
  if (typeof question.onlineReason !== 'string' || question.onlineReason.trim() === '')
    reasons.push({ code: 'ONLINE_REASON_MISSING' });
  // R42: evaluated at the time asked about, so a suspension ends by itself.
  const suspension = state ? activeSuspension(state, question.at) : undefined;
  if (suspension) reasons.push({ code: 'SUSPENDED', details: { until: suspension.until, endsAt: suspension.endsAt } });
  return reasons;
}
