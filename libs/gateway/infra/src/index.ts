export * from './audit.controller';
export * from './gateway.app';
export * from './gateway.module';
export * from './health.controller';
export * from './http-error.filter';
export * from './scheduling';
export * from './validation';
export * from './auth/roles';
