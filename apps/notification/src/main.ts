import 'reflect-metadata';
import { runServiceProcess } from '@soudan/platform';
import { notificationService } from './service';

await runServiceProcess(notificationService);
