import { Injectable } from '@nestjs/common';
import type { QueryRoomMemberListResponse, RoomInfo } from '@parley/contracts';
import {
  type OutgoingEvent,
  OutboxRelay,
  type SessionPrincipal,
  ZimError,
  ZimErrorCode,
} from '@parley/platform';
import type { Prisma } from '../generated/prisma';
import { membershipEvent, validId } from '../membership-events';
import { withOutbox } from '../repositories/outbox';
import { ConversationDatabase } from '../repositories/prisma.service';

type Tx = Prisma.TransactionClient;

/**
 * Rooms: live audiences that exist while someone is in them. Every change locks the room and queues
 * RoomMemberJoined / RoomMemberLeft with it.
 */
@Injectable()
export class RoomCommands {
  constructor(
    private readonly db: ConversationDatabase,
    private readonly relay: OutboxRelay,
  ) {}

  create(user: SessionPrincipal, roomId: string, roomName: string, requestId: string): Promise<RoomInfo> {
    validate(roomId, roomName);
    return withOutbox(this.db, this.relay, async (tx, events) => {
      await lockRoom(tx, user.appId, roomId);
      if (await tx.room.findUnique({ where: { appId_roomId: { appId: user.appId, roomId } } }))
        throw ZimError.of(ZimErrorCode.RoomAlreadyExists, `room ${roomId} already exists: enter it instead`);
      await tx.room.create({ data: { appId: user.appId, roomId, roomName } });
      await this.addMember(tx, events, user, roomId, requestId);
      return { roomId, roomName };
    });
  }

  /** Creates the room when nobody is in it; entering a room you are in changes nothing. */
  enter(user: SessionPrincipal, roomId: string, roomName: string, requestId: string): Promise<RoomInfo> {
    validate(roomId, roomName);
    return withOutbox(this.db, this.relay, async (tx, events) => {
      await lockRoom(tx, user.appId, roomId);
      const room =
        (await tx.room.findUnique({ where: { appId_roomId: { appId: user.appId, roomId } } })) ??
        (await tx.room.create({ data: { appId: user.appId, roomId, roomName } }));
      const present = await tx.roomMember.findUnique({
        where: { appId_roomId_userId: { appId: user.appId, roomId, userId: user.userId } },
      });
      if (!present) await this.addMember(tx, events, user, roomId, requestId);
      return { roomId, roomName: room.roomName };
    });
  }

  /** The last one out closes the room. */
  leave(user: SessionPrincipal, roomId: string, requestId: string): Promise<void> {
    validate(roomId, '');
    return withOutbox(this.db, this.relay, async (tx, events) => {
      await lockRoom(tx, user.appId, roomId);
      const removed = await tx.roomMember.deleteMany({
        where: { appId: user.appId, roomId, userId: user.userId },
      });
      if (removed.count === 0)
        throw ZimError.of(ZimErrorCode.RoomUserNotInRoom, `${user.userId} is not in room ${roomId}`);
      const rest = await memberIds(tx, user.appId, roomId);
      if (rest.length === 0) await tx.room.delete({ where: { appId_roomId: { appId: user.appId, roomId } } });
      events.push(
        membershipEvent(
          user.appId,
          roomId,
          {
            $case: 'roomMemberLeft',
            value: { roomId, userIds: [user.userId], operatorUserId: user.userId, memberUserIds: rest },
          },
          requestId,
        ),
      );
    });
  }

  async memberList(
    user: SessionPrincipal,
    roomId: string,
    count: number,
    nextFlag: number,
  ): Promise<QueryRoomMemberListResponse> {
    validate(roomId, '');
    if (!Number.isInteger(count) || count < 1 || count > 100)
      throw ZimError.invalidParams('count must be between 1 and 100');
    if (!(await this.db.room.findUnique({ where: { appId_roomId: { appId: user.appId, roomId } } })))
      throw ZimError.of(ZimErrorCode.RoomDoesNotExist, `room ${roomId} does not exist`);
    const me = await this.db.roomMember.findUnique({
      where: { appId_roomId_userId: { appId: user.appId, roomId, userId: user.userId } },
    });
    if (!me) throw ZimError.of(ZimErrorCode.RoomUserNotInRoom, `${user.userId} is not in room ${roomId}`);
    const page = await this.db.roomMember.findMany({
      where: { appId: user.appId, roomId, id: { gt: BigInt(nextFlag) } },
      orderBy: { id: 'asc' },
      take: count + 1,
    });
    const members = page.slice(0, count);
    const last = members[members.length - 1];
    return {
      members: members.map((m) => ({ userId: m.userId, enteredAt: m.enteredAt.getTime() })),
      nextFlag: page.length > count && last ? Number(last.id) : 0,
    };
  }

  private async addMember(
    tx: Tx,
    events: OutgoingEvent[],
    user: SessionPrincipal,
    roomId: string,
    requestId: string,
  ): Promise<void> {
    await tx.roomMember.create({ data: { appId: user.appId, roomId, userId: user.userId } });
    events.push(
      membershipEvent(
        user.appId,
        roomId,
        {
          $case: 'roomMemberJoined',
          value: {
            roomId,
            userIds: [user.userId],
            operatorUserId: user.userId,
            memberUserIds: await memberIds(tx, user.appId, roomId),
          },
        },
        requestId,
      ),
    );
  }
}

/** The room row may not exist yet, so the lock is on the room's name (held until commit). */
async function lockRoom(tx: Tx, appId: string, roomId: string): Promise<void> {
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${`room/${appId}/${roomId}`}))`;
}

function validate(roomId: string, roomName: string): void {
  if (!validId(roomId)) throw ZimError.invalidParams('roomID must be 1-32 bytes without spaces');
  if (Buffer.byteLength(roomName) > 64) throw ZimError.invalidParams('roomName is over 64 bytes');
}

async function memberIds(tx: Tx, appId: string, roomId: string): Promise<string[]> {
  const rows = await tx.roomMember.findMany({
    where: { appId, roomId },
    orderBy: { id: 'asc' },
    select: { userId: true },
  });
  return rows.map((r) => r.userId);
}
