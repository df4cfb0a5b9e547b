import { NOTIFICATION_CONTEXT, NotificationModule } from '@soudan/notification-infra';
import type { ServiceDefinition } from '@soudan/platform';

export const notificationService: ServiceDefinition = {
  context: NOTIFICATION_CONTEXT,
  module: (runtime) => NotificationModule.register(runtime),
  publishStreamPrefixes: ['notification-'],
};
