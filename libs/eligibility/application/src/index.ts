export * from './contact.handler';
export * from './eligibility-check.handler';
export * from './no-show.handler';
export * from './open-reviews';
export * from './roster-index';
export {
  PersonalDataVault,
  InMemorySeekerKeyStore,
  type SeekerKeyStore,
  type StoredKey,
  type DataKey,
  type SealPurpose,
} from '@soudan/seeker-keys';
export * from './roster.handler';
export * from './seeker-identity';
export * from './seekers';
export * from './staff-decisions.handler';
export * from './reservation-ends.handler';
export * from './retention';
