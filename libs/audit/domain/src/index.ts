export * from './audit-entry';
export * from './canonical-json';
export * from './categories';
export * from './disclosure.decider';
export * from './domain-error';
export * from './hash-chain';
export * from './record-index';
export * from './usage';
