import 'reflect-metadata';
import { runServiceProcess } from '@soudan/platform';
import { eligibilityService } from './service';

await runServiceProcess(eligibilityService);
