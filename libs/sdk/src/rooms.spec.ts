import type { RoomServiceClient } from '@parley/contracts';
import { fakeClient, loggedInAs } from './fake-client.testing';
import { roomNextFlagFromWire, roomNextFlagToWire, Rooms } from './rooms';

describe('room nextFlag conversion', () => {
  it("maps ZIM's '' (first page / no more) to and from the wire's 0", () => {
    expect(roomNextFlagToWire(undefined)).toBe(0);
    expect(roomNextFlagToWire('')).toBe(0);
    expect(roomNextFlagFromWire(0)).toBe('');
  });

  it('round-trips a real flag', () => {
    expect(roomNextFlagFromWire(1_700_000_000_123)).toBe('1700000000123');
    expect(roomNextFlagToWire('1700000000123')).toBe(1_700_000_000_123);
  });

  it.each(['abc', '-1', '1.5', ' 7', '99999999999999999999'])('rejects %p with 6000001', (flag) => {
    expect(() => roomNextFlagToWire(flag)).toThrow(expect.objectContaining({ code: 6000001 }));
  });
});

describe('Rooms', () => {
  it('enters with an empty name when none is given and returns the room as the server has it', async () => {
    const { client, calls } = fakeClient<RoomServiceClient>({
      enterRoom: { room: { roomId: 'r1', roomName: 'Lobby' } },
    });
    const result = await new Rooms(client, loggedInAs('me')).enterRoom({ roomID: 'r1' });
    expect(calls).toEqual([
      { method: 'enterRoom', request: { roomId: 'r1', roomName: '' }, authorization: 'Bearer tok' },
    ]);
    expect(result).toEqual({ roomInfo: { baseInfo: { roomID: 'r1', roomName: 'Lobby' } } });
  });

  it('pages members with string flags over the int64 wire flag', async () => {
    const { client, calls } = fakeClient<RoomServiceClient>({
      queryRoomMemberList: { members: [{ userId: 'alice', enteredAt: 5 }], nextFlag: 0 },
    });
    const result = await new Rooms(client, loggedInAs('me')).queryRoomMemberList('r1', {
      count: 10,
      nextFlag: '42',
    });
    expect(calls[0]?.request).toEqual({ roomId: 'r1', count: 10, nextFlag: 42 });
    expect(result).toEqual({ roomID: 'r1', memberList: [{ userID: 'alice', userName: '' }], nextFlag: '' });
  });

  it('rejects a bad flag without calling the server', async () => {
    const { client, calls } = fakeClient<RoomServiceClient>({
      queryRoomMemberList: { members: [], nextFlag: 0 },
    });
    await expect(
      new Rooms(client, loggedInAs('me')).queryRoomMemberList('r1', { count: 10, nextFlag: 'x' }),
    ).rejects.toMatchObject({ code: 6000001 });
    expect(calls).toEqual([]);
  });
});
