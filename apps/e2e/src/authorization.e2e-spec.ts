import { Client, credentials, Metadata, type ServiceError, status } from '@grpc/grpc-js';
import { loadFileDescriptorSetFromBuffer } from '@grpc/proto-loader';
import { DESCRIPTOR_SET_BASE64 } from '@parley/contracts';
import { stackUnderTest } from './harness';

// Every RPC Parley serves, read from the contracts: none but Login may be called without a session.
// The services check sessions in one place (SessionGuard); this proves it guards every handler.
interface Rpc {
  path: string;
  requestStream: boolean;
  responseStream: boolean;
}

const PUBLIC = new Set(['/parley.session.v1.SessionService/Login']);

function parleyRpcs(): Rpc[] {
  const definition = loadFileDescriptorSetFromBuffer(Buffer.from(DESCRIPTOR_SET_BASE64, 'base64'));
  return Object.entries(definition)
    .filter(([name, value]) => name.startsWith('parley.') && !('format' in value))
    .flatMap(([, service]) => Object.values(service as unknown as Record<string, Rpc>));
}

const identity = (b: Buffer) => b;
const empty = Buffer.alloc(0); // a valid encoding of every proto3 message with no fields set

/** Calls `rpc` with an empty request and the given metadata; resolves with the call's error (or none). */
function call(client: Client, rpc: Rpc, metadata: Metadata): Promise<ServiceError | undefined> {
  return new Promise((resolve) => {
    const done = (err: ServiceError | null) => resolve(err ?? undefined);
    if (rpc.requestStream) {
      const stream = client.makeClientStreamRequest(rpc.path, identity, identity, metadata, {}, done);
      stream.write(empty);
      stream.end();
    } else if (rpc.responseStream) {
      const stream = client.makeServerStreamRequest(rpc.path, identity, identity, empty, metadata, {});
      stream.on('data', () => stream.cancel());
      stream.on('error', done);
      stream.on('end', () => done(null));
    } else client.makeUnaryRequest(rpc.path, identity, identity, empty, metadata, {}, done);
  });
}

describe('every RPC needs a session (except Login)', () => {
  const rpcs = parleyRpcs().filter((r) => !PUBLIC.has(r.path));
  let client: Client;
  beforeAll(() => (client = new Client(stackUnderTest().endpoint, credentials.createInsecure())));
  afterAll(() => client.close());

  it('covers every service of the contracts', () => {
    const services = new Set(rpcs.map((r) => r.path.split('/')[1]));
    expect([...services].sort()).toEqual([
      'parley.conversation.v1.ConversationService',
      'parley.conversation.v1.GroupService',
      'parley.conversation.v1.RoomService',
      'parley.media.v1.MediaService',
      'parley.messaging.v1.MessagingService',
      'parley.session.v1.SessionService',
    ]);
  });

  it.each([
    ['no session token', () => new Metadata(), 6000121],
    [
      'a forged session token',
      () => {
        const m = new Metadata();
        m.set('authorization', 'Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJtYWxsb3J5In0.forged');
        return m;
      },
      6000103,
    ],
  ])('refuses %s with UNAUTHENTICATED and its ZIM code', async (_what, metadata, code) => {
    const answers = await Promise.all(
      rpcs.map(async (rpc) => {
        const err = await call(client, rpc, metadata());
        return [rpc.path, err?.code, err?.metadata.get('zim-error-code')[0]] as const;
      }),
    );
    expect(answers).toEqual(rpcs.map((rpc) => [rpc.path, status.UNAUTHENTICATED, String(code)]));
  });
});
