export * from './binaries';
export * from './free-port';
export * from './nats-server';
export * from './postgres';
export * from './eventually';
export * from './smtp-sink';
export * from './nats-cluster';
export * from './test-servers';
