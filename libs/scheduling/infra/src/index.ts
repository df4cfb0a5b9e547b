export * from './reservations.rpc-controller';
export * from './scheduling.module';
