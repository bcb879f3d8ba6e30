import { MessageType } from '@parley/contracts';
import { contentMatchesType } from './file-signature';

const png = Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]);
const jpeg = Uint8Array.from([0xff, 0xd8, 0xff, 0xe0, 0, 16, 0x4a, 0x46, 0x49, 0x46, 0, 1]);
const mp4 = Buffer.from('\u0000\u0000\u0000\u0018ftypisom', 'latin1');
const m4a = Buffer.from('\u0000\u0000\u0000\u0018ftypM4A ', 'latin1');
const mp3 = Buffer.from('ID3\u0004\u0000\u0000\u0000\u0000\u0000\u0000\u0000\u0000', 'latin1');
const text = Buffer.from('hello, world!', 'utf8');

describe('file signatures', () => {
  it('accepts images by their magic bytes and refuses other content declared as Image', () => {
    expect(contentMatchesType(MessageType.MESSAGE_TYPE_IMAGE, png)).toBe(true);
    expect(contentMatchesType(MessageType.MESSAGE_TYPE_IMAGE, jpeg)).toBe(true);
    expect(contentMatchesType(MessageType.MESSAGE_TYPE_IMAGE, Buffer.from('GIF89a......', 'latin1'))).toBe(
      true,
    );
    expect(contentMatchesType(MessageType.MESSAGE_TYPE_IMAGE, text)).toBe(false);
    expect(contentMatchesType(MessageType.MESSAGE_TYPE_IMAGE, mp4)).toBe(false);
    expect(contentMatchesType(MessageType.MESSAGE_TYPE_IMAGE, png.subarray(0, 3))).toBe(false);
  });

  it('tells audio from video in ISO media files by the ftyp brand', () => {
    expect(contentMatchesType(MessageType.MESSAGE_TYPE_AUDIO, m4a)).toBe(true);
    expect(contentMatchesType(MessageType.MESSAGE_TYPE_VIDEO, m4a)).toBe(false);
    expect(contentMatchesType(MessageType.MESSAGE_TYPE_VIDEO, mp4)).toBe(true);
    expect(contentMatchesType(MessageType.MESSAGE_TYPE_AUDIO, mp3)).toBe(true);
    expect(contentMatchesType(MessageType.MESSAGE_TYPE_AUDIO, text)).toBe(false);
  });

  it('accepts anything as File and nothing for non-media types', () => {
    expect(contentMatchesType(MessageType.MESSAGE_TYPE_FILE, text)).toBe(true);
    expect(contentMatchesType(MessageType.MESSAGE_TYPE_FILE, Uint8Array.of(1))).toBe(true);
    expect(contentMatchesType(MessageType.MESSAGE_TYPE_TEXT, png)).toBe(false);
  });
});
