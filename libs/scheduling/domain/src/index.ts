export * from './capacity';
export * from './domain-error';
export * from './reservation';
export * from './reservation.decider';
export * from './rules';
export * from './slot';
export * from './terms';
