// Pure checks and conversions of command-line values. Each parser throws commander's
// InvalidArgumentError, which the program reports with the command's usage and exit code 2.
import { ZIMConversationType, type ZIMMediaMessageType, ZIMMessageType } from '@parley/sdk';
import { InvalidArgumentError } from 'commander';
import { extname } from 'node:path';

/** The SDK's bounds for uploadChunkSize (ZIMMediaMessageSendConfig): 64 KiB to 8 MiB. */
export const MIN_CHUNK_SIZE = 64 * 1024;
export const MAX_CHUNK_SIZE = 8 * 1024 * 1024;

/** --group / --room (at most one; neither means a one-to-one conversation). */
export interface ConversationTypeFlags {
  group?: boolean;
  room?: boolean;
}

export function conversationTypeOf(flags: ConversationTypeFlags): ZIMConversationType {
  if (flags.group && flags.room) throw new InvalidArgumentError('use --group or --room, not both');
  if (flags.group) return ZIMConversationType.Group;
  if (flags.room) return ZIMConversationType.Room;
  return ZIMConversationType.Peer;
}

/** `peer`, `group` or `room`, as the CLI prints conversation types. */
export function conversationTypeName(type: ZIMConversationType): string {
  switch (type) {
    case ZIMConversationType.Peer:
      return 'peer';
    case ZIMConversationType.Group:
      return 'group';
    case ZIMConversationType.Room:
      return 'room';
    default:
      return `type ${String(type)}`;
  }
}

export const MEDIA_TYPE_NAMES = ['image', 'file', 'audio', 'video'] as const;
export type MediaTypeName = (typeof MEDIA_TYPE_NAMES)[number];

const MEDIA_TYPES: Record<MediaTypeName, ZIMMediaMessageType> = {
  image: ZIMMessageType.Image,
  file: ZIMMessageType.File,
  audio: ZIMMessageType.Audio,
  video: ZIMMessageType.Video,
};

// The formats Parley's media service recognises for each type (it checks the file's first bytes);
// anything else goes as a File, which accepts any content.
const EXTENSIONS: Record<Exclude<MediaTypeName, 'file'>, readonly string[]> = {
  image: ['.png', '.jpg', '.jpeg', '.gif', '.bmp', '.tif', '.tiff', '.webp'],
  audio: ['.mp3', '.aac', '.m4a', '.m4b', '.wav', '.amr', '.ogg', '.oga', '.opus'],
  video: ['.mp4', '.m4v', '.mov', '.3gp', '.3g2', '.mkv', '.webm', '.avi'],
};

/** --type's value → the message type. */
export function parseMediaType(value: string): ZIMMediaMessageType {
  const name = value.toLowerCase();
  if (!(MEDIA_TYPE_NAMES as readonly string[]).includes(name))
    throw new InvalidArgumentError(`must be one of ${MEDIA_TYPE_NAMES.join(', ')}`);
  return MEDIA_TYPES[name as MediaTypeName];
}

/** The message type for a file without --type: by extension, File when it is not a known media format. */
export function guessMediaType(path: string): ZIMMediaMessageType {
  const extension = extname(path).toLowerCase();
  for (const [name, extensions] of Object.entries(EXTENSIONS)) {
    if (extensions.includes(extension)) return MEDIA_TYPES[name as MediaTypeName];
  }
  return ZIMMessageType.File;
}

export function mediaTypeName(type: ZIMMessageType): string {
  const entry = Object.entries(MEDIA_TYPES).find(([, t]) => t === type);
  return entry ? entry[0] : `type ${type}`;
}

/** --chunk-size: bytes, optionally with a KiB/MiB suffix (k, K, KiB, m, M, MiB). */
export function parseChunkSize(value: string): number {
  const match = /^(\d+)\s*(k|kib|m|mib)?$/i.exec(value.trim());
  if (!match) throw new InvalidArgumentError('must be a number of bytes, e.g. 65536, 256k or 1m');
  const unit = (match[2] ?? '').toLowerCase();
  const factor = unit.startsWith('k') ? 1024 : unit.startsWith('m') ? 1024 * 1024 : 1;
  const size = Number(match[1]) * factor;
  if (!Number.isSafeInteger(size) || size < MIN_CHUNK_SIZE || size > MAX_CHUNK_SIZE)
    throw new InvalidArgumentError(
      `must be from ${MIN_CHUNK_SIZE} (64 KiB) to ${MAX_CHUNK_SIZE} (8 MiB) bytes, got ${value}`,
    );
  return size;
}

/** --count: how many messages a history page holds (the server's limit is 1-100). */
export function parseCount(value: string): number {
  if (!/^\d+$/.test(value.trim())) throw new InvalidArgumentError('must be a whole number from 1 to 100');
  const count = Number(value);
  if (count < 1 || count > 100) throw new InvalidArgumentError('must be from 1 to 100');
  return count;
}

/** A user, conversation or message ID: not empty. */
export function parseID(value: string): string {
  if (value.trim() === '') throw new InvalidArgumentError('must not be empty');
  return value;
}
