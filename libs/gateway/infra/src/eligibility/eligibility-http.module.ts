import { Module } from '@nestjs/common';
import { SeekerPreferencesController } from './seeker-preferences.controller';
import { SeekersController } from './seekers.controller';

/** The eligibility routes: roster, import, suspensions, reviews, erasure; the seeker's preferences (R63). */
@Module({ controllers: [SeekersController, SeekerPreferencesController] })
export class EligibilityHttpModule {}
