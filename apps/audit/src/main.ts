import 'reflect-metadata';
import { runServiceProcess } from '@soudan/platform';
import { auditService } from '@soudan/audit-infra';

await runServiceProcess(auditService);
