// Groups and rooms, their members and the events about them.
import type { ZIMGroupMemberEvent, ZIMGroupMemberRole, ZIMGroupMemberState } from '../enums';

export interface ZIMGroupInfo {
  groupID: string;
  groupName: string;
  /** Always '': Parley keeps no group avatars. */
  groupAvatarUrl: string;
}

export interface ZIMGroupFullInfo {
  baseInfo: ZIMGroupInfo;
  ownerUserID: string;
  memberCount: number;
  maxMemberCount: number;
  /** ms since the epoch. */
  createdTime: number;
}

/** A group member; names and avatars are always '' (Parley keeps no user profiles). */
export interface ZIMGroupMemberInfo {
  userID: string;
  userName: string;
  memberNickname: string;
  memberRole: ZIMGroupMemberRole;
  memberAvatarUrl: string;
}

/** A user a group operation could not apply to, and why (a ZIM error code). */
export interface ZIMErrorUserInfo {
  userID: string;
  reason: number;
}

export interface ZIMGroupAdvancedConfig {
  /** Omit for the server's default (500). */
  maxMemberCount?: number;
}

export interface ZIMGroupCreatedResult {
  groupInfo: ZIMGroupFullInfo;
  userList: ZIMGroupMemberInfo[];
  errorUserList: ZIMErrorUserInfo[];
}

export interface ZIMGroupJoinedResult {
  groupInfo: ZIMGroupFullInfo;
}

export type ZIMGroupInfoQueriedResult = ZIMGroupJoinedResult;

export interface ZIMGroupLeftResult {
  groupID: string;
}

export type ZIMGroupDismissedResult = ZIMGroupLeftResult;

export interface ZIMGroupUsersInvitedResult {
  groupID: string;
  userList: ZIMGroupMemberInfo[];
  errorUserList: ZIMErrorUserInfo[];
}

export interface ZIMGroupMemberKickedResult {
  groupID: string;
  kickedUserIDList: string[];
  errorUserList: ZIMErrorUserInfo[];
}

export interface ZIMGroupMemberRoleUpdatedResult {
  groupID: string;
  forUserID: string;
  role: ZIMGroupMemberRole;
}

export interface ZIMGroupMemberListQueryConfig {
  /** 1-100. */
  count: number;
  /** 0 or omitted for the first page, then the previous result's nextFlag. */
  nextFlag?: number;
}

export interface ZIMGroupMemberListQueriedResult {
  groupID: string;
  /** In join order. */
  userList: ZIMGroupMemberInfo[];
  /** 0 when there are no more members. */
  nextFlag: number;
}

/** What createRoom and enterRoom take; roomName is used only when the call creates the room. */
export interface ZIMRoomInfo {
  roomID: string;
  roomName?: string;
}

export interface ZIMRoomFullInfo {
  baseInfo: Required<ZIMRoomInfo>;
}

export interface ZIMRoomCreatedResult {
  roomInfo: ZIMRoomFullInfo;
}

export type ZIMRoomEnteredResult = ZIMRoomCreatedResult;

export interface ZIMRoomLeftResult {
  roomID: string;
}

/** A room member; userName is always '' (Parley keeps no user profiles). */
export interface ZIMUserInfo {
  userID: string;
  userName: string;
}

export interface ZIMRoomMemberQueryConfig {
  /** 1-100. */
  count: number;
  /** '' or omitted for the first page, then the previous result's nextFlag. */
  nextFlag?: string;
}

export interface ZIMRoomMemberQueriedResult {
  roomID: string;
  /** In entry order. */
  memberList: ZIMUserInfo[];
  /** '' when there are no more members. */
  nextFlag: string;
}

/** roomMemberJoined / roomMemberLeft: who entered or left a room you are in. */
export interface ZIMEventOfRoomMembersUpdatedResult {
  roomID: string;
  memberList: ZIMUserInfo[];
}

/** Who made a group change; names and avatars are always '', memberRole always Member (3). */
export interface ZIMGroupOperatedInfo {
  userID: string;
  userName: string;
  memberNickname: string;
  memberRole: ZIMGroupMemberRole;
  memberAvatarUrl: string;
}

export interface ZIMEventOfGroupMemberStateChangedResult {
  groupID: string;
  state: ZIMGroupMemberState;
  event: ZIMGroupMemberEvent;
  /** The users who came in or went out; memberRole is always Member (3), names and avatars ''. */
  userList: ZIMGroupMemberInfo[];
  operatedInfo: ZIMGroupOperatedInfo;
}
