// The application handlers of this service, built once per process from its runtime.
import { Injectable, type OnModuleDestroy } from '@nestjs/common';
import {
  ContactHandler,
  EligibilityCheckHandler,
  NoShowHandler,
  OpenReviews,
  PersonalDataVault,
  type OpenReviewsOptions,
  RosterHandler,
  Seekers,
  StaffDecisionsHandler,
} from '@soudan/eligibility-application';
import { noShowPolicyFrom, type NoShowPolicy } from '@soudan/eligibility-domain';
import { rebuildReadModelsRequested } from '@soudan/event-store';
import type { ServiceRuntime } from '@soudan/platform';
import { openSeekerKeyStore, type OpenedKeyStore } from './key-store/open-seeker-key-store';

/** R19: the office setting `noShowReview: { threshold, windowDays }` in OFFICE_CONFIG, default 2 within 180 days. */
export function noShowPolicyOf(runtime: ServiceRuntime): NoShowPolicy {
  return noShowPolicyFrom((runtime.office as unknown as { noShowReview?: unknown }).noShowReview);
}

@Injectable()
export class EligibilityCore implements OnModuleDestroy {
  readonly roster: RosterHandler;
  readonly check: EligibilityCheckHandler;
  readonly contact: ContactHandler;
  readonly decisions: StaffDecisionsHandler;
  readonly noShows: NoShowHandler;
  readonly reviews: OpenReviews;

  private constructor(
    readonly seekers: Seekers,
    private readonly keyStore: OpenedKeyStore,
    policy: NoShowPolicy,
    reviewsOptions: OpenReviewsOptions,
  ) {
    this.roster = new RosterHandler(seekers);
    this.check = new EligibilityCheckHandler(seekers);
    this.contact = new ContactHandler(seekers);
    this.decisions = new StaffDecisionsHandler(seekers);
    this.noShows = new NoShowHandler(seekers, () => policy);
    this.reviews = new OpenReviews(seekers.store, seekers, reviewsOptions);
  }

  static async create(runtime: ServiceRuntime): Promise<EligibilityCore> {
    const store = runtime.store;
    if (!store) throw new Error('the eligibility service needs its event store');
    const keyStore = await openSeekerKeyStore(store, { eventStoreUrl: runtime.config.eventStoreUrl, namespace: runtime.context });
    const vault = new PersonalDataVault(keyStore.keys, runtime.config.encryptionKey);
    const reviewsOptions = { logger: runtime.logger.child({ component: 'open-reviews' }), rebuild: rebuildReadModelsRequested(process.env) };
    return new EligibilityCore(new Seekers(store, runtime.clock, vault, runtime.config.pseudonymKey), keyStore, noShowPolicyOf(runtime), reviewsOptions);
  }

  async onModuleDestroy(): Promise<void> {
    await this.reviews.close();
    await this.keyStore.close();
  }
}
