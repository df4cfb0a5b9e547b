import { Module } from '@nestjs/common';
import { JoinController } from './join.controller';
import { OfficeCalendarController } from './office-calendar.controller';
import { OfficesController } from './offices.controller';
import { PublicSchedulingController } from './public-scheduling.controller';
import { SeekerReservationsController } from './seeker-reservations.controller';
import { StaffReservationsController } from './staff-reservations.controller';

/** The scheduling routes of api.md: seeker, staff, public, and the join link. */
@Module({
  controllers: [
    SeekerReservationsController,
    StaffReservationsController,
    PublicSchedulingController,
    JoinController,
    OfficesController,
    OfficeCalendarController,
  ],
})
export class SchedulingHttpModule {}
