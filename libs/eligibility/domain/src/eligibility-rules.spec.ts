import type { EligibilityReasonCode } from '@soudan/eligibility-contracts';
import { eligibilityReasons, type EligibilityQuestion } from './eligibility-rules';
import { evolve, initialState, type SeekerEvent, type SeekerState } from './seeker';
import { readySeeker } from '@soudan/scheduling-contracts/testing';

const registered = (
  status: 'registered' | 'pre_registration_approved' = 'registered',
  officeCode = '16070',
): SeekerEvent => ({
  type: 'SeekerRegistered',
  data: { seekerId: 's1', officeCode, status, personalData: 'sealed', registeredAt: '2026-01-05T00:00:00.000Z' },
});
const suspended = (endsAt: string): SeekerEvent => ({
  type: 'SeekerSuspended',
  data: {
    seekerId: 's1',
    reason: '無断欠席',
    until: '2026-12-31',
    endsAt,
    decidedBy: 'staff:boss',
    suspendedAt: '2026-11-01T00:00:00.000Z',
  },
});
const erased: SeekerEvent = {
  type: 'SeekerErased',
  data: { seekerId: 's1', reason: 'request', erasedBy: 'staff:boss', erasedAt: '2026-11-02T00:00:00.000Z' },
};
const state = (...events: SeekerEvent[]): SeekerState => events.reduce(evolve, initialState());

const ready: EligibilityQuestion = {
  officeCode: '16070',
  ...readySeeker(),
  onlineReason: '子育て中のため',
  at: '2026-11-25T01:00:00.000Z',
};

type Row = [string, SeekerState | undefined, Partial<EligibilityQuestion>, EligibilityReasonCode[]];

const table: Row[] = [
  ['R40(a): accepts a registered seeker who meets every condition', state(registered()), {}, []],
  ['R40(a): accepts a seeker approved before registering', state(registered('pre_registration_approved')), {}, []],
  ['R40(a): refuses a seeker not on the roster', undefined, {}, ['NOT_REGISTERED']],
  ['R40(a): refuses a seeker who was erased from the roster', state(registered(), erased), {}, ['NOT_REGISTERED']],
  [
    'R40(b): refuses a seeker registered at another office',
    state(registered('registered', '13010')),
    {},
    ['OTHER_OFFICE'],
  ],
  [
    'R40(c): refuses without a camera',
    state(registered()),
    { devices: { camera: false, microphone: true, speaker: true } },
    ['DEVICE_NOT_READY'],
  ],
  [
    'R40(c): refuses without a microphone or speaker',
    state(registered()),
    { devices: { camera: true, microphone: false, speaker: false } },
    ['DEVICE_NOT_READY'],
  ],
  [
    'R40(d): refuses without a reason for consulting online',
    state(registered()),
    { onlineReason: '   ' },
    ['ONLINE_REASON_MISSING'],
  ],
  [
    'R41: refuses when one of the six environment points is not affirmed',
    state(registered()),
    { environment: { ...ready.environment, noPublicWifi: false } },
    ['ENVIRONMENT_NOT_CONFIRMED'],
  ],
  ['R42: refuses a suspended seeker', state(registered(), suspended('2026-12-31T15:00:00.000Z')), {}, ['SUSPENDED']],
  [
    'R42: accepts a seeker whose suspension has ended by itself',
    state(registered(), suspended('2026-11-20T15:00:00.000Z')),
    {},
    [],
  ],
  [
    'R40-R42: lists every reason that applies at once',
    state(registered('registered', '13010'), suspended('2026-12-31T15:00:00.000Z')),
    {
      devices: { camera: false, microphone: true, speaker: true },
      environment: { ...ready.environment, firewallOn: false },
      onlineReason: '',
    },
    ['OTHER_OFFICE', 'DEVICE_NOT_READY', 'ENVIRONMENT_NOT_CONFIRMED', 'ONLINE_REASON_MISSING', 'SUSPENDED'],
  ],
  [
    'R40: a seeker not on the roster still hears of the rest',
    undefined,
    { devices: { camera: true, microphone: true, speaker: false }, onlineReason: '' },
    ['NOT_REGISTERED', 'DEVICE_NOT_READY', 'ONLINE_REASON_MISSING'],
  ],
];

describe('eligibility reasons (R40-R42)', () => {
  it.each(table)('%s', (_name, seeker, overrides, expected) => {
    expect(eligibilityReasons(seeker, { ...ready, ...overrides }).map((r) => r.code)).toEqual(expected);
  });

  it('R40(c), R41: names what is missing', () => {
    const reasons = eligibilityReasons(state(registered()), {
      ...ready,
      devices: { camera: false, microphone: true, speaker: false },
      environment: { ...ready.environment, antivirusCurrent: false, safeDevice: false },
    });
    expect(reasons).toEqual([
      { code: 'DEVICE_NOT_READY', details: { missing: ['camera', 'speaker'] } },
      { code: 'ENVIRONMENT_NOT_CONFIRMED', details: { missing: ['safeDevice', 'antivirusCurrent'] } },
    ]);
  });

  it('R40(b): names the office the seeker is registered at', () => {
    expect(eligibilityReasons(state(registered('registered', '13010')), ready)).toEqual([
      { code: 'OTHER_OFFICE', details: { registeredOffice: '13010' } },
    ]);
  });

  it('R40(d): treats a missing or non-text reason for consulting online as missing', () => {
    for (const onlineReason of [undefined, 42])
      expect(
        eligibilityReasons(state(registered()), { ...ready, onlineReason: onlineReason as never }).map((r) => r.code),
      ).toEqual(['ONLINE_REASON_MISSING']);
  });

  it('R42: gives the suspension end date in the details', () => {
    const [reason] = eligibilityReasons(state(registered(), suspended('2026-12-31T15:00:00.000Z')), ready);
    expect(reason).toEqual({ code: 'SUSPENDED', details: { until: '2026-12-31', endsAt: '2026-12-31T15:00:00.000Z' } });
  });

  it('R42: the suspension ends exactly at its end instant', () => {
    const s = state(registered(), suspended('2026-12-31T15:00:00.000Z'));
    expect(eligibilityReasons(s, { ...ready, at: '2026-12-31T14:59:59.999Z' }).map((r) => r.code)).toEqual([
      'SUSPENDED',
    ]);
    expect(eligibilityReasons(s, { ...ready, at: '2026-12-31T15:00:00.000Z' })).toEqual([]);
  });

  it('R41: treats a missing device or environment answer as not affirmed', () => {
    const codes = eligibilityReasons(state(registered()), {
      ...ready,
      devices: undefined as never,
      environment: {} as never,
    }).map((r) => r.code);
    expect(codes).toEqual(['DEVICE_NOT_READY', 'ENVIRONMENT_NOT_CONFIRMED']);
  });
});
