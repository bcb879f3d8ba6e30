import { Injectable } from '@nestjs/common';
import type { ConversationEvent } from '@parley/contracts';
import type { SubscribeResponse } from '@parley/contracts';
import { ConnectionRegistry } from '../subscribe/connection-registry';
import { RecentIds } from './recent-ids';

/** ZIMGroupMemberState and ZIMGroupMemberEvent numbers. */
const GroupMemberState = { Quit: 0, Enter: 1 } as const;
const GroupMemberEvent = { Joined: 1, Left: 2, KickedOut: 4, Invited: 5 } as const;

/**
 * Tells members about membership changes from the conversation service's events: roomMemberJoined /
 * roomMemberLeft and groupMemberStateChanged, to everyone in the group or room after the change and
 * to those who left it. The event names who joined by themselves (operator among them) and who was
 * invited or kicked by someone else.
 */
@Injectable()
export class MembershipNotices {
  private readonly seen = new RecentIds();

  constructor(private readonly connections: ConnectionRegistry) {}

  handleBatch = async (events: ConversationEvent[]): Promise<void> => {
    for (const { eventId, appId, event } of events) {
      if (this.seen.isDuplicate(eventId)) continue;
      switch (event?.$case) {
        case 'groupMemberJoined':
        case 'groupMemberLeft': {
          const { groupId, userIds, operatorUserId, memberUserIds } = event.value;
          const joined = event.$case === 'groupMemberJoined';
          // Joined: a user came in alone, by themselves; anyone brought in by someone else (created with, invited) was Invited.
          const byThemselves = joined
            ? userIds.length === 1 && userIds[0] === operatorUserId
            : userIds.includes(operatorUserId);
          const notice: SubscribeResponse = {
            event: {
              $case: 'groupMemberStateChanged',
              value: {
                groupId,
                state: joined ? GroupMemberState.Enter : GroupMemberState.Quit,
                event: joined
                  ? byThemselves
                    ? GroupMemberEvent.Joined
                    : GroupMemberEvent.Invited
                  : byThemselves
                    ? GroupMemberEvent.Left
                    : GroupMemberEvent.KickedOut,
                userIds,
                operatorUserId,
              },
            },
          };
          this.tell(appId, [...memberUserIds, ...userIds], notice);
          break;
        }
        case 'roomMemberJoined':
        case 'roomMemberLeft': {
          const { roomId, userIds, memberUserIds } = event.value;
          const joined = event.$case === 'roomMemberJoined';
          this.tell(appId, [...memberUserIds, ...userIds], {
            event: { $case: 'roomMembersChanged', value: { roomId, userIds, joined } },
          });
          break;
        }
      }
    }
  };

  private tell(appId: string, userIds: string[], notice: SubscribeResponse): void {
    for (const userId of new Set(userIds))
      for (const connection of this.connections.connectionsOf(appId, userId)) connection.send(notice);
  }
}
