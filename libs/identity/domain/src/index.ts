export * from './domain-error';
export * from './password-policy';
export * from './offices';
export * from './staff-account.decider';
