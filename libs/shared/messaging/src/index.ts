export * from './messaging.port';
