export * from './domain-error';
export * from './eligibility-rules';
export * from './no-show-policy';
export * from './roster-format';
export * from './roster-row';
export * from './seeker';
export * from './seeker.decider';
export * from './suspension-period';
