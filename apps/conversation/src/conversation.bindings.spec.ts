import { Topics } from '@parley/contracts';
import { nestBindings, rpcsInPackage } from '@parley/testing';
import { ConversationModule } from './conversation.module';

const bindings = nestBindings(ConversationModule);
const bound = (kind: 'grpc' | 'event') => bindings.filter((b) => b.kind === kind).map((b) => b.pattern);

describe('conversation is served through Nest handlers only', () => {
  it('binds every RPC of parley.conversation.v1 (and health) to one @GrpcMethod handler', () => {
    const rpcs = rpcsInPackage('parley.conversation.v1');
    expect(rpcs).toEqual(expect.arrayContaining(['GroupService/CreateGroup', 'RoomService/EnterRoom']));
    expect(
      bound('grpc')
        .filter((p) => !p.startsWith('Health/'))
        .sort(),
    ).toEqual(rpcs);
    expect(bound('grpc')).toEqual(expect.arrayContaining(rpcsInPackage('grpc.health.v1')));
  });

  it('consumes the list projection and the revocations through @EventPattern handlers', () => {
    expect(bound('event').sort()).toEqual(
      [Topics.messagingEvents, Topics.conversationEvents, Topics.sessionEvents].sort(),
    );
  });
});
