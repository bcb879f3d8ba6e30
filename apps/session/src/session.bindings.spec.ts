import { Topics } from '@parley/contracts';
import { nestBindings, rpcsInPackage } from '@parley/testing';
import { SessionModule } from './session.module';

const bindings = nestBindings(SessionModule);
const bound = (kind: 'grpc' | 'event') => bindings.filter((b) => b.kind === kind).map((b) => b.pattern);

describe('session is served through Nest handlers only', () => {
  it('binds every RPC of parley.session.v1 (and health) to one @GrpcMethod handler', () => {
    const rpcs = rpcsInPackage('parley.session.v1');
    expect(rpcs).toContain('SessionService/Subscribe');
    expect(
      bound('grpc')
        .filter((p) => !p.startsWith('Health/'))
        .sort(),
    ).toEqual(rpcs);
    expect(bound('grpc')).toEqual(expect.arrayContaining(rpcsInPackage('grpc.health.v1')));
  });

  it('consumes every topic it pushes to clients through an @EventPattern handler', () => {
    expect(bound('event').sort()).toEqual(
      [
        Topics.messagingEvents,
        Topics.conversationNotifications,
        Topics.conversationEvents,
        Topics.sessionEvents,
      ].sort(),
    );
  });
});
