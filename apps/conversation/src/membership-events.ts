import { ConversationEvent, EventHeaders, Topics } from '@parley/contracts';
import type { OutgoingEvent } from '@parley/platform';
import { randomUUID } from 'node:crypto';

type MembershipCase =
  | 'groupMemberJoined'
  | 'groupMemberLeft'
  | 'groupDismissed'
  | 'roomMemberJoined'
  | 'roomMemberLeft';

/**
 * A group or room membership event, keyed "<app>/<group or room>" so one group's changes stay in
 * order: messaging authorises sends and fans messages out from them.
 */
export function membershipEvent(
  appId: string,
  scopeId: string,
  event: Extract<ConversationEvent['event'], { $case: MembershipCase }>,
  requestId: string,
): OutgoingEvent {
  return {
    topic: Topics.conversationEvents,
    key: `${appId}/${scopeId}`,
    value: ConversationEvent.encode({ eventId: randomUUID(), occurredAt: Date.now(), appId, event }).finish(),
    headers: { [EventHeaders.eventType]: event.$case, [EventHeaders.traceId]: requestId },
  };
}

/** ZIM group, room and user IDs: up to 32 bytes, no spaces or control characters. */
export function validId(id: string): boolean {
  // No whitespace or control characters (code points below 0x20).
  return id.length > 0 && Buffer.byteLength(id) <= 32 && !/\s/.test(id) && ![...id].some((c) => c < ' ');
}
