// One replica's attempt at one owed mail, as its own process (the claim test runs two
// at once): the PostgreSQL ledger of STORE_URL, the SMTP server of SMTP_URL. Prints
// the outcome, or the error's code, as one JSON line.
import { Writable } from 'node:stream';
import { PostgresEventStore } from '@soudan/event-store';
import { createLogger } from '@soudan/platform';
import { systemClock } from '@soudan/time';
import { DeliveryLedger } from '../delivery-ledger';
import { MailDispatcher } from '../mail-dispatch';
import { createMailer } from '../mailer';

const env = process.env as Record<string, string>;
const store = await PostgresEventStore.connect({ url: env.STORE_URL, schema: 'notification' });
const mailer = createMailer({ smtpUrl: env.SMTP_URL, dataDir: '/nonexistent' });
const quiet = createLogger({
  name: 'claim',
  level: 'silent',
  destination: new Writable({ write: (_c, _e, d) => d() }),
});
const dispatcher = new MailDispatcher(mailer, new DeliveryLedger(store, systemClock), quiet);
const eventId = env.EVENT_ID;
let outcome: string;
try {
  outcome = await dispatcher.send({
    source: {
      eventId,
      context: 'scheduling',
      type: 'ReservationOffered',
      streamId: 'reservation-r-1',
      revision: 1,
      position: '1',
      recordedAt: new Date().toISOString(),
      data: {},
      metadata: { correlationId: 'claim-test', schemaVersion: 1 },
    },
    attempt: { number: 1, last: false },
    streamId: `notification-${eventId}`,
    mail: { id: `claim-${eventId}`, from: 'soudan@example.jp', to: 'taro@example.jp', subject: 'claim', text: 'once' },
    about: { template: 'reservation-offered', recipient: 'seeker', seekerId: 'skr_1', reservationId: 'r-1' },
  });
} catch (error) {
  outcome = String((error as { code?: string }).code ?? error);
}
process.stdout.write(`${JSON.stringify({ outcome })}\n`);
await mailer.close();
await store.close();
