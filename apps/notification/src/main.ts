import 'reflect-metadata';
import { runServiceProcess } from '@soudan/platform';
import { notificationService } from '@soudan/notification-infra';

await runServiceProcess(notificationService);
