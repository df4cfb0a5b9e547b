import 'reflect-metadata';
import { runServiceProcess } from '@soudan/platform';
import { schedulingService } from './service';

await runServiceProcess(schedulingService);
