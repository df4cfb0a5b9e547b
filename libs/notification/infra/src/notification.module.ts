import { Module, type DynamicModule } from '@nestjs/common';
import type { EventStore } from '@soudan/event-store';
import type { RpcClient } from '@soudan/messaging';
import { healthController, RuntimeModule, type ServiceRuntime } from '@soudan/platform';
import { NOTIFICATION_CONTEXT } from '@soudan/notification-contracts';
import { InboundMailServer } from './inbound-mail.server';
import { InboundRepliesRpcController } from './inbound-replies.rpc-controller';
import { InboundReplyHandler } from './inbound-reply.handler';
import { InboundReplyLog } from './inbound-reply.log';
import { createMailer, mailDomainOf, type Mailer } from './mailer';
import { MailOffices } from './mail-offices';
import { NotificationConsumer, meetingAppOf, notificationConsumer } from './notification.consumer';
import { replyTagger } from './reply-address';
import { SignInLinkRpcController } from './sign-in-link.rpc-controller';
import { StaffAlerts } from './staff-alerts';
import { StaffAlertsRpcController } from './staff-alerts.rpc-controller';
import { StaffMailConsumer, staffMailConsumer } from './staff-mail.consumer';
import { INBOUND_REPLY_HANDLER, INBOUND_REPLY_LOG, MAILER } from './tokens';

@Module({})
export class NotificationModule {
  static register(runtime: ServiceRuntime): DynamicModule {
    return {
      module: NotificationModule,
      imports: [RuntimeModule.forRoot(runtime)],
      controllers: [
        healthController(NOTIFICATION_CONTEXT),
        SignInLinkRpcController,
        InboundRepliesRpcController,
        StaffAlertsRpcController,
      ],
      providers: [
        {
          provide: MAILER,
          useFactory: () => createMailer({ smtpUrl: runtime.config.smtpUrl, dataDir: runtime.config.dataDir }),
        },
        // R71: the office each mail speaks for, asked of scheduling's registry.
        {
          provide: MailOffices,
          useFactory: () =>
            new MailOffices(
              runtime.rpc as RpcClient,
              runtime.office,
              runtime.logger.child({ component: 'mail-offices' }),
            ),
        },
        NotificationConsumer,
        notificationConsumer,
        // R60/R62: staff mails (overdue, undeliverable, no-show review) and the alerts of undeliverable mail and dead letters.
        StaffMailConsumer,
        staffMailConsumer,
        StaffAlerts,
        // R61: replies to offer e-mails (inbound SMTP) and the staff queue of unreadable ones.
        {
          provide: INBOUND_REPLY_LOG,
          useFactory: () =>
            new InboundReplyLog(runtime.store as EventStore, runtime.logger.child({ component: 'inbound-replies' })),
        },
        {
          provide: INBOUND_REPLY_HANDLER,
          inject: [INBOUND_REPLY_LOG, MAILER, MailOffices],
          useFactory: (log: InboundReplyLog, mailer: Mailer, offices: MailOffices) =>
            new InboundReplyHandler(
              log,
              runtime.rpc as RpcClient,
              mailer,
              runtime.clock,
              runtime.logger.child({ component: 'inbound-replies' }),
              {
                mailFrom: runtime.config.mailFrom,
                officeOf: (reservationId, correlationId) => offices.ofReservation(reservationId, correlationId),
                context: {
                  office: runtime.office,
                  meetingApp: meetingAppOf(runtime.office),
                  mailDomain: mailDomainOf(runtime.config.mailFrom),
                  replyTag: replyTagger(runtime.config.pseudonymKey),
                },
              },
            ),
        },
        InboundMailServer,
      ],
    };
  }
}
