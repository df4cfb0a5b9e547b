import 'reflect-metadata';
import { runServiceProcess } from '@soudan/platform';
import { eligibilityService } from '@soudan/eligibility-infra';

await runServiceProcess(eligibilityService);
