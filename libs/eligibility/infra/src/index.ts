export * from './eligibility-core';
export * from './eligibility.module';
export * from './eligibility.rpc-controller';
export * from './eligibility.service';
export * from './key-store/open-seeker-key-store';
export * from './key-store/sql-seeker-key-store';
export * from './key-store/kurrent-seeker-key-store';
export * from './no-show.consumer';
