export * from './audit-record';
export * from './audit.consumer';
export * from './audit.module';
export * from './audit.rpc-controller';
export * from './audit.service';
