// The gateway's request-reply API (what other services may ask of it), typed.
import { actsForNoOne, rpcContract } from '@soudan/rpc-contract';
import type { UnsealDeviceDataRequest, UnsealDeviceDataResult } from './index';
import { GatewayPatterns } from './patterns';

export const GatewayApi = {
  /** R52, R54: opens device data sealed with a seeker's own key, for an approved disclosure (the audit asks). */
  unsealDeviceData: rpcContract<UnsealDeviceDataRequest, UnsealDeviceDataResult>(
    GatewayPatterns.unsealDeviceData,
    actsForNoOne('the audit, for a disclosure a second supervisor approved'),
  ),
} as const;
