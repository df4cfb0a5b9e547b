// The application handlers of this service, built once per process from its runtime.
import { Injectable, type OnModuleDestroy } from '@nestjs/common';
import {
  ContactHandler,
  EligibilityCheckHandler,
  NoShowHandler,
  OpenReviews,
  PersonalDataVault,
  type OpenReviewsOptions,
  ReservationEndsHandler,
  RetentionIndex,
  RetentionSweep,
  RosterHandler,
  RosterIndex,
  Seekers,
  StaffDecisionsHandler,
} from '@soudan/eligibility-application';
import {
  noShowPolicyFrom,
  retentionPolicyFrom,
  type NoShowPolicy,
  type RetentionPolicy,
} from '@soudan/eligibility-domain';
import { rebuildReadModelsRequested } from '@soudan/event-store';
import type { ServiceRuntime } from '@soudan/platform';
import { openSeekerKeyStore, type OpenedKeyStore } from '@soudan/seeker-keys';
import { openReservationsFrom } from './open-reservations';

/** R19: the office setting `noShowReview: { threshold, windowDays }` in OFFICE_CONFIG, default 2 within 180 days. */
export function noShowPolicyOf(runtime: ServiceRuntime): NoShowPolicy {
  return noShowPolicyFrom((runtime.office as unknown as { noShowReview?: unknown }).noShowReview);
}

/** R54: the office setting `retention: { personalDataDays }` in OFFICE_CONFIG, default 730 days. */
export function retentionPolicyOf(runtime: ServiceRuntime): RetentionPolicy {
  return retentionPolicyFrom(runtime.office.retention);
}

@Injectable()
export class EligibilityCore implements OnModuleDestroy {
  readonly roster: RosterHandler;
  readonly check: EligibilityCheckHandler;
  readonly contact: ContactHandler;
  readonly decisions: StaffDecisionsHandler;
  readonly noShows: NoShowHandler;
  readonly reviews: OpenReviews;
  /** R72: the roster staff search. */
  readonly rosterIndex: RosterIndex;
  readonly reservationEnds: ReservationEndsHandler;
  readonly retentionIndex: RetentionIndex;
  readonly retention: RetentionSweep;

  private constructor(
    readonly seekers: Seekers,
    private readonly keyStore: OpenedKeyStore,
    policy: NoShowPolicy,
    reviewsOptions: OpenReviewsOptions,
    runtime: ServiceRuntime,
  ) {
    this.roster = new RosterHandler(seekers);
    this.check = new EligibilityCheckHandler(seekers);
    this.contact = new ContactHandler(seekers);
    this.decisions = new StaffDecisionsHandler(seekers);
    this.noShows = new NoShowHandler(seekers, () => policy);
    this.reviews = new OpenReviews(seekers.store, seekers, reviewsOptions);
    this.rosterIndex = new RosterIndex(seekers.store, seekers, {
      logger: runtime.logger.child({ component: 'roster-index' }),
      rebuild: reviewsOptions.rebuild,
    });
    this.reservationEnds = new ReservationEndsHandler(seekers);
    this.retentionIndex = new RetentionIndex(seekers.store, {
      logger: runtime.logger.child({ component: 'retention-index' }),
      rebuild: reviewsOptions.rebuild,
    });
    const retention = retentionPolicyOf(runtime);
    this.retention = new RetentionSweep(
      seekers,
      this.retentionIndex,
      openReservationsFrom(runtime.rpc),
      () => retention,
      runtime.logger.child({ component: 'retention' }),
    );
  }

  static async create(runtime: ServiceRuntime): Promise<EligibilityCore> {
    const store = runtime.store;
    if (!store) throw new Error('the eligibility service needs its event store');
    const keyStore = await openSeekerKeyStore(store, {
      eventStoreUrl: runtime.config.eventStoreUrl,
      namespace: runtime.context,
      keyStoreUrl: runtime.config.keyStoreUrl,
    });
    const vault = new PersonalDataVault(keyStore.keys, runtime.config.encryptionKey);
    const reviewsOptions = {
      logger: runtime.logger.child({ component: 'open-reviews' }),
      rebuild: rebuildReadModelsRequested(process.env),
    };
    return new EligibilityCore(
      new Seekers(store, runtime.clock, vault, runtime.config.pseudonymKey),
      keyStore,
      noShowPolicyOf(runtime),
      reviewsOptions,
      runtime,
    );
  }

  async onModuleDestroy(): Promise<void> {
    await this.reviews.close();
    await this.rosterIndex.close();
    await this.retentionIndex.close();
    await this.keyStore.close();
  }
}
