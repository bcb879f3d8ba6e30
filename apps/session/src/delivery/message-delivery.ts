import {
  ConversationType,
  type Message,
  type MessagesDeleted,
  type MessagingEvent,
  peerConversationIdFor,
} from '@parley/contracts';
import { Injectable } from '@nestjs/common';
import { ConnectionRegistry } from '../subscribe/connection-registry';
import { RecentIds } from './recent-ids';

interface Batch {
  appId: string;
  userId: string;
  type: ConversationType;
  from: string;
  /** Each message with the session that sent it: that device must not get its own message back. */
  messages: { message: Message; senderSessionId: string }[];
}

/**
 * Pushes MessageSent events to the recipients connected to this replica. One Kafka batch becomes
 * one MessagesReceived per (recipient, conversation), so a burst costs one stream write per client.
 */
@Injectable()
export class MessageDelivery {
  private readonly seen = new RecentIds();

  constructor(private readonly connections: ConnectionRegistry) {}

  handleBatch = async (events: MessagingEvent[]): Promise<void> => {
    const batches = new Map<string, Batch>();
    for (const event of events) {
      if (this.seen.isDuplicate(event.eventId)) continue;
      if (event.event?.$case === 'messagesDeleted') {
        this.tellOtherDevices(event.appId, event.event.value);
        continue;
      }
      if (event.event?.$case !== 'messageSent') continue;
      const { message, inboxSeqs, senderSessionId } = event.event.value;
      if (!message) continue;
      const isPeer = message.conversationType === ConversationType.CONVERSATION_TYPE_PEER;
      // Everyone the message was for: the peer pair or the group's members at send time, sender included
      // (their other devices sync it; the sending device is skipped below).
      const viewers =
        Object.keys(inboxSeqs).length > 0
          ? Object.keys(inboxSeqs)
          : [message.conversationId, message.senderUserId];
      for (const viewer of new Set(viewers)) {
        const from = isPeer
          ? peerConversationIdFor(viewer, message.senderUserId, message.conversationId)
          : message.conversationId;
        const key = `${event.appId}\u0000${viewer}\u0000${message.conversationType}\u0000${from}`;
        const batch = batches.get(key) ?? {
          appId: event.appId,
          userId: viewer,
          type: message.conversationType,
          from,
          messages: [],
        };
        batch.messages.push({
          message: { ...message, conversationId: from, inboxSeq: inboxSeqs[viewer] ?? 0 },
          senderSessionId,
        });
        batches.set(key, batch);
      }
    }
    for (const b of batches.values()) {
      for (const connection of this.connections.connectionsOf(b.appId, b.userId)) {
        const messages = b.messages
          .filter((m) => m.senderSessionId !== connection.sessionId)
          .map((m) => m.message);
        if (messages.length === 0) continue;
        connection.send({
          event: {
            $case: 'messagesReceived',
            value: {
              conversationType: b.type,
              fromConversationId: b.from,
              messages,
              isOfflineMessage: false,
            },
          },
        });
      }
    }
  };

  /** messageDeleted reaches the deleting user's other devices; the deleting one already knows. */
  private tellOtherDevices(appId: string, deleted: MessagesDeleted): void {
    for (const connection of this.connections.connectionsOf(appId, deleted.userId)) {
      if (connection.sessionId === deleted.deleterSessionId) continue;
      connection.send({
        event: {
          $case: 'messageDeleted',
          value: {
            conversationId: deleted.conversationId,
            conversationType: deleted.conversationType,
            messageIds: deleted.messageIds,
            isDeleteConversationAllMessage: deleted.messageIds.length === 0,
          },
        },
      });
    }
  }
}
