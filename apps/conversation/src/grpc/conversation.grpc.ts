import {
  type ConversationServiceServer,
  ConversationServiceService,
  type GroupServiceServer,
  GroupServiceService,
  type RoomServiceServer,
  RoomServiceService,
} from '@parley/contracts';
import { type GrpcServiceBinding, type SessionTokens, unary } from '@parley/platform';
import type { ListCommands } from '../conversation-list/list-commands';
import type { ListQueries } from '../conversation-list/list-queries';
import type { GroupCommands } from '../groups/group-commands';
import type { RoomCommands } from '../rooms/room-commands';

/** gRPC adapters for the conversation service's three APIs: authenticate, call the use case, encode. */
export function conversationGrpcBindings(
  tokens: SessionTokens,
  list: { commands: ListCommands; queries: ListQueries },
  groups: GroupCommands,
  rooms: RoomCommands,
): GrpcServiceBinding[] {
  const auth = (call: { metadata: Parameters<SessionTokens['authenticate']>[0] }) =>
    tokens.authenticate(call.metadata);
  const { commands, queries } = list;
  const conversations: ConversationServiceServer = {
    queryConversationList: unary('QueryConversationList', async (r, call) => ({
      conversations: await queries.list(await auth(call), r.count, r.nextConversation),
    })),
    queryConversation: unary('QueryConversation', async (r, call) => ({
      conversation: await queries.one(await auth(call), r),
    })),
    queryConversationTotalUnreadMessageCount: unary(
      'QueryConversationTotalUnreadMessageCount',
      async (_r, call) => ({
        totalUnreadMessageCount: await queries.totalUnread(await auth(call)),
      }),
    ),
    clearConversationUnreadMessageCount: unary('ClearConversationUnreadMessageCount', async (r, call) => {
      await commands.clearUnread(await auth(call), r);
      return {};
    }),
    clearConversationTotalUnreadMessageCount: unary(
      'ClearConversationTotalUnreadMessageCount',
      async (_r, call) => {
        await commands.clearTotalUnread(await auth(call));
        return {};
      },
    ),
    setConversationNotificationStatus: unary('SetConversationNotificationStatus', async (r, call) => {
      await commands.setNotificationStatus(await auth(call), r, r.status);
      return {};
    }),
    updateConversationPinnedState: unary('UpdateConversationPinnedState', async (r, call) => {
      await commands.setPinned(await auth(call), r, r.isPinned);
      return {};
    }),
    deleteConversation: unary('DeleteConversation', async (r, call) => {
      await commands.deleteConversation(await auth(call), r);
      return {};
    }),
    setConversationDraft: unary('SetConversationDraft', async (r, call) => {
      await commands.setDraft(await auth(call), r, r.draft);
      return {};
    }),
  };
  const groupService: GroupServiceServer = {
    createGroup: unary('CreateGroup', async (r, call, id) => groups.create(await auth(call), r, id)),
    joinGroup: unary('JoinGroup', async (r, call, id) => ({
      group: await groups.join(await auth(call), r.groupId, id),
    })),
    leaveGroup: unary('LeaveGroup', async (r, call, id) => {
      await groups.leave(await auth(call), r.groupId, id);
      return {};
    }),
    dismissGroup: unary('DismissGroup', async (r, call, id) => {
      await groups.dismiss(await auth(call), r.groupId, id);
      return {};
    }),
    inviteUsersIntoGroup: unary('InviteUsersIntoGroup', async (r, call, id) =>
      groups.invite(await auth(call), r.groupId, r.userIds, id),
    ),
    kickGroupMembers: unary('KickGroupMembers', async (r, call, id) =>
      groups.kick(await auth(call), r.groupId, r.userIds, id),
    ),
    setGroupMemberRole: unary('SetGroupMemberRole', async (r, call) => {
      await groups.setRole(await auth(call), r.groupId, r.forUserId, r.role);
      return {};
    }),
    queryGroupMemberList: unary('QueryGroupMemberList', async (r, call) =>
      groups.memberList(await auth(call), r.groupId, r.count, r.nextFlag),
    ),
    queryGroupInfo: unary('QueryGroupInfo', async (r, call) => ({
      group: await groups.info(await auth(call), r.groupId),
    })),
  };
  const roomService: RoomServiceServer = {
    createRoom: unary('CreateRoom', async (r, call, id) => ({
      room: await rooms.create(await auth(call), r.roomId, r.roomName, id),
    })),
    enterRoom: unary('EnterRoom', async (r, call, id) => ({
      room: await rooms.enter(await auth(call), r.roomId, r.roomName, id),
    })),
    leaveRoom: unary('LeaveRoom', async (r, call, id) => {
      await rooms.leave(await auth(call), r.roomId, id);
      return { roomId: r.roomId };
    }),
    queryRoomMemberList: unary('QueryRoomMemberList', async (r, call) =>
      rooms.memberList(await auth(call), r.roomId, r.count, r.nextFlag),
    ),
  };
  return [
    {
      name: 'parley.conversation.v1.ConversationService',
      definition: ConversationServiceService,
      implementation: conversations,
    },
    {
      name: 'parley.conversation.v1.GroupService',
      definition: GroupServiceService,
      implementation: groupService,
    },
    {
      name: 'parley.conversation.v1.RoomService',
      definition: RoomServiceService,
      implementation: roomService,
    },
  ];
}
