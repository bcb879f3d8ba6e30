import { Injectable } from '@nestjs/common';
import type { ConversationNotification } from '@parley/contracts';
import { ConnectionRegistry } from '../subscribe/connection-registry';
import { RecentIds } from './recent-ids';

/**
 * Pushes the conversation service's notifications to every device of the user connected to this
 * replica: conversationChanged batches and conversationTotalUnreadMessageCountUpdated.
 */
@Injectable()
export class ConversationNotices {
  private readonly seen = new RecentIds();

  constructor(private readonly connections: ConnectionRegistry) {}

  handleBatch = async (events: ConversationNotification[]): Promise<void> => {
    for (const n of events) {
      if (this.seen.isDuplicate(n.eventId)) continue;
      const connections = this.connections.connectionsOf(n.appId, n.userId);
      if (connections.size === 0) continue;
      switch (n.event?.$case) {
        case 'conversationsChanged':
          for (const c of connections)
            c.send({ event: { $case: 'conversationChanged', value: { changes: n.event.value.changes } } });
          break;
        case 'totalUnreadUpdated':
          for (const c of connections)
            c.send({
              event: {
                $case: 'conversationTotalUnreadMessageCountUpdated',
                value: { totalUnreadMessageCount: n.event.value.totalUnreadMessageCount },
              },
            });
          break;
      }
    }
  };
}
