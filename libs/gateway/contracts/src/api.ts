// The gateway's request-reply API (what other services may ask of it), typed.
import { rpcContract } from '@soudan/rpc-contract';
import type { UnsealDeviceDataRequest, UnsealDeviceDataResult } from './index';
import { GatewayPatterns } from './patterns';

export const GatewayApi = {
  /** R52, R54: opens device data sealed with a seeker's own key, for an approved disclosure (the audit asks). */
  unsealDeviceData: rpcContract<UnsealDeviceDataRequest, UnsealDeviceDataResult>(GatewayPatterns.unsealDeviceData),
} as const;
