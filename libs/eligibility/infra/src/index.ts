export * from './eligibility.module';
