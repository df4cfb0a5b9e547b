export * from './audit-record';
export * from './audit-trail';
export * from './audit.consumer';
export * from './audit.module';
export * from './audit.rpc-controller';
export * from './audit.service';
export * from './device-data';
export * from './disclosures';
