// ZIM's enums with ZIM's numbers, so an app's existing constants keep working. Defined once, in
// @parley/contracts (the services use the same ones); the SDK exports them under ZIM's names.
export {
  ZIMConnectionEvent,
  ZIMConnectionState,
  ZIMConversationEvent,
  ZIMConversationNotificationStatus,
  ZIMConversationType,
  ZIMGroupMemberEvent,
  ZIMGroupMemberRole,
  ZIMGroupMemberState,
  ZIMMediaFileType,
  ZIMMessageDeleteType,
  ZIMMessageDirection,
  ZIMMessagePriority,
  ZIMMessageSentStatus,
  ZIMMessageType,
  ZIMPlatformType,
} from '@parley/contracts';
