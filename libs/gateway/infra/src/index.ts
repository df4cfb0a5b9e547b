export * from './audit.controller';
export * from './gateway.app';
export * from './gateway.module';
export * from './health.controller';
export * from './http-error.filter';
export * from './reservation.dto';
export * from './reservations.controller';
export * from './validation';
