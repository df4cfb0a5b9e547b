export * from './eligibility.module';
export * from './eligibility.service';
