// Shared inputs of the template tests: Hello Work Namerikawa, one seeker in each language.
import type { ContactRecord } from '@soudan/eligibility-contracts';
import type { ReservationConfirmedV1, ReservationOfferedV1 } from '@soudan/scheduling-contracts';
import type { MailContext } from '../mail';

export const context: MailContext = {
  office: {
    name: 'ハローワーク滑川',
    phone: '076-475-0324',
    email: '16070hw01@mhlw.go.jp',
    hours: { open: '10:00', close: '16:00', slotMinutes: 30 },
    publicBaseUrl: 'https://soudan.example.jp/',
  },
  meetingApp: { name: 'Tele office', termsUrl: 'https://teleoffice.example/terms' },
  mailDomain: 'namerikawa.hellowork.example',
  // A stand-in for the keyed tag (notification infra computes an HMAC).
  replyTag: (reservationId) => (reservationId === 'r-1' ? '0123456789abcdef0123' : 'ffffffffffffffffffff'),
};

export const ja: ContactRecord = { name: '滑川 太郎', email: 'taro@example.jp', language: 'ja' };
export const en: ContactRecord = { name: 'Taro Namerikawa', email: 'taro@example.jp', language: 'en' };
/** R63: easy Japanese (やさしい日本語). */
export const easy: ContactRecord = { name: '滑川 太郎', email: 'taro@example.jp', language: 'ja-easy' };

/** Wednesday 9 Dec 2026 10:00 JST and Thursday 10 Dec 14:30 JST, each with its R6 deadline. */
export const offered: ReservationOfferedV1 = {
  reservationId: 'r-1',
  seekerId: 's-1',
  slots: [
    { start: '2026-12-09T01:00:00.000Z', deadline: '2026-12-08T14:59:59.999Z' },
    { start: '2026-12-10T05:30:00.000Z', deadline: '2026-12-09T14:59:59.999Z' },
  ],
  termsVersion: '2023-04-01',
  offeredBy: 'staff:sato',
  offeredAt: '2026-12-01T02:00:00.000Z',
};

export const confirmed: ReservationConfirmedV1 = {
  reservationId: 'r-1',
  seekerId: 's-1',
  slot: '2026-12-09T01:00:00.000Z',
  end: '2026-12-09T01:30:00.000Z',
  termsVersion: '2023-04-01',
  channel: 'email',
  consentAt: '2026-12-02T03:04:05.000Z',
  meetingUrl: 'https://soudan.example.jp/join/tok-abc',
  joinToken: 'tok-abc',
  roomUrl: 'https://meet.example/room/xyz',
};
