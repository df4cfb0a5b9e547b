// R52: the audit service asks the gateway to open what it sealed with a seeker's own key,
// for a disclosure two supervisors approved (the audit records the showing before it
// shows anything). Message in, sealer call, answer out; the values never reach a log.
import { RpcHandler } from '@soudan/messaging';
import { Controller, Inject } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import {
  GatewayApi,
  MAX_UNSEAL_BATCH,
  type UnsealDeviceDataRequest,
  type UnsealDeviceDataResult,
} from '@soudan/gateway-contracts';
import { AppError, LOGGER, type Logger } from '@soudan/platform';
import { DeviceDataSealer } from './device-data-sealer';

@Controller()
export class DeviceDataRpcController {
  constructor(
    @Inject(DeviceDataSealer) private readonly sealer: DeviceDataSealer,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  @RpcHandler(GatewayApi.unsealDeviceData)
  async unseal(@Payload() request: UnsealDeviceDataRequest): Promise<UnsealDeviceDataResult> {
    const disclosureId = typeof request?.disclosureId === 'string' ? request.disclosureId.slice(0, 100) : '';
    if (!disclosureId || !Array.isArray(request.sealed) || request.sealed.length > MAX_UNSEAL_BATCH) {
      throw new AppError(
        'VALIDATION_FAILED',
        400,
        `name the disclosure and send at most ${MAX_UNSEAL_BATCH} sealed values`,
        {
          fields: {
            ...(disclosureId ? {} : { disclosureId: ['required'] }),
            ...(Array.isArray(request?.sealed) && request.sealed.length <= MAX_UNSEAL_BATCH
              ? {}
              : { sealed: ['an array'] }),
          },
        },
      );
    }
    const devices = await this.sealer.unseal(request.sealed);
    this.logger.info(
      { disclosureId, values: devices.length, erased: devices.filter((d) => 'erased' in d).length },
      'device data opened for a disclosure',
    );
    return { devices };
  }
}
