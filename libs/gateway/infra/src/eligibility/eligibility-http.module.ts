import { Module } from '@nestjs/common';
import { SeekersController } from './seekers.controller';

/** The eligibility routes: roster, import, suspensions, reviews, erasure. */
@Module({ controllers: [SeekersController] })
export class EligibilityHttpModule {}
