import type { MediaLimits } from '../config';
import { MessageType } from '@parley/contracts';

/** Bytes of a file's start that the checks below need. */
export const SIGNATURE_BYTES = 12;

const ascii = (head: Uint8Array, at: number, text: string) =>
  head.length >= at + text.length && [...text].every((c, i) => head[at + i] === c.charCodeAt(0));
const bytes = (head: Uint8Array, at: number, values: number[]) =>
  head.length >= at + values.length && values.every((v, i) => head[at + i] === v);
const ftypBrand = (head: Uint8Array) =>
  ascii(head, 4, 'ftyp') ? String.fromCharCode(...head.subarray(8, 12)) : undefined;

function isImage(h: Uint8Array): boolean {
  return (
    bytes(h, 0, [0xff, 0xd8, 0xff]) || // JPEG
    bytes(h, 0, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]) || // PNG
    ascii(h, 0, 'GIF87a') ||
    ascii(h, 0, 'GIF89a') ||
    ascii(h, 0, 'BM') || // BMP
    bytes(h, 0, [0x49, 0x49, 0x2a, 0x00]) || // TIFF, little-endian
    bytes(h, 0, [0x4d, 0x4d, 0x00, 0x2a]) || // TIFF, big-endian
    (ascii(h, 0, 'RIFF') && ascii(h, 8, 'WEBP'))
  );
}

function isAudio(h: Uint8Array): boolean {
  const brand = ftypBrand(h);
  return (
    ascii(h, 0, 'ID3') || // MP3 with ID3 tag
    (h.length >= 2 && h[0] === 0xff && ((h[1] ?? 0) & 0xe0) === 0xe0) || // MPEG audio / AAC (ADTS) frame
    brand === 'M4A ' ||
    brand === 'M4B ' ||
    (ascii(h, 0, 'RIFF') && ascii(h, 8, 'WAVE')) ||
    ascii(h, 0, '#!AMR') ||
    ascii(h, 0, 'OggS')
  );
}

function isVideo(h: Uint8Array): boolean {
  const brand = ftypBrand(h);
  return (
    (brand !== undefined && brand !== 'M4A ' && brand !== 'M4B ') || // MP4, MOV (qt), 3GP, M4V…
    ['moov', 'mdat', 'wide', 'free'].some((atom) => ascii(h, 4, atom)) || // older QuickTime
    bytes(h, 0, [0x1a, 0x45, 0xdf, 0xa3]) || // Matroska / WebM
    (ascii(h, 0, 'RIFF') && ascii(h, 8, 'AVI '))
  );
}

/** Whether a file's first bytes fit its declared ZIM media type (File accepts anything). */
export function contentMatchesType(type: MessageType, head: Uint8Array): boolean {
  switch (type) {
    case MessageType.MESSAGE_TYPE_IMAGE:
      return isImage(head);
    case MessageType.MESSAGE_TYPE_AUDIO:
      return isAudio(head);
    case MessageType.MESSAGE_TYPE_VIDEO:
      return isVideo(head);
    case MessageType.MESSAGE_TYPE_FILE:
      return true;
    default:
      return false;
  }
}

/** The media message types an upload may be, with their label and which size cap applies. */
export const MEDIA_TYPES = new Map<number, { label: string; cap: keyof MediaLimits }>([
  [MessageType.MESSAGE_TYPE_IMAGE, { label: 'Image', cap: 'imageMaxBytes' }],
  [MessageType.MESSAGE_TYPE_FILE, { label: 'File', cap: 'fileMaxBytes' }],
  [MessageType.MESSAGE_TYPE_AUDIO, { label: 'Audio', cap: 'audioMaxBytes' }],
  [MessageType.MESSAGE_TYPE_VIDEO, { label: 'Video', cap: 'videoMaxBytes' }],
]);
