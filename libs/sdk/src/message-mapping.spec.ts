import { Message, MessageType } from '@parley/contracts';
import { ZIMMessageType } from './enums';
import { isMediaMessageType, toMediaMessageContent, toZIMMessage } from './message-mapping';

/** A media message's file fields when the message names no file. */
const noFile = { fileUID: '', fileName: '', fileSize: 0, fileDownloadUrl: '', fileLocalPath: '' };

describe('media message mapping', () => {
  it('maps Message.media to the ZIMMediaMessage fields, with no local path', () => {
    const message = toZIMMessage(
      Message.fromPartial({
        messageId: '7',
        senderUserId: 'alice',
        type: MessageType.MESSAGE_TYPE_FILE,
        media: {
          fileUid: 'f1',
          fileName: 'report.pdf',
          fileSize: 123_456,
          fileDownloadUrl: '',
          sha256: 'ab'.repeat(32),
        },
      }),
      'me',
    );
    expect(message).toMatchObject({
      ...noFile,
      type: ZIMMessageType.File,
      message: '',
      fileUID: 'f1',
      fileName: 'report.pdf',
      fileSize: 123_456,
    });
  });

  it('maps a developer-hosted file, and a media message without media to empty fields', () => {
    const hosted = toZIMMessage(
      Message.fromPartial({
        type: MessageType.MESSAGE_TYPE_IMAGE,
        media: { fileName: 'a.png', fileDownloadUrl: 'https://cdn.test/a.png' },
      }),
      'me',
    );
    expect(hosted).toMatchObject({
      fileUID: '',
      fileName: 'a.png',
      fileDownloadUrl: 'https://cdn.test/a.png',
    });
    const bare = toZIMMessage(Message.fromPartial({ type: MessageType.MESSAGE_TYPE_AUDIO }), 'me');
    expect(bare).toMatchObject(noFile);
  });

  it('gives other message types no file fields', () => {
    const text = toZIMMessage(
      Message.fromPartial({ type: MessageType.MESSAGE_TYPE_TEXT, text: 'hi', media: { fileName: 'x' } }),
      'me',
    );
    expect(Object.keys(text)).not.toEqual(expect.arrayContaining(['fileUID']));
    expect(text).not.toHaveProperty('fileName');
  });

  it('knows which types carry a file', () => {
    expect(
      [
        ZIMMessageType.Text,
        ZIMMessageType.Command,
        ZIMMessageType.Image,
        ZIMMessageType.File,
        ZIMMessageType.Audio,
        ZIMMessageType.Video,
        ZIMMessageType.Custom,
      ].filter(isMediaMessageType),
    ).toEqual([ZIMMessageType.Image, ZIMMessageType.File, ZIMMessageType.Audio, ZIMMessageType.Video]);
  });

  it('builds the content of a media message', () => {
    expect(
      toMediaMessageContent(ZIMMessageType.Video, { fileName: 'v.mp4', fileSize: 10 }, undefined),
    ).toMatchObject({
      type: MessageType.MESSAGE_TYPE_VIDEO,
      text: '',
      extendedData: '',
      media: { fileUid: '', fileName: 'v.mp4', fileSize: 10, fileDownloadUrl: '', sha256: '' },
    });
  });
});
