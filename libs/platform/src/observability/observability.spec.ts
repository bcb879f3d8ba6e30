import { Metadata, status as GrpcStatus, type ServiceError } from '@grpc/grpc-js';
import { ExecutionContextHost } from '@nestjs/core/helpers/execution-context-host';
import { defer, lastValueFrom, type Observable } from 'rxjs';
import { ZimError } from '../errors/zim-error';
import { RpcTelemetryInterceptor } from '../grpc/rpc-telemetry.interceptor';
import { ZimExceptionFilter } from '../grpc/zim-exception.filter';
import { metricsRegistry } from './metrics';
import { currentTraceId, traceOfBatch } from './trace';

async function handled(method: string, code: string): Promise<number> {
  const metric = await metricsRegistry.getSingleMetric('parley_grpc_server_handled_total')?.get();
  return metric?.values.find((v) => v.labels['method'] === method && v.labels['code'] === code)?.value ?? 0;
}

/** The arguments Nest's gRPC transport hands a unary handler: request, metadata, call. */
function rpcContext(method: string, requestId?: string): ExecutionContextHost {
  const metadata = new Metadata();
  if (requestId) metadata.set('x-request-id', requestId);
  const call = { getPath: () => `/parley.test.v1.TestService/${method}` };
  const context = new ExecutionContextHost([{}, metadata, call]);
  context.setType('rpc');
  return context;
}

/** Runs `work` as the handler of an RPC, through the interceptor and (on failure) the exception filter. */
async function invoke(
  context: ExecutionContextHost,
  work: () => Promise<unknown>,
): Promise<{ err: Partial<ServiceError> | null; res: unknown }> {
  const interceptor = new RpcTelemetryInterceptor();
  try {
    const res = await lastValueFrom(interceptor.intercept(context, { handle: () => defer(work) }));
    return { err: null, res };
  } catch (exception) {
    const answer: Observable<never> = new ZimExceptionFilter().catch(exception, context);
    return lastValueFrom(answer).catch((err: Partial<ServiceError>) => ({ err, res: undefined }));
  }
}

describe('trace IDs', () => {
  it('runs a unary handler under the caller x-request-id', async () => {
    let seen: string | undefined;
    await invoke(rpcContext('Echo', 'req-123'), async () => {
      await new Promise((r) => setTimeout(r, 1));
      seen = currentTraceId();
      return {};
    });
    expect(seen).toBe('req-123');
    expect(currentTraceId()).toBeUndefined();
  });

  it('gives a request without an ID a fresh one', async () => {
    let seen: string | undefined;
    await invoke(rpcContext('Echo'), async () => {
      seen = currentTraceId();
      return {};
    });
    expect(seen).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('answers a handler that returns nothing with the empty response message', async () => {
    const { err, res } = await invoke(rpcContext('Logout'), async () => undefined);
    expect(err).toBeNull();
    expect(res).toEqual({});
  });

  it('names the request in the error a client gets', async () => {
    const { err } = await invoke(rpcContext('Echo', 'req-456'), async () => {
      throw new Error('boom');
    });
    expect(err?.code).toBe(GrpcStatus.INTERNAL);
    expect(err?.details).toBe('internal error (request req-456)');
    expect(err?.metadata?.get('x-request-id')).toEqual(['req-456']);
  });

  it('names every distinct request of a batch, up to ten', () => {
    expect(traceOfBatch([undefined, undefined])).toBeUndefined();
    expect(traceOfBatch(['a', 'b', 'a', undefined])).toBe('a,b');
    const many = Array.from({ length: 13 }, (_, i) => `r${i}`);
    expect(traceOfBatch(many)).toBe(`${many.slice(0, 10).join(',')},+3`);
  });
});

describe('RPC metrics', () => {
  it('counts answered calls by method and status name', async () => {
    const ok = await handled('Count', 'OK');
    const refused = await handled('Count', 'INVALID_ARGUMENT');
    await invoke(rpcContext('Count'), async () => ({}));
    const { err } = await invoke(rpcContext('Count'), async () => {
      throw ZimError.invalidParams('bad');
    });
    expect(err?.code).toBe(GrpcStatus.INVALID_ARGUMENT);
    expect(err?.metadata?.get('zim-error-code')).toEqual(['6000001']);
    expect(await handled('Count', 'OK')).toBe(ok + 1);
    expect(await handled('Count', 'INVALID_ARGUMENT')).toBe(refused + 1);
  });
});
