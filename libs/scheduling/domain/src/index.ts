export * from './domain-error';
export * from './reservation';
export * from './reservation.decider';
