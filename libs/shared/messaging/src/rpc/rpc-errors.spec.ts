import { RpcException } from '@nestjs/microservices';
import { EmptyResponseException } from '@nestjs/microservices/errors/empty-response.exception.js';
import { StoreUnavailableError, UnstorableEventError, WrongExpectedRevisionError } from '@soudan/event-store';
import { RpcError } from '../messaging.port';
import { toRpcError } from './rpc-client';
import { toRpcErrorPayload } from './rpc-error.filter';

describe('server side: what a thrown error becomes on the wire', () => {
  it('passes a code and status through with the details', () => {
    const error = Object.assign(new Error('slot full'), { code: 'SLOT_FULL', status: 409, details: { slot: '10:00' } });
    expect(toRpcErrorPayload(error)).toEqual({
      code: 'SLOT_FULL',
      message: 'slot full',
      status: 409,
      details: { slot: '10:00' },
    });
    expect(toRpcErrorPayload(new RpcError('NOT_ELIGIBLE', 'not on the roster', 422))).toMatchObject({
      code: 'NOT_ELIGIBLE',
      status: 422,
    });
  });

  it('answers 422 for a domain error with a code and no status', () => {
    expect(toRpcErrorPayload(Object.assign(new Error('too soon'), { code: 'LEAD_TIME' }))).toMatchObject({
      code: 'LEAD_TIME',
      status: 422,
      details: {},
    });
  });

  it('maps the event store errors', () => {
    expect(toRpcErrorPayload(new WrongExpectedRevisionError('reservation-1', 2, 3))).toMatchObject({
      code: 'REVISION_CONFLICT',
      status: 409,
    });
    expect(toRpcErrorPayload(new StoreUnavailableError('pg down'))).toMatchObject({
      code: 'STORE_UNAVAILABLE',
      status: 503,
    });
    // R50: text no store can keep is the caller's bad input (400), never the service's fault.
    expect(toRpcErrorPayload(new UnstorableEventError('terms-1', 'e-1', 'data.body'))).toMatchObject({
      code: 'UNSTORABLE_TEXT',
      status: 400,
    });
  });

  it('unwraps an RpcException carrying an error object', () => {
    expect(
      toRpcErrorPayload(new RpcException({ code: 'SUSPENDED', message: 'suspended until 6/1', status: 422 })),
    ).toMatchObject({ code: 'SUSPENDED', status: 422 });
  });

  it('treats system and driver errors, validation errors and plain errors as unexpected', () => {
    expect(
      toRpcErrorPayload(
        Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED', errno: -111, syscall: 'connect' }),
      ),
    ).toBeUndefined();
    expect(
      toRpcErrorPayload(Object.assign(new TypeError('bad arg'), { code: 'ERR_INVALID_ARG_TYPE' })),
    ).toBeUndefined();
    expect(toRpcErrorPayload(Object.assign(new Error('duplicate key'), { code: '23505' }))).toBeUndefined();
    expect(
      toRpcErrorPayload([{ property: 'email', constraints: { isEmail: 'email must be an email' } }]),
    ).toBeUndefined();
    expect(toRpcErrorPayload(new Error('boom'))).toBeUndefined();
  });

  it('does not pass a status that is not an HTTP error status', () => {
    expect(toRpcErrorPayload(Object.assign(new Error('x'), { code: 'ODD', status: 200 }))).toMatchObject({
      status: 422,
    });
  });
});

describe('client side: what a failed request rejects with', () => {
  it('rebuilds the server error payload', () => {
    const error = toRpcError(
      { code: 'LEAD_TIME', message: 'too soon', status: 422, details: { min: 2 } },
      'scheduling.reservation.request',
    );
    expect(error).toBeInstanceOf(RpcError);
    expect(error).toMatchObject({ code: 'LEAD_TIME', message: 'too soon', status: 422, details: { min: 2 } });
  });

  it('reads no responders and connection failures as UPSTREAM_UNAVAILABLE', () => {
    expect(toRpcError(new EmptyResponseException('eligibility.check'), 'eligibility.check')).toMatchObject({
      code: 'UPSTREAM_UNAVAILABLE',
      status: 503,
    });
    expect(toRpcError('Error: Connection lost. Trying to reconnect...', 'eligibility.check')).toMatchObject({
      code: 'UPSTREAM_UNAVAILABLE',
      status: 503,
    });
    expect(toRpcError(new Error('Connection closed'), 'eligibility.check')).toMatchObject({
      code: 'UPSTREAM_UNAVAILABLE',
      status: 503,
    });
  });

  it("reads Nest's default error answer as INTERNAL", () => {
    expect(toRpcError({ status: 'error', message: 'Internal server error' }, 'eligibility.check')).toMatchObject({
      code: 'INTERNAL',
      status: 500,
    });
  });

  it('passes an RpcError through unchanged', () => {
    const timeout = new RpcError('UPSTREAM_TIMEOUT', 'no answer', 503);
    expect(toRpcError(timeout, 'x')).toBe(timeout);
  });
});
