import type { ConversationEvent, SubscribeResponse } from '@parley/contracts';
import { ConnectionRegistry } from '../subscribe/connection-registry';
import { connectFake } from '../subscribe/connections.testing';
import { MembershipNotices } from './membership-notices';

const APP = '1001';
/** A conversation event as the Kafka transport hands it over (decoded). */
function incoming(eventId: string, event: ConversationEvent['event']): ConversationEvent {
  return { eventId, occurredAt: 1, appId: APP, event };
}

const connect = (registry: ConnectionRegistry, userId: string) =>
  connectFake(registry, APP, userId, `${userId}-s`);

describe('membership notices', () => {
  it('tells members and leavers who joined, was invited, left or was kicked, once per event', async () => {
    const registry = new ConnectionRegistry();
    const [owner, bob, eve, stranger] = ['owner', 'bob', 'eve', 'stranger'].map((u) => connect(registry, u));
    const notices = new MembershipNotices(registry);
    const invited = incoming('e1', {
      $case: 'groupMemberJoined',
      value: {
        groupId: 'g',
        userIds: ['bob'],
        operatorUserId: 'owner',
        memberUserIds: ['owner', 'bob', 'eve'],
      },
    });
    await notices.handleBatch([
      invited,
      invited, // redelivered
      incoming('e2', {
        $case: 'groupMemberLeft',
        value: { groupId: 'g', userIds: ['eve'], operatorUserId: 'owner', memberUserIds: ['owner', 'bob'] },
      }),
      incoming('e3', {
        $case: 'groupMemberLeft',
        value: { groupId: 'g', userIds: ['bob'], operatorUserId: 'bob', memberUserIds: ['owner'] },
      }),
    ]);
    const events = (got: SubscribeResponse[] | undefined) =>
      (got ?? []).map((r) =>
        r.event?.$case === 'groupMemberStateChanged'
          ? [r.event.value.event, r.event.value.state]
          : r.event?.$case,
      );
    expect(events(owner)).toEqual([
      [5, 1],
      [4, 0],
      [2, 0],
    ]); // Invited/Enter, KickedOut/Quit, Left/Quit
    expect(events(eve)).toEqual([
      [5, 1],
      [4, 0],
    ]); // told she was kicked, then not any more
    expect(events(bob)).toEqual([
      [5, 1],
      [4, 0],
      [2, 0],
    ]);
    expect(stranger).toEqual([]);
  });

  it('tells a room who entered and who left', async () => {
    const registry = new ConnectionRegistry();
    const [ann, ben] = ['ann', 'ben'].map((u) => connect(registry, u));
    await new MembershipNotices(registry).handleBatch([
      incoming('r1', {
        $case: 'roomMemberJoined',
        value: { roomId: 'r', userIds: ['ben'], operatorUserId: 'ben', memberUserIds: ['ann', 'ben'] },
      }),
      incoming('r2', {
        $case: 'roomMemberLeft',
        value: { roomId: 'r', userIds: ['ben'], operatorUserId: 'ben', memberUserIds: ['ann'] },
      }),
    ]);
    const rooms = (got: SubscribeResponse[] | undefined) =>
      (got ?? []).map((r) => (r.event?.$case === 'roomMembersChanged' ? r.event.value : undefined));
    expect(rooms(ann)).toEqual([
      { roomId: 'r', userIds: ['ben'], joined: true },
      { roomId: 'r', userIds: ['ben'], joined: false },
    ]);
    expect(rooms(ben)).toHaveLength(2);
  });
});
