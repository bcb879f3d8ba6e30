import { type ConversationType, Message, type MessageContent, MessageSentStatus } from '@parley/contracts';
import { randomUUID } from 'node:crypto';
import { type ZIMConversationType, ZIMMessageSentStatus } from './enums';
import { ZIMError, ZIMErrorCode } from './errors';
import type { InboxSync } from './inbox-sync';
import { toZIMMessage } from './message-mapping';
import type { ZIMEventHandler, ZIMMessage, ZIMMessageSendNotification } from './types';

/** What a send needs from the logged-in session. */
export interface Sender {
  userID: string;
  /** Told of each send, so the device's own message does not come back to it as received. */
  inbox: Pick<InboxSync, 'sending' | 'sent'>;
  /** Raises messageSentStatusChanged. */
  statusChanged(data: ZIMEventHandler['messageSentStatusChanged']): void;
}

/** Returns the current Sender, or throws ZIMError 6000121 when nobody is logged in. */
export type SenderOf = () => Sender;

/**
 * The flow every send shares (sendMessage, sendMediaMessage): attaches the message as Sending
 * (onMessageAttached) under a fresh localMessageID, runs `transmit` with that ID (which must keep it
 * across its own retries), then reports Success with the stored message or Failed with the error code.
 * `local` holds client-side fields (fileLocalPath) kept on the attached and on the stored message.
 */
export async function sendTracked(
  sender: Sender,
  content: MessageContent,
  toConversationID: string,
  conversationType: ZIMConversationType,
  notification: ZIMMessageSendNotification | undefined,
  transmit: (localMessageID: string, attached: ZIMMessage) => Promise<Message | undefined>,
  local: Partial<ZIMMessage> = {},
): Promise<ZIMMessage> {
  const localMessageID = randomUUID();
  const attached: ZIMMessage = {
    ...toZIMMessage(
      Message.fromPartial({
        ...content,
        localMessageId: localMessageID,
        senderUserId: sender.userID,
        conversationId: toConversationID,
        conversationType: conversationType as number as ConversationType,
        sentStatus: MessageSentStatus.MESSAGE_SENT_STATUS_SENDING,
        timestamp: Date.now(),
      }),
      sender.userID,
    ),
    ...local,
  };
  notification?.onMessageAttached?.(attached);
  sender.inbox.sending(localMessageID);
  try {
    const stored = await transmit(localMessageID, attached);
    if (!stored) throw new ZIMError(6000203, 'server answered without the stored message');
    sender.inbox.sent(stored);
    const sent = { ...toZIMMessage(stored, sender.userID), ...local };
    sender.statusChanged({ infos: [{ status: ZIMMessageSentStatus.Success, message: sent, reason: 0 }] });
    return sent;
  } catch (err) {
    // The server's send is synchronous, so the SDK itself reports the Sending → Failed change, as ZIM does.
    const code = err instanceof ZIMError ? err.code : ZIMErrorCode.NetworkError;
    const failed = { ...attached, sentStatus: ZIMMessageSentStatus.Failed };
    sender.statusChanged({ infos: [{ status: ZIMMessageSentStatus.Failed, message: failed, reason: code }] });
    throw err;
  }
}
