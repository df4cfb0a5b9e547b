// A ReservationRequested written straight into scheduling's store, as the gateway and
// eligibility would have let it through: for tests that need a request the API cannot make
// (one from the past) or that are about scheduling alone.
import { randomUUID } from 'node:crypto';
import type { EventStore } from '@soudan/event-store';
import type { ReservationRequestedV1 } from '@soudan/scheduling-contracts';
import { readySeeker } from '@soudan/scheduling-contracts/testing';

export async function appendRequested(
  store: Pick<EventStore, 'append'>,
  request: Pick<ReservationRequestedV1, 'reservationId' | 'seekerId' | 'desiredSlots' | 'requestedAt' | 'answerDueBy'>,
  correlationId = 't',
): Promise<void> {
  const data: ReservationRequestedV1 = {
    officeCode: '16070',
    topic: '応募書類の相談',
    onlineReason: '子育て中のため',
    ...readySeeker(),
    checklistVersion: 'art5-2023-04',
    mayNeedCounter: false,
    language: 'ja',
    ...request,
  };
  await store.append(
    `reservation-${request.reservationId}`,
    [{ eventId: randomUUID(), type: 'ReservationRequested', data, metadata: { correlationId, schemaVersion: 1 } }],
    'no_stream',
  );
}
