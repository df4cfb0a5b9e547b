import type { ServiceDefinition } from '@soudan/platform';
import { NOTIFICATION_CONTEXT, NotificationErrors } from '@soudan/notification-contracts';
import { NotificationModule } from './notification.module';

export const notificationService: ServiceDefinition = {
  context: NOTIFICATION_CONTEXT,
  errors: NotificationErrors,
  module: (runtime) => NotificationModule.register(runtime),
  publishStreamPrefixes: ['notification-'],
};
