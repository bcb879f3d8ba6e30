import { Inject, Injectable } from '@nestjs/common';
import {
  ConversationEvent,
  ConversationNotificationStatus,
  ConversationType,
  conversationKey,
  EventHeaders,
  Topics,
} from '@parley/contracts';
import {
  type OutgoingEvent,
  OutboxRelay,
  type SessionPrincipal,
  ZimError,
  ZimErrorCode,
} from '@parley/platform';
import { randomUUID } from 'node:crypto';
import { CONVERSATION_LIMITS, type ConversationLimits } from '../config';
import { ConversationDatabase } from '../repositories/prisma.service';
import { withOutbox } from '../repositories/outbox';
import type { ListEvent } from './list-events';
import { isVisible, type ListRow } from './list-row';
import { ListTransaction, type RowRef } from './list-transaction';

/** A conversation as the caller names it in a request. */
export interface ConversationTarget {
  conversationId: string;
  conversationType: ConversationType;
}

type ListAction = Extract<
  ListEvent,
  { $case: 'conversationRead' | 'conversationSettingsChanged' | 'conversationDeleted' }
>;

/**
 * The user's own list actions. Each is recorded as an event (the fact the list is rebuilt from),
 * applied at once in the same transaction that queues it, and read back later by the projection,
 * where applying it again changes nothing.
 */
@Injectable()
export class ListCommands {
  constructor(
    private readonly db: ConversationDatabase,
    private readonly relay: OutboxRelay,
    @Inject(CONVERSATION_LIMITS) private readonly limits: ConversationLimits,
  ) {}

  clearUnread(user: SessionPrincipal, target: ConversationTarget): Promise<void> {
    return this.act(user, [refOf(user, target)], (rows) =>
      rows.filter((r) => r.unreadCount > 0).map((r) => read(r)),
    );
  }

  async clearTotalUnread(user: SessionPrincipal): Promise<void> {
    const unread = await this.db.userConversation.findMany({
      where: { appId: user.appId, userId: user.userId, unreadCount: { gt: 0 } },
      select: { conversationKey: true, conversationId: true, conversationType: true },
    });
    if (unread.length === 0) return;
    const refs = unread.map((r) => ({ appId: user.appId, userId: user.userId, ...r }));
    await this.act(user, refs, (rows) => rows.filter((r) => r.unreadCount > 0).map((r) => read(r)), false);
  }

  setNotificationStatus(
    user: SessionPrincipal,
    target: ConversationTarget,
    status: ConversationNotificationStatus,
  ): Promise<void> {
    if (
      status !== ConversationNotificationStatus.CONVERSATION_NOTIFICATION_STATUS_NOTIFY &&
      status !== ConversationNotificationStatus.CONVERSATION_NOTIFICATION_STATUS_DO_NOT_DISTURB
    )
      throw ZimError.invalidParams('status must be Notify (1) or DoNotDisturb (2)');
    return this.changeSettings(user, target, (row) => ({ ...settingsOf(row), notificationStatus: status }));
  }

  async setPinned(user: SessionPrincipal, target: ConversationTarget, isPinned: boolean): Promise<void> {
    await this.changeSettings(
      user,
      target,
      (row) => ({ ...settingsOf(row), isPinned }),
      async (row) => {
        if (!isPinned || row.isPinned) return;
        const pinned = await this.db.userConversation.count({
          where: { appId: user.appId, userId: user.userId, isPinned: true },
        });
        if (pinned >= this.limits.maxPinned)
          throw ZimError.of(
            ZimErrorCode.ConversationPinnedLimitReached,
            `at most ${this.limits.maxPinned} conversations can be pinned: unpin one first`,
          );
      },
    );
  }

  setDraft(user: SessionPrincipal, target: ConversationTarget, draft: string): Promise<void> {
    if (Buffer.byteLength(draft) > this.limits.draftMaxBytes)
      throw ZimError.invalidParams(`draft is over ${this.limits.draftMaxBytes} bytes`);
    return this.changeSettings(user, target, (row) => ({ ...settingsOf(row), draft }));
  }

  deleteConversation(user: SessionPrincipal, target: ConversationTarget): Promise<void> {
    return this.act(user, [refOf(user, target)], ([row]) =>
      row
        ? [
            {
              appId: row.appId,
              $case: 'conversationDeleted',
              value: { ...identity(row), throughSeq: Number(row.lastSeq) },
            },
          ]
        : [],
    );
  }

  private changeSettings(
    user: SessionPrincipal,
    target: ConversationTarget,
    next: (row: ListRow) => Omit<Settings, 'version'>,
    check?: (row: ListRow) => Promise<void>,
  ): Promise<void> {
    return this.act(
      user,
      [refOf(user, target)],
      ([row]) => {
        if (!row) return [];
        const settings = { ...next(row), version: Number(row.settingsVersion) + 1 };
        const same =
          settings.notificationStatus === row.notificationStatus &&
          settings.isPinned === row.isPinned &&
          settings.draft === row.draft;
        if (same) return [];
        return [
          {
            appId: row.appId,
            $case: 'conversationSettingsChanged',
            value: { ...identity(row), ...settings },
          },
        ];
      },
      true,
      check,
    );
  }

  /**
   * Locks the entries, checks they are listed, applies the actions `decide` returns and queues
   * them (and the notifications they cause) in the outbox, all in one transaction.
   */
  private async act(
    user: SessionPrincipal,
    refs: RowRef[],
    decide: (rows: ListRow[]) => ListAction[],
    mustBeListed = true,
    check?: (row: ListRow) => Promise<void>,
  ): Promise<void> {
    await withOutbox(this.db, this.relay, async (tx, events) => {
      const list = new ListTransaction(tx);
      await list.lock(refs);
      const rows = refs.map((r) => list.row(r));
      if (mustBeListed && rows.some((r) => !isVisible(r)))
        throw ZimError.of(
          ZimErrorCode.ConversationDoesNotExist,
          `conversation ${refs[0]?.conversationId} is not in ${user.userId}'s conversation list`,
        );
      for (const row of rows) await check?.(row);
      const actions = decide(rows);
      for (const action of actions) await list.apply(action);
      events.push(...actions.map(toEvent), ...(await list.finish()));
    });
  }
}

interface Settings {
  version: number;
  notificationStatus: ConversationNotificationStatus;
  isPinned: boolean;
  draft: string;
}

function settingsOf(row: ListRow): Omit<Settings, 'version'> {
  return { notificationStatus: row.notificationStatus, isPinned: row.isPinned, draft: row.draft };
}

function identity(row: ListRow) {
  return {
    userId: row.userId,
    conversationKey: row.conversationKey,
    conversationId: row.conversationId,
    conversationType: row.conversationType as ConversationType,
  };
}

function read(row: ListRow): ListAction {
  return {
    appId: row.appId,
    $case: 'conversationRead',
    value: { ...identity(row), readSeq: Number(row.lastSeq) },
  };
}

export function refOf(user: SessionPrincipal, target: ConversationTarget): RowRef {
  validateTarget(target);
  return {
    appId: user.appId,
    userId: user.userId,
    conversationKey: conversationKey(target.conversationType, user.userId, target.conversationId),
    conversationId: target.conversationId,
    conversationType: target.conversationType,
  };
}

/** Only Peer and Group conversations are listed; room messages never make list entries. */
export function validateTarget({ conversationId, conversationType }: ConversationTarget): void {
  if (conversationId.length === 0 || Buffer.byteLength(conversationId) > 128)
    throw ZimError.invalidParams('conversationID must be 1-128 bytes');
  if (conversationType === ConversationType.CONVERSATION_TYPE_ROOM)
    throw ZimError.of(ZimErrorCode.ConversationDoesNotExist, 'rooms have no conversation-list entries');
  if (
    conversationType !== ConversationType.CONVERSATION_TYPE_PEER &&
    conversationType !== ConversationType.CONVERSATION_TYPE_GROUP
  )
    throw ZimError.invalidParams('conversationType must be Peer (0) or Group (2)');
}

/** The Kafka event recording a list action: keyed by user so one user's actions stay in order. */
function toEvent(action: ListAction): OutgoingEvent {
  const { appId, ...event } = action;
  return {
    topic: Topics.conversationEvents,
    key: `${appId}/${action.value.userId}`,
    value: ConversationEvent.encode({
      eventId: randomUUID(),
      occurredAt: Date.now(),
      appId,
      event: event as ConversationEvent['event'],
    }).finish(),
    headers: { [EventHeaders.eventType]: action.$case },
  };
}
