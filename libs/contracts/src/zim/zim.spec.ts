import { MediaFileType } from '../generated/parley/media/v1/media_service';
import {
  ConversationChangeAction,
  ConversationNotificationStatus,
  ConversationType,
  GroupMemberRole,
  MessagePriority,
  MessageSentStatus,
  MessageType,
} from '../generated/parley/common/v1/types';
import {
  ZIMConversationEvent,
  ZIMConversationNotificationStatus,
  ZIMConversationType,
  ZIMGroupMemberRole,
  ZIMMediaFileType,
  ZIMMessagePriority,
  ZIMMessageSentStatus,
  ZIMMessageType,
} from './enums';
import { ZimErrorCodes } from './error-codes';

type NumericEnum = Record<string, string | number>;

/** MESSAGE_TYPE_DO_NOT_DISTURB with prefix MESSAGE_TYPE_ → DoNotDisturb. */
const zimName = (protoName: string, prefix: string) =>
  protoName
    .slice(prefix.length)
    .toLowerCase()
    .replace(/(^|_)([a-z])/g, (_m, _sep: string, c: string) => c.toUpperCase());

describe("ZIM's enums", () => {
  // The SDK and the services pass wire enums on as ZIM's (and back) without a table: the numbers must agree.
  it.each<[string, NumericEnum, NumericEnum, string]>([
    ['ZIMConversationType', ZIMConversationType, ConversationType, 'CONVERSATION_TYPE_'],
    ['ZIMMessageType', ZIMMessageType, MessageType, 'MESSAGE_TYPE_'],
    ['ZIMMessageSentStatus', ZIMMessageSentStatus, MessageSentStatus, 'MESSAGE_SENT_STATUS_'],
    ['ZIMMessagePriority', ZIMMessagePriority, MessagePriority, 'MESSAGE_PRIORITY_'],
    [
      'ZIMConversationNotificationStatus',
      ZIMConversationNotificationStatus,
      ConversationNotificationStatus,
      'CONVERSATION_NOTIFICATION_STATUS_',
    ],
    ['ZIMConversationEvent', ZIMConversationEvent, ConversationChangeAction, 'CONVERSATION_CHANGE_ACTION_'],
    ['ZIMGroupMemberRole', ZIMGroupMemberRole, GroupMemberRole, 'GROUP_MEMBER_ROLE_'],
    ['ZIMMediaFileType', ZIMMediaFileType, MediaFileType, 'MEDIA_FILE_TYPE_'],
  ])('%s has the numbers of the proto enum', (_name, zim, proto, prefix) => {
    const wire = Object.entries(proto).filter(
      ([name, value]) =>
        typeof value === 'number' && name !== 'UNRECOGNIZED' && !name.endsWith('_UNSPECIFIED'),
    );
    expect(wire.length).toBeGreaterThan(1);
    for (const [name, value] of wire) expect([name, zim[zimName(name, prefix)]]).toEqual([name, value]);
  });
});

describe("ZIM's error codes", () => {
  it('give every name its own code', () => {
    const codes = Object.values(ZimErrorCodes);
    expect(new Set(codes).size).toBe(codes.length);
  });
});
