import { credentials, loadPackageDefinition, type ServiceError } from '@grpc/grpc-js';
import { loadSync } from '@grpc/proto-loader';
import { join } from 'node:path';
import { stackUnderTest } from './harness';

// grpcurl's first question (`grpcurl -plaintext <edge> list`), asked the same way: server reflection
// through the edge lists every Parley service.
const reflectionProto = join(
  require.resolve('@grpc/reflection/package.json'),
  '../build/proto/grpc/reflection/v1/reflection.proto',
);

interface ReflectionStream {
  on(
    event: 'data',
    listener: (response: { listServicesResponse?: { service: { name: string }[] } }) => void,
  ): void;
  on(event: 'error', listener: (err: ServiceError) => void): void;
  write(request: { listServices: string }): void;
  end(): void;
}

type ReflectionClient = new (
  address: string,
  creds: ReturnType<typeof credentials.createInsecure>,
) => { serverReflectionInfo(): ReflectionStream; close(): void };

describe('gRPC server reflection through the edge', () => {
  it('lists every Parley service', async () => {
    const definition = loadPackageDefinition(loadSync(reflectionProto, { keepCase: false })) as unknown as {
      grpc: { reflection: { v1: { ServerReflection: ReflectionClient } } };
    };
    const client = new definition.grpc.reflection.v1.ServerReflection(
      stackUnderTest().endpoint,
      credentials.createInsecure(),
    );
    const names = await new Promise<string[]>((resolve, reject) => {
      const stream = client.serverReflectionInfo();
      stream.on('data', (response) => {
        resolve((response.listServicesResponse?.service ?? []).map((s) => s.name).sort());
        stream.end();
      });
      stream.on('error', reject);
      stream.write({ listServices: '*' });
    });
    client.close();
    expect(names).toEqual(
      expect.arrayContaining([
        'parley.conversation.v1.ConversationService',
        'parley.conversation.v1.GroupService',
        'parley.conversation.v1.RoomService',
        'parley.media.v1.MediaService',
        'parley.messaging.v1.MessagingService',
        'parley.session.v1.SessionService',
        'grpc.health.v1.Health',
      ]),
    );
  });
});
