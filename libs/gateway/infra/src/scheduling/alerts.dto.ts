// Shapes of GET /staff/alerts and POST /staff/alerts/{id}/resolution for the OpenAPI
// description; the answers come from scheduling, eligibility and notification as they are.
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, MaxLength } from 'class-validator';

export class AlertResolutionDto {
  @ApiPropertyOptional({ description: 'What was done, e.g. "電話で連絡し、メールアドレスを訂正"', maxLength: 1000 })
  @IsOptional()
  @IsString()
  @MaxLength(1000)
  note?: string;
}

export class UndeliverableMailAlertDoc {
  @ApiProperty({ example: 'mail-3f1c0a9b2d4e5f60718293a4', description: 'Takes POST /staff/alerts/{id}/resolution' })
  id!: string;
  @ApiProperty({ example: 'reservation-offered', description: 'The mail (X-Soudan-Template)' }) template!: string;
  @ApiProperty({ enum: ['seeker', 'staff'] }) recipient!: 'seeker' | 'staff';
  @ApiPropertyOptional({ description: 'Pseudonymous seeker id' }) seekerId?: string;
  @ApiPropertyOptional() reservationId?: string;
  @ApiPropertyOptional({ type: [String], description: 'A terms-change notice names every reservation of the seeker' })
  reservationIds?: string[];
  @ApiProperty({ example: 'r-1:ReservationOffered' }) sourceEventId!: string;
  @ApiProperty({ description: 'true: refused for good (5xx); false: deferred (4xx) until the retries ran out' })
  permanent!: boolean;
  @ApiPropertyOptional({ example: 550 }) responseCode?: number;
  @ApiProperty({
    example: '550 5.1.1 <…>: Recipient address rejected: User unknown',
    description: "The server's answer, addresses removed",
  })
  reason!: string;
  @ApiProperty({ example: 1 }) attempts!: number;
  @ApiProperty({ example: '2026-12-01T02:00:00.000Z' }) failedAt!: string;
}

export class DeadLetterAlertDoc {
  @ApiProperty({ example: 'dl-9a8b7c6d5e4f30211f2e3d4c', description: 'Takes POST /staff/alerts/{id}/resolution' })
  id!: string;
  @ApiProperty({ example: 'notification', description: 'The consumer that gave up' }) consumer!: string;
  @ApiProperty({ example: 'events.scheduling.ReservationOffered' }) subject!: string;
  @ApiPropertyOptional({ example: 'scheduling' }) context?: string;
  @ApiPropertyOptional({ example: 'ReservationOffered' }) eventType?: string;
  @ApiPropertyOptional() eventId?: string;
  @ApiProperty({ example: 5 }) deliveries!: number;
  @ApiProperty({ description: 'The last error, addresses removed; never the message body' }) reason!: string;
  @ApiProperty({ example: '2026-12-01T02:00:00.000Z' }) at!: string;
}

export class UnreadableReplyDoc {
  @ApiProperty() id!: string;
  @ApiProperty() receivedAt!: string;
  @ApiPropertyOptional() reservationId?: string;
  @ApiProperty({ example: 'no-choice' }) reason!: string;
  @ApiPropertyOptional() subject?: string;
}

export class AccessRecordAlertDoc {
  @ApiProperty({ example: 'ar-5d41402abc4b2a76b9719d91', description: 'Takes POST /staff/alerts/{id}/resolution' })
  id!: string;
  @ApiProperty({
    enum: ['repaired-record', 'recording-stalled', 'recording-stalled-now'],
    description:
      'repaired-record: the store refused a record, which was stored in a safe form; recording-stalled: no record ' +
      'could be stored from `from` to `to`; recording-stalled-now: this gateway cannot store records right now ' +
      '(it leaves the list by itself, as a recording-stalled alert, when they are stored again)',
  })
  kind!: string;
  @ApiPropertyOptional({ description: 'repaired-record: the record (its event id in the audit trail)' })
  recordEventId?: string;
  @ApiPropertyOptional({ description: 'repaired-record: when the access happened' }) accessAt?: string;
  @ApiPropertyOptional({ type: [String], description: 'repaired-record: the replaced fields, e.g. data.params.id' })
  fields?: string[];
  @ApiPropertyOptional({ example: 'UNSTORABLE_TEXT', description: "The store's error code, never its message" })
  reason?: string;
  @ApiPropertyOptional() from?: string;
  @ApiPropertyOptional() to?: string;
  @ApiPropertyOptional() since?: string;
  @ApiPropertyOptional({ description: 'Records dropped while the buffer was full' }) dropped?: number;
}

export class StaffAlertsDoc {
  @ApiProperty({
    type: 'array',
    items: { type: 'object' },
    description: 'R7: requests with no offer by the end of the 3rd business day',
  })
  overdueRequests!: unknown[];
  @ApiProperty({
    type: [UndeliverableMailAlertDoc],
    description: 'R62: mail the server refused, or deferred until the retries ran out; unresolved only',
  })
  undeliverableMail!: UndeliverableMailAlertDoc[];
  @ApiProperty({
    type: 'array',
    items: { type: 'object' },
    description: "R19/R21: seekers waiting for a supervisor's decision",
  })
  noShowReviews!: unknown[];
  @ApiProperty({
    type: [DeadLetterAlertDoc],
    description: 'R62: messages a service gave up on after its retries; unresolved only',
  })
  deadLetters!: DeadLetterAlertDoc[];
  @ApiProperty({ type: [UnreadableReplyDoc], description: 'R61: e-mail replies to offers that could not be read' })
  unreadableReplies!: UnreadableReplyDoc[];
  @ApiProperty({
    type: [AccessRecordAlertDoc],
    description: 'R50: access records the store refused (stored in a safe form) and times none could be stored',
  })
  accessRecord!: AccessRecordAlertDoc[];
}

export class AlertResolvedDoc {
  @ApiProperty() alertId!: string;
  @ApiProperty({ enum: ['undeliverable-mail', 'dead-letter', 'unreadable-reply', 'access-record'] }) kind!: string;
  @ApiProperty({ example: 'staff:sato' }) resolvedBy!: string;
  @ApiProperty() resolvedAt!: string;
}
