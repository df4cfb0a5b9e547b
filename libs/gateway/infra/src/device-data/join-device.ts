// R50, R52, R54: the device data a join link records, as scheduling keeps it on the
// reservation (`SeekerJoined.device`): keyed pseudonyms to show, and the raw values sealed
// with the key of the seeker the link belongs to, so erasing the seeker erases them too.
import { requestTyped, type RpcClient } from '@soudan/messaging';
import { currentCorrelationId } from '@soudan/platform';
import { SchedulingApi } from '@soudan/scheduling-contracts';
import { isSeekerId, type DeviceDataSealer, type RawDevice } from './device-data-sealer';

/**
 * `{ ip, userAgent, sealed }` for scheduling's join: `sealed` is the JSON text of the
 * sealed value, absent when the seeker is erased. An unknown token is scheduling's
 * JOIN_LINK_NOT_FOUND, as from the join itself.
 */
export async function joinDeviceData(
  rpc: RpcClient,
  sealer: DeviceDataSealer,
  token: string,
  ip: string,
  userAgent: string | undefined,
): Promise<Record<string, string>> {
  const { seekerId } = await requestTyped(
    rpc,
    SchedulingApi.joinSeeker,
    { token },
    { correlationId: currentCorrelationId() },
  );
  const raw: RawDevice = { ip, userAgent: userAgent ? userAgent.slice(0, 512) : null };
  const shown = sealer.pseudonyms(raw);
  const [sealed] = isSeekerId(seekerId)
    ? await sealer.sealForSeekers([{ seekerId, device: raw }])
    : [sealer.sealGeneral(raw)];
  return { ip: shown.ip, userAgent: shown.userAgent ?? '', ...(sealed ? { sealed: JSON.stringify(sealed) } : {}) };
}
