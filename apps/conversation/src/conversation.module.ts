import { Module } from '@nestjs/common';
import {
  ConversationServiceService,
  GroupServiceService,
  RoomServiceService,
  Topics,
} from '@parley/contracts';
import { OutboxModule, OutboxRelay, PlatformModule } from '@parley/platform';
import {
  CONVERSATION_CONFIG,
  CONVERSATION_LIMITS,
  type ConversationConfig,
  loadConversationConfig,
} from './config';
import { ListProjectionConsumer } from './consumers/list-projection.consumer';
import { ListCommands } from './conversation-list/list-commands';
import { ListProjector } from './conversation-list/list-projector';
import { ListQueries } from './conversation-list/list-queries';
import { GroupCommands } from './groups/group-commands';
import { GroupQueries } from './groups/group-queries';
import { ConversationController } from './grpc/conversation.controller';
import { GroupController } from './grpc/group.controller';
import { RoomController } from './grpc/room.controller';
import { ConversationDatabase } from './repositories/prisma.service';
import { RoomCommands } from './rooms/room-commands';

/** The identity bootstrapService and the binding test read: name, contracts served, configuration. */
export const CONVERSATION_SERVICE = {
  name: 'conversation',
  contracts: [ConversationServiceService, GroupServiceService, RoomServiceService],
  loadConfig: loadConversationConfig,
};

/**
 * What conversation is: each user's conversation list projected from messaging's events and the
 * user's own actions, plus groups and rooms, served over ConversationService, GroupService and RoomService.
 */
@Module({
  imports: [
    PlatformModule.forService({
      ...CONVERSATION_SERVICE,
      configToken: CONVERSATION_CONFIG,
      topics: [
        Topics.messagingEvents,
        Topics.sessionEvents,
        Topics.conversationEvents,
        Topics.conversationNotifications,
      ],
    }),
    OutboxModule.forService(ConversationDatabase),
  ],
  controllers: [ConversationController, GroupController, RoomController, ListProjectionConsumer],
  providers: [
    {
      provide: CONVERSATION_LIMITS,
      inject: [CONVERSATION_CONFIG],
      useFactory: (c: ConversationConfig) => c.limits,
    },
    {
      // The live projection notifies clients through the outbox; a rebuild builds one without it.
      provide: ListProjector,
      inject: [ConversationDatabase, OutboxRelay],
      useFactory: (db: ConversationDatabase, relay: OutboxRelay) => new ListProjector(db, relay),
    },
    ListCommands,
    ListQueries,
    GroupCommands,
    GroupQueries,
    RoomCommands,
  ],
})
export class ConversationModule {}
