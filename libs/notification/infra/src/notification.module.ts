import { Module, type DynamicModule } from '@nestjs/common';
import { healthController, RuntimeModule, type ServiceRuntime } from '@soudan/platform';
import { NOTIFICATION_CONTEXT } from '@soudan/notification-contracts';
import { createMailer } from './mailer';
import { NotificationConsumer } from './notification.consumer';
import { SignInLinkRpcController } from './sign-in-link.rpc-controller';
import { MAILER } from './tokens';


@Module({})
export class NotificationModule {
  static register(runtime: ServiceRuntime): DynamicModule {
    return {
      module: NotificationModule,
      imports: [RuntimeModule.forRoot(runtime)],
      controllers: [healthController(NOTIFICATION_CONTEXT), SignInLinkRpcController],
      providers: [
        { provide: MAILER, useFactory: () => createMailer({ smtpUrl: runtime.config.smtpUrl, dataDir: runtime.config.dataDir }) },
        NotificationConsumer,
      ],
    };
  }
}
