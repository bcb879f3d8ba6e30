import { Metadata, status as GrpcStatus, type ServerUnaryCall, type ServiceError } from '@grpc/grpc-js';
import { ZimError } from '../errors/zim-error';
import { unary } from '../grpc/handlers';
import { metricsRegistry } from './metrics';
import { currentTraceId, traceOfBatch } from './trace';

async function handled(method: string, code: string): Promise<number> {
  const metric = await metricsRegistry.getSingleMetric('parley_grpc_server_handled_total')?.get();
  return metric?.values.find((v) => v.labels['method'] === method && v.labels['code'] === code)?.value ?? 0;
}

function call(requestId?: string): ServerUnaryCall<unknown, unknown> {
  const metadata = new Metadata();
  if (requestId) metadata.set('x-request-id', requestId);
  return { request: {}, metadata } as unknown as ServerUnaryCall<unknown, unknown>;
}

function invoke(handler: ReturnType<typeof unary>, c: ServerUnaryCall<unknown, unknown>) {
  return new Promise<{ err: Partial<ServiceError> | null; res: unknown }>((resolve) =>
    handler(c, (err, res) => resolve({ err: err as Partial<ServiceError> | null, res })),
  );
}

describe('trace IDs', () => {
  it('runs a unary handler under the caller x-request-id', async () => {
    let seen: string | undefined;
    const handler = unary('Echo', async () => {
      await new Promise((r) => setTimeout(r, 1));
      seen = currentTraceId();
      return {};
    });
    await invoke(handler, call('req-123'));
    expect(seen).toBe('req-123');
    expect(currentTraceId()).toBeUndefined();
  });

  it('gives a request without an ID a fresh one', async () => {
    let seen: string | undefined;
    await invoke(
      unary('Echo', async () => {
        seen = currentTraceId();
        return {};
      }),
      call(),
    );
    expect(seen).toMatch(/^[0-9a-f-]{36}$/);
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
    await invoke(
      unary('Count', async () => ({})),
      call(),
    );
    const { err } = await invoke(
      unary('Count', async () => {
        throw ZimError.invalidParams('bad');
      }),
      call(),
    );
    expect(err?.code).toBe(GrpcStatus.INVALID_ARGUMENT);
    expect(await handled('Count', 'OK')).toBe(ok + 1);
    expect(await handled('Count', 'INVALID_ARGUMENT')).toBe(refused + 1);
  });
});
