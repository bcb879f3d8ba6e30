import { GrpcMethod, Payload } from '@nestjs/microservices';
import type {
  CreateRoomRequest,
  EnterRoomRequest,
  LeaveRoomRequest,
  QueryRoomMemberListRequest,
} from '@parley/contracts';
import { Caller, GrpcController, RequestId, type SessionPrincipal } from '@parley/platform';
import { RoomCommands } from '../rooms/room-commands';

/** parley.conversation.v1.RoomService: rooms and who is in them. */
@GrpcController()
export class RoomController {
  constructor(private readonly rooms: RoomCommands) {}

  @GrpcMethod('RoomService', 'CreateRoom')
  async create(@Payload() r: CreateRoomRequest, @Caller() user: SessionPrincipal, @RequestId() id: string) {
    return { room: await this.rooms.create(user, r.roomId, r.roomName, id) };
  }

  @GrpcMethod('RoomService', 'EnterRoom')
  async enter(@Payload() r: EnterRoomRequest, @Caller() user: SessionPrincipal, @RequestId() id: string) {
    return { room: await this.rooms.enter(user, r.roomId, r.roomName, id) };
  }

  @GrpcMethod('RoomService', 'LeaveRoom')
  async leave(@Payload() r: LeaveRoomRequest, @Caller() user: SessionPrincipal, @RequestId() id: string) {
    await this.rooms.leave(user, r.roomId, id);
    return { roomId: r.roomId };
  }

  @GrpcMethod('RoomService', 'QueryRoomMemberList')
  members(@Payload() r: QueryRoomMemberListRequest, @Caller() user: SessionPrincipal) {
    return this.rooms.memberList(user, r.roomId, r.count, r.nextFlag);
  }
}
