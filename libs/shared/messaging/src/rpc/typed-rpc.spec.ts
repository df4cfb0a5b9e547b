// The typed RPC layer: the compiler ties a caller's payload and a handler's signature to
// the contract (the @ts-expect-error lines fail typecheck if that ever stops), and the
// pattern on the wire is the contract's.
import { PATTERN_METADATA } from '@nestjs/microservices/constants.js';
import { requestTyped, RpcHandler, rpcContract } from './typed-rpc';

const Api = {
  offer: rpcContract<{ reservationId: string; slots: string[] }, { status: string }>('test.staff.offer'),
};

class Handlers {
  @RpcHandler(Api.offer)
  offer(request: { reservationId: string; slots: string[] }) {
    return { status: `offered ${request.slots.length}` };
  }

  // @ts-expect-error the answer is not the contract's response
  @RpcHandler(Api.offer)
  wrongAnswer(_request: { reservationId: string; slots: string[] }) {
    return { state: 'offered' };
  }

  // @ts-expect-error the request is not the contract's request
  @RpcHandler(Api.offer)
  wrongRequest(_request: { id: number }) {
    return { status: 'offered' };
  }
}

describe('typed RPC contracts', () => {
  it('registers the handler under the contract’s pattern', () => {
    expect(Reflect.getMetadata(PATTERN_METADATA, Handlers.prototype.offer)).toEqual(['test.staff.offer']);
  });

  it('sends the contract’s pattern and a request the compiler checked', async () => {
    const sent: Array<[string, unknown]> = [];
    const client = {
      request: async <T>(pattern: string, payload: unknown) => {
        sent.push([pattern, payload]);
        return { status: 'offered' } as T;
      },
    };
    const answer: { status: string } = await requestTyped(client, Api.offer, { reservationId: 'r1', slots: ['s'] });
    expect(answer).toEqual({ status: 'offered' });
    expect(sent).toEqual([['test.staff.offer', { reservationId: 'r1', slots: ['s'] }]]);
    // @ts-expect-error a payload that is not the contract's request does not compile
    await requestTyped(client, Api.offer, { reservationId: 1 });
  });
});
