export * from './eligibility-core';
export * from './eligibility.module';
export * from './eligibility.rpc-controller';
export * from './eligibility.service';
export { openSeekerKeyStore, SqlSeekerKeyStore, KurrentSeekerKeyStore, type OpenedKeyStore } from '@soudan/seeker-keys';
export * from './no-show.consumer';
export * from './reservation-ends.consumer';
export * from './retention-sweeper';
export * from './open-reservations';
