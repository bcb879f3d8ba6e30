import { AreaClient } from './area-client';
import type {
  CreateRoomResponse,
  EnterRoomResponse,
  LeaveRoomResponse,
  QueryRoomMemberListResponse,
  RoomInfo,
  RoomMemberInfo,
  RoomServiceClient,
} from '@parley/contracts';
import { ZIMError, ZIMErrorCode } from './errors';
import { required } from './rpc';
import type {
  ZIMRoomCreatedResult,
  ZIMRoomEnteredResult,
  ZIMRoomFullInfo,
  ZIMRoomInfo,
  ZIMRoomLeftResult,
  ZIMRoomMemberQueriedResult,
  ZIMRoomMemberQueryConfig,
  ZIMUserInfo,
} from './types';

export function toZIMRoomFullInfo(r: RoomInfo): ZIMRoomFullInfo {
  return { baseInfo: { roomID: r.roomId, roomName: r.roomName } };
}

/** Wire room member → ZIMUserInfo; userName stays '' because Parley keeps no user profiles. */
export function toZIMUserInfo(m: RoomMemberInfo): ZIMUserInfo {
  return { userID: m.userId, userName: '' };
}

// ZIM pages room members with a string flag, '' meaning first page / no more; the wire uses int64, 0 for both.

/** ZIM's room nextFlag → the wire's next_flag; a flag this SDK did not hand out is rejected with 6000001. */
export function roomNextFlagToWire(flag: string | undefined): number {
  if (!flag) return 0;
  const value = Number(flag);
  if (!/^\d+$/.test(flag) || !Number.isSafeInteger(value)) {
    throw new ZIMError(ZIMErrorCode.InvalidParams, `nextFlag must be '' or a previous result's nextFlag`);
  }
  return value;
}

/** The wire's next_flag → ZIM's room nextFlag. */
export function roomNextFlagFromWire(flag: number): string {
  return flag === 0 ? '' : String(flag);
}

/** The room calls of ZIM (RoomService): each authenticates as the current caller. */
export class Rooms extends AreaClient<RoomServiceClient> {
  /** Fails with 6000323 when the room exists. */
  async createRoom(roomInfo: ZIMRoomInfo): Promise<ZIMRoomCreatedResult> {
    const response = await this.call<CreateRoomResponse>((auth, done) =>
      this.client.createRoom({ roomId: roomInfo.roomID, roomName: roomInfo.roomName ?? '' }, auth, done),
    );
    return { roomInfo: toZIMRoomFullInfo(required(response.room, 'the room')) };
  }

  /** Creates the room (named roomInfo.roomName) when it does not exist. */
  async enterRoom(roomInfo: ZIMRoomInfo): Promise<ZIMRoomEnteredResult> {
    const response = await this.call<EnterRoomResponse>((auth, done) =>
      this.client.enterRoom({ roomId: roomInfo.roomID, roomName: roomInfo.roomName ?? '' }, auth, done),
    );
    return { roomInfo: toZIMRoomFullInfo(required(response.room, 'the room')) };
  }

  async leaveRoom(roomID: string): Promise<ZIMRoomLeftResult> {
    await this.call<LeaveRoomResponse>((auth, done) => this.client.leaveRoom({ roomId: roomID }, auth, done));
    return { roomID };
  }

  async queryRoomMemberList(
    roomID: string,
    config: ZIMRoomMemberQueryConfig,
  ): Promise<ZIMRoomMemberQueriedResult> {
    const nextFlag = roomNextFlagToWire(config.nextFlag);
    const response = await this.call<QueryRoomMemberListResponse>((auth, done) =>
      this.client.queryRoomMemberList({ roomId: roomID, count: config.count, nextFlag }, auth, done),
    );
    return {
      roomID,
      memberList: response.members.map(toZIMUserInfo),
      nextFlag: roomNextFlagFromWire(response.nextFlag),
    };
  }
}
