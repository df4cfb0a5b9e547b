// OpenAPI shapes of what the seeker routes answer, so a generated client (openapi-typescript)
// gets real types. They describe the scheduling contracts' views (ReservationView etc.);
// the gateway passes those on as they are.
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

export const RESERVATION_STATUSES = [
  'requested',
  'offered',
  'confirmed',
  'invited',
  'in_session',
  'completed',
  'cancelled',
  'no_show',
  'lapsed',
  'rejected',
  'terminated',
] as const;

export class HistoryEntryDto {
  @ApiProperty({ example: 'ReservationRequested', description: 'The event type' }) type!: string;
  @ApiProperty({ format: 'date-time', example: '2026-11-25T01:00:00.000Z' }) at!: string;
  @ApiPropertyOptional({ enum: ['web', 'email', 'phone', 'follow-up'], description: 'Where the event names one' })
  channel?: string;
}

export class ReservationViewDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiPropertyOptional({
    example: 'K7P-4XA',
    description: 'R17: the reservation number people read and say (absent only in histories older than numbers)',
  })
  number?: string;
  @ApiProperty({ enum: RESERVATION_STATUSES, enumName: 'ReservationStatus' }) status!: string;
  @ApiProperty({ type: [String], format: 'date-time', description: 'R10: the slots the seeker asked for' })
  desiredSlots!: string[];
  @ApiProperty({ type: [String], format: 'date-time', description: 'R11: the slots the office offered' })
  offeredSlots!: string[];
  @ApiProperty({ type: String, format: 'date-time', nullable: true, description: 'The booked slot once confirmed' })
  slot!: string | null;
  @ApiPropertyOptional({ description: 'R15: the join link (/join/{token}) once confirmed' }) meetingUrl?: string;
  @ApiPropertyOptional({ example: '2023-04-01', description: 'R13: the terms version consented to' })
  termsVersion?: string;
  @ApiProperty({ example: '応募書類の書き方について' }) topic!: string;
  @ApiProperty({ description: 'R23: the topic mentions something that may need the counter' })
  mayNeedCounter!: boolean;
  @ApiProperty({ type: [HistoryEntryDto] }) history!: HistoryEntryDto[];
}

export const SEEKER_ACTIONS = ['consent', 'cancel', 'cancelByPhone', 'join'] as const;
export const CHANNELS = ['web', 'email', 'phone', 'follow-up'] as const;

export class TimelineEntryDto {
  @ApiProperty({
    example: 'ReservationConfirmed',
    description:
      'The event type: ReservationRequested, ReservationOffered, ReservationRejected, ConsentReceived, ReservationConfirmed, ReservationInvited, ReminderDue, SeekerJoined, SessionCheckedIn, SessionCompleted, SessionTerminated, SessionNoShow, ReservationCancelled, ReservationLapsed, FollowUpBooked, FollowUpReservationCreated',
  })
  type!: string;
  @ApiProperty({ format: 'date-time' }) at!: string;
  @ApiPropertyOptional({
    enum: CHANNELS,
    enumName: 'Channel',
    description: 'How it came: consent and confirmation (web, email, follow-up), cancellation (web, phone, email)',
  })
  channel?: (typeof CHANNELS)[number];
}

export class OfferedSlotDto {
  @ApiProperty({ format: 'date-time' }) start!: string;
  @ApiProperty({ format: 'date-time', description: 'R6: 23:59:59.999 JST of the day before; chosen until then' })
  deadline!: string;
}

export class SeekerReservationViewDto extends ReservationViewDto {
  @ApiProperty({ type: [TimelineEntryDto], description: 'The events in order' }) timeline!: TimelineEntryDto[];
  @ApiProperty({ type: [OfferedSlotDto], description: 'The offered slots with their R6 deadlines' })
  offers!: OfferedSlotDto[];
  @ApiProperty({
    type: String,
    format: 'date-time',
    nullable: true,
    description: 'R6: while offered, the last moment a slot can still be chosen',
  })
  replyBy!: string | null;
  @ApiProperty({
    type: String,
    format: 'date-time',
    nullable: true,
    description: 'R7: while requested, the end of the 3rd business day after the request (call the office after it)',
  })
  officeAnswersBy!: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true, description: 'The end of the booked slot' })
  end!: string | null;
  @ApiProperty({
    type: String,
    format: 'date-time',
    nullable: true,
    description: 'R15: when joining opens (15 minutes before the start), once booked',
  })
  joinOpensAt!: string | null;
  @ApiProperty({
    enum: SEEKER_ACTIONS,
    enumName: 'SeekerAction',
    isArray: true,
    description:
      'What the seeker may do now: consent (R13), cancel online (R17, until the day before), cancelByPhone (R17, on the day: call officePhone), join (R15, from 15 minutes before the start to the end)',
  })
  actions!: Array<(typeof SEEKER_ACTIONS)[number]>;
  @ApiProperty({ example: '076-475-0324', description: "The office's phone (R17)" }) officePhone!: string;
}

export class ReservationListDto {
  @ApiProperty({ type: [SeekerReservationViewDto] }) reservations!: SeekerReservationViewDto[];
}

export class ConsentResultDto {
  @ApiProperty({ enum: RESERVATION_STATUSES, enumName: 'ReservationStatus', example: 'confirmed' }) status!: string;
}

export const SLOT_REFUSALS = ['NOT_BUSINESS_DAY', 'SLOT_IN_PAST', 'LEAD_TIME', 'SLOT_FULL'] as const;
export const CLOSED_BECAUSE = ['weekend', 'national_holiday', 'year_end', 'office_closure'] as const;

export class SlotAvailabilityDto {
  @ApiProperty({ format: 'date-time', example: '2026-12-09T01:00:00.000Z' }) start!: string;
  @ApiProperty({ format: 'date-time', example: '2026-12-09T01:30:00.000Z' }) end!: string;
  @ApiProperty({ example: 1, description: 'Places still free in this slot' }) remaining!: number;
  @ApiProperty({ description: 'R2-R5: whether a request may ask for this slot now' }) requestable!: boolean;
  @ApiPropertyOptional({
    enum: SLOT_REFUSALS,
    enumName: 'SlotRefusalCode',
    description: 'When not requestable: the error code a request for this slot is refused with',
  })
  reason?: (typeof SLOT_REFUSALS)[number];
}

export class DayAvailabilityDto {
  @ApiProperty({ example: '2026-12-09', description: 'JST date' }) date!: string;
  @ApiProperty({ description: 'R2: a business day of the office' }) open!: boolean;
  @ApiPropertyOptional({ enum: CLOSED_BECAUSE, enumName: 'ClosedBecause', description: 'When closed: why' })
  closedBecause?: (typeof CLOSED_BECAUSE)[number];
  @ApiProperty({ description: 'Whether a request may ask for at least one slot of the day' }) requestable!: boolean;
  @ApiPropertyOptional({
    enum: SLOT_REFUSALS,
    enumName: 'SlotRefusalCode',
    description:
      'When not requestable: NOT_BUSINESS_DAY (closed), SLOT_IN_PAST (every slot has begun), LEAD_TIME (R5) or SLOT_FULL (R4)',
  })
  reason?: (typeof SLOT_REFUSALS)[number];
  @ApiProperty({ example: 12, description: 'Free places in the slots of the day still to begin' }) free!: number;
  @ApiProperty({ example: 12, description: 'Slots of the day a request may ask for' }) requestableSlots!: number;
}

export class AvailabilityDto {
  @ApiProperty({ type: [SlotAvailabilityDto], description: 'Slots of the range still to begin, in order' })
  slots!: SlotAvailabilityDto[];
  @ApiProperty({ type: [DayAvailabilityDto], description: 'Every day of the range, in order' })
  days!: DayAvailabilityDto[];
  @ApiProperty({
    type: String,
    nullable: true,
    example: '2026-12-09',
    description: 'The first day of the range with a requestable slot',
  })
  firstRequestableDate!: string | null;
  @ApiProperty({ example: '2026-12-08', description: 'R5: the earliest date a request made now may ask for' })
  earliestDate!: string;
}

export class UpcomingTermsDto {
  @ApiProperty({ example: '2027-04-01' }) version!: string;
  @ApiProperty({ format: 'date-time' }) effectiveFrom!: string;
  @ApiProperty() changeSummary!: string;
}

export class TermsArticleDto {
  @ApiProperty({ example: 1 }) number!: number;
  @ApiProperty({ example: '目的' }) title!: string;
  @ApiProperty({
    description: 'Plain text; paragraphs separated by a blank line, items such as (1) on lines of their own',
  })
  body!: string;
}

export class MeetingAppDto {
  @ApiProperty({ example: 'Tele office' }) name!: string;
  @ApiProperty({ example: 'https://meet.soudan.example/terms', description: "R32 (Art. 4): the app's own terms" })
  termsUrl!: string;
}

export class CurrentTermsDto {
  @ApiProperty({ example: '2023-04-01' }) version!: string;
  @ApiProperty({ format: 'date-time', example: '2023-03-31T15:00:00.000Z' }) effectiveFrom!: string;
  @ApiProperty({ description: 'The terms as published (the same as text)' }) body!: string;
  @ApiProperty({ description: 'R30: the terms as plain text: title, preamble, articles, date' }) text!: string;
  @ApiProperty({ example: 'オンライン職業相談等利用規約' }) title!: string;
  @ApiProperty({ description: 'What precedes the first article' }) preamble!: string;
  @ApiProperty({
    type: [TermsArticleDto],
    description: 'The articles in order (Art. 1-14 for the built-in terms); empty when a published text has none',
  })
  articles!: TermsArticleDto[];
  @ApiProperty({ type: MeetingAppDto }) meetingApp!: MeetingAppDto;
  @ApiProperty({ example: '制定' }) changeSummary!: string;
  @ApiProperty({ type: [UpcomingTermsDto], description: 'R31: versions announced but not yet in force' })
  upcoming!: UpcomingTermsDto[];
}
