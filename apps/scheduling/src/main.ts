import 'reflect-metadata';
import { runServiceProcess } from '@soudan/platform';
import { schedulingService } from '@soudan/scheduling-infra';

await runServiceProcess(schedulingService);
