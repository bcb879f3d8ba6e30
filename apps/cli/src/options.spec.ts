import { ZIMConversationType, ZIMMessageType } from '@parley/sdk';
import { InvalidArgumentError } from 'commander';
import {
  conversationTypeName,
  conversationTypeOf,
  guessMediaType,
  parseChunkSize,
  parseCount,
  parseID,
  parseMediaType,
} from './options';

describe('conversation type flags', () => {
  it('is Peer without flags, Group with --group, Room with --room', () => {
    expect(conversationTypeOf({})).toBe(ZIMConversationType.Peer);
    expect(conversationTypeOf({ group: true })).toBe(ZIMConversationType.Group);
    expect(conversationTypeOf({ room: true })).toBe(ZIMConversationType.Room);
  });

  it('refuses --group with --room', () => {
    expect(() => conversationTypeOf({ group: true, room: true })).toThrow(InvalidArgumentError);
  });

  it('names the types as the CLI prints them', () => {
    expect(conversationTypeName(ZIMConversationType.Peer)).toBe('peer');
    expect(conversationTypeName(ZIMConversationType.Group)).toBe('group');
    expect(conversationTypeName(ZIMConversationType.Room)).toBe('room');
  });
});

describe('media type', () => {
  it.each([
    ['photo.PNG', ZIMMessageType.Image],
    ['a/b/c.jpeg', ZIMMessageType.Image],
    ['x.webp', ZIMMessageType.Image],
    ['song.mp3', ZIMMessageType.Audio],
    ['voice.m4a', ZIMMessageType.Audio],
    ['clip.mp4', ZIMMessageType.Video],
    ['clip.webm', ZIMMessageType.Video],
    ['report.pdf', ZIMMessageType.File],
    ['Makefile', ZIMMessageType.File],
    ['archive.tar.gz', ZIMMessageType.File],
  ])('guesses %s as type %s', (path, type) => {
    expect(guessMediaType(path)).toBe(type);
  });

  it('takes --type names in any case and refuses others', () => {
    expect(parseMediaType('image')).toBe(ZIMMessageType.Image);
    expect(parseMediaType('VIDEO')).toBe(ZIMMessageType.Video);
    expect(parseMediaType('file')).toBe(ZIMMessageType.File);
    expect(() => parseMediaType('text')).toThrow(InvalidArgumentError);
  });
});

describe('chunk size', () => {
  it('takes bytes or k / m suffixes within 64 KiB-8 MiB', () => {
    expect(parseChunkSize('65536')).toBe(65536);
    expect(parseChunkSize('256k')).toBe(256 * 1024);
    expect(parseChunkSize('1M')).toBe(1024 * 1024);
    expect(parseChunkSize('8MiB')).toBe(8 * 1024 * 1024);
  });

  it.each(['65535', '63k', '9m', '0', '-1', '1.5m', 'lots', ''])('refuses %p', (value) => {
    expect(() => parseChunkSize(value)).toThrow(InvalidArgumentError);
  });
});

describe('count and IDs', () => {
  it('takes 1-100', () => {
    expect(parseCount('1')).toBe(1);
    expect(parseCount('100')).toBe(100);
    for (const bad of ['0', '101', '2.5', 'ten', '-3'])
      expect(() => parseCount(bad)).toThrow(InvalidArgumentError);
  });

  it('refuses empty IDs', () => {
    expect(parseID('bob')).toBe('bob');
    expect(() => parseID('  ')).toThrow(InvalidArgumentError);
  });
});
