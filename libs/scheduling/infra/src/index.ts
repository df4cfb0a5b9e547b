export * from './reservations.rpc-controller';
export * from './scheduling.module';
export * from './scheduling.service';
