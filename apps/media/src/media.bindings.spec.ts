import { Topics } from '@parley/contracts';
import { nestBindings, rpcsInPackage } from '@parley/testing';
import { MediaModule } from './media.module';

const bindings = nestBindings(MediaModule);
const bound = (kind: 'grpc' | 'event') => bindings.filter((b) => b.kind === kind).map((b) => b.pattern);

describe('media is served through Nest handlers only', () => {
  it('binds every RPC of parley.media.v1 (and health) to one @GrpcMethod handler', () => {
    const rpcs = rpcsInPackage('parley.media.v1');
    expect(rpcs).toContain('MediaService/UploadChunk');
    expect(
      bound('grpc')
        .filter((p) => !p.startsWith('Health/'))
        .sort(),
    ).toEqual(rpcs);
    expect(bound('grpc')).toEqual(expect.arrayContaining(rpcsInPackage('grpc.health.v1')));
  });

  it('consumes the viewers projection, image processing and revocations through @EventPattern handlers', () => {
    expect(bound('event').sort()).toEqual(
      [Topics.messagingEvents, Topics.mediaEvents, Topics.sessionEvents].sort(),
    );
  });
});
