import 'reflect-metadata';
import { runServiceProcess } from '@soudan/platform';
import { auditService } from './service';

await runServiceProcess(auditService);
