import { DomainError } from './domain-error';
import { evolve, initialState, requestFingerprint, type ReservationEvent } from './reservation';
import { decide, type RequestReservation } from './reservation.decider';

const given = (events: ReservationEvent[]) => ({
  when: (command: RequestReservation) => {
    const state = events.reduce(evolve, initialState());
    const run = () => decide(command, state);
    return {
      then: (expected: ReservationEvent[]) => expect(run()).toEqual(expected),
      thenThrows: (code: string) => {
        expect(run).toThrow(DomainError);
        try {
          run();
        } catch (error) {
          expect((error as DomainError).code).toBe(code);
        }
      },
    };
  },
});

const request = (overrides: Partial<RequestReservation['data']> = {}): RequestReservation => ({
  type: 'RequestReservation',
  data: {
    reservationId: 'r-1',
    officeCode: '16070',
    jobSeekerNumber: '16070-12345678',
    name: '滑川 太郎',
    email: 'taro@example.jp',
    language: 'ja',
    desiredSlots: ['2026-12-02T10:00:00+09:00'],
    topic: '応募書類の書き方',
    onlineReason: 'childcare',
    devices: { camera: true, microphone: true, speaker: true },
    environment: { safeDevice: true, noPublicWifi: true, supportedOs: true, firewallOn: true, noFileSharing: true, antivirusCurrent: true },
    ...overrides,
  },
  metadata: { now: '2026-11-25T01:00:00.000Z' },
});

describe('reservation decider: request', () => {
  it('R10: records a request with contact, desired slots as UTC instants, and the request time', () => {
    given([])
      .when(request())
      .then([
        {
          type: 'ReservationRequested',
          data: {
            reservationId: 'r-1',
            officeCode: '16070',
            jobSeekerNumber: '16070-12345678',
            contact: { name: '滑川 太郎', email: 'taro@example.jp', language: 'ja' },
            desiredSlots: ['2026-12-02T01:00:00.000Z'],
            topic: '応募書類の書き方',
            onlineReason: 'childcare',
            devices: { camera: true, microphone: true, speaker: true },
            environment: { safeDevice: true, noPublicWifi: true, supportedOs: true, firewallOn: true, noFileSharing: true, antivirusCurrent: true },
            requestedAt: '2026-11-25T01:00:00.000Z',
          },
        },
      ]);
  });

  it('R10: refuses more than three desired slots', () => {
    const slots = ['02', '03', '04', '07'].map((d) => `2026-12-${d}T10:00:00+09:00`);
    given([]).when(request({ desiredSlots: slots })).thenThrows('VALIDATION_FAILED');
  });

  it('R10: refuses no desired slot', () => {
    given([]).when(request({ desiredSlots: [] })).thenThrows('VALIDATION_FAILED');
  });

  it('R10: refuses the same slot twice, even written in another offset', () => {
    given([])
      .when(request({ desiredSlots: ['2026-12-02T10:00:00+09:00', '2026-12-02T01:00:00Z'] }))
      .thenThrows('DESIRED_SLOTS_DUPLICATED');
  });

  it('refuses to request the same reservation twice', () => {
    const [event] = decide(request(), initialState());
    given([event]).when(request()).thenThrows('INVALID_STATE');
  });

  it('gives the same fingerprint to the same request regardless of key order', () => {
    const a = requestFingerprint({ officeCode: '1', topic: 't', devices: { camera: true, microphone: false, speaker: true } } as never);
    const b = requestFingerprint({ devices: { speaker: true, microphone: false, camera: true }, topic: 't', officeCode: '1' } as never);
    const c = requestFingerprint({ devices: { speaker: true, microphone: true, camera: true }, topic: 't', officeCode: '1' } as never);
    expect(a).toBe(b);
    expect(a).not.toBe(c);
  });
});
