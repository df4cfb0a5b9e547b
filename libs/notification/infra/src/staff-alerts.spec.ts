import { Writable } from 'node:stream';
import type { DeadLetter, EventEnvelope } from '@soudan/messaging';
import type { MailUndeliverableV1 } from '@soudan/notification-contracts';
import { createLogger, NAMERIKAWA } from '@soudan/platform';
import type { DeliveryLedger } from './delivery-ledger';
import { MailDispatcher, type Dispatch } from './mail-dispatch';
import {
  MailDeferredError,
  MailRejectedError,
  MailServerUnavailableError,
  type Mailer,
  type OutgoingMail,
} from './mailer';
import { deadLetterAlert, deadLetterAlertId, undeliverableAlertId } from './staff-alerts';
import { checkResolveAlertRequest } from './staff-alerts.rpc-controller';
import { STAFF_MAIL_SUBJECTS, staffAddressOf, staffNoticeFor } from './staff-mail.consumer';

const quiet = createLogger({
  name: 'test',
  level: 'silent',
  destination: new Writable({ write: (_c, _e, done) => done() }),
});

const source: EventEnvelope = {
  eventId: 'r-1:ReservationOffered',
  context: 'scheduling',
  type: 'ReservationOffered',
  streamId: 'reservation-r-1',
  revision: 1,
  position: '7',
  recordedAt: '2026-12-01T02:00:00.000Z',
  data: {},
  metadata: { correlationId: 'c-1', schemaVersion: 1 },
};

/** The ledger's answers, kept: what the dispatcher recorded is what these tests check. */
function fakeLedger() {
  const records: Array<{ kind: 'sent' | 'undeliverable'; streamId: string; data: unknown }> = [];
  const ledger = {
    claim: async () => true,
    release: async () => undefined,
    settled: async () => false,
    recordSent: async (streamId: string, _source: EventEnvelope, data: unknown) =>
      void records.push({ kind: 'sent', streamId, data }),
    recordUndeliverable: async (streamId: string, _source: EventEnvelope, data: unknown) => (
      records.push({ kind: 'undeliverable', streamId, data }),
      true
    ),
  } as unknown as DeliveryLedger;
  return { ledger, records };
}

function failingMailer(error: unknown): Mailer & { tries: number } {
  const mailer = {
    tries: 0,
    send: async (_mail: OutgoingMail) => {
      mailer.tries++;
      throw error;
    },
    close: async () => undefined,
  };
  return mailer;
}

const dispatch = (attempt: { number: number; last: boolean }): Dispatch => ({
  source,
  attempt,
  streamId: 'notification-r-1:ReservationOffered',
  mail: { id: 'm-1', from: 'soudan@example.jp', to: 'taro@example.jp', subject: 's', text: 't' },
  about: { template: 'reservation-offered', recipient: 'seeker', seekerId: 'skr_1', reservationId: 'r-1' },
});

describe('a mail that does not go out (R62)', () => {
  const deferred = new MailDeferredError('deferred', { responseCode: 450, reason: '450 4.2.1 <…>: Mailbox busy' });

  it('R62: raises undeliverable mail to staff after the retries', async () => {
    const { ledger, records } = fakeLedger();
    const dispatcher = new MailDispatcher(failingMailer(deferred), ledger, quiet);
    // Before the last attempt the bus gets the error back and retries with backoff.
    for (const number of [1, 2, 3, 4])
      await expect(dispatcher.send(dispatch({ number, last: false }))).rejects.toBe(deferred);
    expect(records).toEqual([]);
    await expect(dispatcher.send(dispatch({ number: 5, last: true }))).resolves.toBe('undeliverable');
    expect(records).toEqual([
      {
        kind: 'undeliverable',
        streamId: 'notification-r-1:ReservationOffered',
        data: {
          template: 'reservation-offered',
          recipient: 'seeker',
          seekerId: 'skr_1',
          reservationId: 'r-1',
          permanent: false,
          responseCode: 450,
          reason: '450 4.2.1 <…>: Mailbox busy',
          attempts: 5,
        },
      },
    ]);
  });

  it('R62: a mail refused for good is raised at once: retrying cannot change the answer', async () => {
    const { ledger, records } = fakeLedger();
    const mailer = failingMailer(
      new MailRejectedError('refused', { responseCode: 550, reason: '550 5.1.1 <…>: User unknown' }),
    );
    await expect(new MailDispatcher(mailer, ledger, quiet).send(dispatch({ number: 1, last: false }))).resolves.toBe(
      'undeliverable',
    );
    expect(mailer.tries).toBe(1);
    expect(records).toEqual([
      expect.objectContaining({
        kind: 'undeliverable',
        data: expect.objectContaining({ permanent: true, responseCode: 550, attempts: 1 }),
      }),
    ]);
    expect(JSON.stringify(records)).not.toContain('taro@example.jp');
  });

  it('R62: an outage of the mail server is never raised as undeliverable, even on the last attempt (the bus waits it out)', async () => {
    const { ledger, records } = fakeLedger();
    const outage = new MailServerUnavailableError('connection refused');
    await expect(
      new MailDispatcher(failingMailer(outage), ledger, quiet).send(dispatch({ number: 5, last: true })),
    ).rejects.toBe(outage);
    expect(records).toEqual([]);
  });

  it('R62: a bug is not mail trouble: it goes back to the bus and ends as a dead letter', async () => {
    const { ledger, records } = fakeLedger();
    const bug = new TypeError('cannot read properties of undefined');
    await expect(
      new MailDispatcher(failingMailer(bug), ledger, quiet).send(dispatch({ number: 5, last: true })),
    ).rejects.toBe(bug);
    expect(records).toEqual([]);
  });

  it('R62: a sent mail is recorded as sent, with who it was for', async () => {
    const { ledger, records } = fakeLedger();
    const mailer: Mailer = { send: async () => undefined, close: async () => undefined };
    await expect(
      new MailDispatcher(mailer, ledger, quiet).send({
        ...dispatch({ number: 1, last: false }),
        about: { template: 'staff-overdue-request', recipient: 'staff', reservationId: 'r-1' },
      }),
    ).resolves.toBe('sent');
    expect(records).toEqual([
      {
        kind: 'sent',
        streamId: 'notification-r-1:ReservationOffered',
        data: { template: 'staff-overdue-request', recipient: 'staff', reservationId: 'r-1' },
      },
    ]);
  });
});

describe('which events e-mail the staff (R60)', () => {
  const envelope = (context: string, type: string, data: unknown) => ({ context, type, data });
  const undeliverable: MailUndeliverableV1 = {
    template: 'reminder',
    recipient: 'seeker',
    seekerId: 'skr_1',
    reservationId: 'r-2',
    sourceEventId: 'r-2:ReminderDue',
    permanent: true,
    responseCode: 550,
    reason: '550 5.1.1 <…>: User unknown',
    attempts: 1,
    failedAt: '2026-12-01T02:00:00.000Z',
  };

  it('R60: listens to overdue requests, no-show reviews and undeliverable mail', () => {
    expect([...STAFF_MAIL_SUBJECTS].sort()).toEqual([
      'events.eligibility.NoShowReviewRequested',
      'events.notification.MailUndeliverable',
      'events.scheduling.AnswerOverdue',
    ]);
  });

  it('R60: e-mails staff about an overdue request', () => {
    const notice = staffNoticeFor(
      envelope('scheduling', 'AnswerOverdue', {
        reservationId: 'r-1',
        seekerId: 's',
        answerDueBy: '2026-12-04T14:59:59.999Z',
        flaggedAt: '2026-12-04T15:00:00.000Z',
      }),
      NAMERIKAWA,
    );
    expect(notice).toMatchObject({
      mail: { template: 'staff-overdue-request' },
      at: '2026-12-04T15:00:00.000Z',
      reservationId: 'r-1',
    });
  });

  it('R60: e-mails staff when a no-show review is requested', () => {
    const review = {
      seekerId: 's',
      reviewId: 'rv-1',
      reason: 'no_shows',
      noShows: 2,
      since: '2026-10-01T01:00:00.000Z',
      threshold: 2,
      windowDays: 180,
      reservationId: 'r-3',
      requestedAt: '2026-12-09T01:10:00.000Z',
    };
    expect(staffNoticeFor(envelope('eligibility', 'NoShowReviewRequested', review), NAMERIKAWA)).toMatchObject({
      mail: { template: 'staff-no-show-review' },
      reservationId: 'r-3',
    });
  });

  it('R60: e-mails staff about a seeker mail that was undeliverable, but not about a staff mail that was', () => {
    expect(staffNoticeFor(envelope('notification', 'MailUndeliverable', undeliverable), NAMERIKAWA)).toMatchObject({
      mail: { template: 'staff-undeliverable-mail' },
      reservationId: 'r-2',
    });
    expect(
      staffNoticeFor(
        envelope('notification', 'MailUndeliverable', { ...undeliverable, recipient: 'staff' }),
        NAMERIKAWA,
      ),
    ).toBeUndefined();
  });

  it("mails nothing for another context's event of the same name", () => {
    expect(staffNoticeFor(envelope('audit', 'AnswerOverdue', {}), NAMERIKAWA)).toBeUndefined();
  });

  it('R60: writes to the staff address of the office settings, else to the office address', () => {
    expect(staffAddressOf(NAMERIKAWA)).toBe('16070hw01@mhlw.go.jp');
    expect(staffAddressOf({ ...NAMERIKAWA, staffEmail: 'soudan-staff@namerikawa.example' })).toBe(
      'soudan-staff@namerikawa.example',
    );
  });
});

describe('a dead letter as a staff alert', () => {
  const letter: DeadLetter = {
    consumer: 'notification',
    subject: 'events.scheduling.ReservationOffered',
    eventId: 'r-1:ReservationOffered',
    deliveries: 5,
    error: 'Error: could not write to taro@example.jp',
    payload: JSON.stringify({ data: { name: '滑川 太郎', email: 'taro@example.jp' } }),
    at: '2026-12-01T02:00:00.000Z',
  };

  it('R62: says where and why, never the message body or an address', () => {
    const alert = deadLetterAlert(letter);
    expect(alert).toEqual({
      id: deadLetterAlertId(letter),
      consumer: 'notification',
      subject: 'events.scheduling.ReservationOffered',
      context: 'scheduling',
      eventType: 'ReservationOffered',
      eventId: 'r-1:ReservationOffered',
      deliveries: 5,
      reason: 'Error: could not write to <…>',
      at: '2026-12-01T02:00:00.000Z',
    });
    expect(JSON.stringify(alert)).not.toMatch(/滑川|taro@/);
  });

  it('keeps an unusual subject as it is and has an id that stays the same across reads', () => {
    const odd = deadLetterAlert({ ...letter, subject: 'events.x', eventId: undefined });
    expect(odd).not.toHaveProperty('eventType');
    expect(odd).not.toHaveProperty('eventId');
    expect(deadLetterAlertId(letter)).toBe(deadLetterAlertId({ ...letter }));
    expect(deadLetterAlertId(letter)).toMatch(/^dl-[0-9a-f]{24}$/);
    expect(deadLetterAlertId(letter)).not.toBe(deadLetterAlertId({ ...letter, at: '2026-12-01T02:00:01.000Z' }));
    expect(undeliverableAlertId('r-1:ReservationOffered:undeliverable')).toMatch(/^mail-[0-9a-f]{24}$/);
  });
});

describe('notification.alerts.resolve input', () => {
  it('refuses what is not an alert id, an actor or a note with VALIDATION_FAILED', () => {
    expect(checkResolveAlertRequest({ alertId: 'dl-x', actor: 'staff:sato', note: 'called' })).toEqual({
      alertId: 'dl-x',
      actor: 'staff:sato',
      note: 'called',
    });
    for (const bad of [
      {},
      { alertId: 'dl-x' },
      { alertId: 'dl-x', actor: 'staff:a\nb' },
      { alertId: 'dl-x', actor: 'staff:a', note: 'x'.repeat(1001) },
      { alertId: 7, actor: 'staff:a' },
    ]) {
      expect(() => checkResolveAlertRequest(bad)).toThrow(
        expect.objectContaining({ code: 'VALIDATION_FAILED', status: 400 }),
      );
    }
  });
});
