import { Topics } from '@parley/contracts';
import { nestBindings, rpcsInPackage } from '@parley/testing';
import { MessagingModule } from './messaging.module';

const bindings = nestBindings(MessagingModule);
const bound = (kind: 'grpc' | 'event') => bindings.filter((b) => b.kind === kind).map((b) => b.pattern);

describe('messaging is served through Nest handlers only', () => {
  it('binds every RPC of parley.messaging.v1 (and health) to one @GrpcMethod handler', () => {
    const rpcs = rpcsInPackage('parley.messaging.v1');
    expect(rpcs.length).toBeGreaterThan(0);
    expect(
      bound('grpc')
        .filter((p) => !p.startsWith('Health/'))
        .sort(),
    ).toEqual(rpcs);
    expect(bound('grpc')).toEqual(expect.arrayContaining(rpcsInPackage('grpc.health.v1')));
  });

  it('consumes every topic it depends on through an @EventPattern handler', () => {
    expect(bound('event').sort()).toEqual(
      [Topics.conversationEvents, Topics.mediaEvents, Topics.sessionEvents].sort(),
    );
  });
});
