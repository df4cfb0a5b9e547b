// R54: the retention sweep never erases a seeker with a reservation still open; which are
// open is scheduling's to say (`scheduling.reservations.open`), asked at each sweep.
import { randomUUID } from 'node:crypto';
import { type RpcClient, requestTyped } from '@soudan/messaging';
import { SchedulingApi } from '@soudan/scheduling-contracts';

/** Seekers with a reservation scheduling still has open (requested, offered, confirmed, invited). */
export function openReservationsFrom(rpc: RpcClient): () => Promise<ReadonlySet<string>> {
  return async () => {
    const open = await requestTyped(
      rpc,
      SchedulingApi.openReservations,
      {},
      { correlationId: `retention-${randomUUID()}` },
    );
    if (!Array.isArray(open)) throw new Error('scheduling answered no list of open reservations');
    return new Set(open.map((r) => r?.seekerId).filter((id): id is string => typeof id === 'string'));
  };
}
