import {
  ConversationType,
  MediaContent,
  MessageContent,
  MessageType,
  type SendMessageRequest,
} from '@parley/contracts';
import { ZimError, ZimErrorCode } from '@parley/platform';
import { validateSendMessage } from './outgoing-message';
import { ZIM_DEFAULT_LIMITS as limits } from './limits.testing';

function request(overrides: Partial<SendMessageRequest> = {}, text = 'hello'): SendMessageRequest {
  return {
    message: MessageContent.fromPartial({ type: MessageType.MESSAGE_TYPE_TEXT, text }),
    localMessageId: 'l-1',
    toConversationId: 'bob',
    conversationType: ConversationType.CONVERSATION_TYPE_PEER,
    config: undefined,
    ...overrides,
  };
}

function rejection(req: SendMessageRequest): ZimError {
  try {
    validateSendMessage(req, limits);
  } catch (err) {
    if (err instanceof ZimError) return err;
    throw err;
  }
  throw new Error('expected a rejection');
}

describe('validateSendMessage', () => {
  it('accepts a peer text message', () => {
    expect(validateSendMessage(request(), limits)).toMatchObject({
      toConversationId: 'bob',
      localMessageId: 'l-1',
    });
  });

  it('accepts text exactly at the byte limit and rejects one byte more', () => {
    expect(() => validateSendMessage(request({}, 'é'.repeat(1024)), limits)).not.toThrow();
    expect(rejection(request({}, 'é'.repeat(1024) + 'x')).code).toBe(ZimErrorCode.InvalidParams);
  });

  it('rejects a message without localMessageID, so retries can be recognised', () => {
    expect(rejection(request({ localMessageId: '' })).code).toBe(ZimErrorCode.InvalidParams);
  });

  it('rejects an empty or over-long toConversationID', () => {
    expect(rejection(request({ toConversationId: '' })).code).toBe(ZimErrorCode.InvalidParams);
    expect(rejection(request({ toConversationId: 'x'.repeat(33) })).code).toBe(ZimErrorCode.InvalidParams);
  });

  it('rejects empty text', () => {
    expect(rejection(request({}, '')).message).toMatch(/non-empty/);
  });

  it('accepts Group and Room sends (membership is checked when storing)', () => {
    for (const conversationType of [
      ConversationType.CONVERSATION_TYPE_GROUP,
      ConversationType.CONVERSATION_TYPE_ROOM,
    ]) {
      expect(validateSendMessage(request({ conversationType }), limits).stored).toBe(true);
    }
  });

  it('rejects an unknown conversation type and an unknown message type as bad input', () => {
    expect(rejection(request({ conversationType: 7 as ConversationType })).code).toBe(
      ZimErrorCode.InvalidParams,
    );
    expect(rejection(withContent({ type: 99 as MessageType })).message).toMatch(/message type 99/);
  });

  it('stores Custom messages and checks their searchedContent', () => {
    const custom = withContent({
      type: MessageType.MESSAGE_TYPE_CUSTOM,
      text: '{"k":1}',
      subType: 7,
      searchedContent: 'k',
    });
    expect(validateSendMessage(custom, limits)).toMatchObject({ stored: true });
    const tooSearchable = withContent({
      type: MessageType.MESSAGE_TYPE_CUSTOM,
      text: 'x',
      searchedContent: 's'.repeat(65),
    });
    expect(rejection(tooSearchable).message).toMatch(/searchedContent/);
  });

  it('relays Command messages without storing them and caps their binary size', () => {
    const command = withContent({
      type: MessageType.MESSAGE_TYPE_COMMAND,
      text: '',
      data: Buffer.from([1, 2, 3]),
    });
    expect(validateSendMessage(command, limits)).toMatchObject({ stored: false });
    expect(
      rejection(withContent({ type: MessageType.MESSAGE_TYPE_COMMAND, text: '', data: Buffer.alloc(5121) }))
        .code,
    ).toBe(ZimErrorCode.InvalidParams);
    expect(rejection(withContent({ type: MessageType.MESSAGE_TYPE_COMMAND, text: '' })).message).toMatch(
      /binary data/,
    );
  });

  it('accepts Barrage only in rooms, relayed without being stored', () => {
    expect(rejection(withContent({ type: MessageType.MESSAGE_TYPE_BARRAGE })).message).toMatch(/rooms/);
    const barrage = {
      ...withContent({ type: MessageType.MESSAGE_TYPE_BARRAGE }),
      conversationType: ConversationType.CONVERSATION_TYPE_ROOM,
    };
    expect(validateSendMessage(barrage, limits).stored).toBe(false);
  });

  it('sends media types to SendMediaMessage', () => {
    expect(rejection(withContent({ type: MessageType.MESSAGE_TYPE_IMAGE })).message).toMatch(
      /SendMediaMessage/,
    );
  });

  it('takes a media message only with a file: an uploaded one, or an http(s) URL the developer hosts', () => {
    const media = (m: Partial<MediaContent>) =>
      withContent({ type: MessageType.MESSAGE_TYPE_FILE, media: MediaContent.fromPartial(m) });
    const asMedia = (req: SendMessageRequest) => () => validateSendMessage(req, limits, { allowMedia: true });
    expect(asMedia(media({ fileUid: 'f-1', fileName: 'a.pdf', fileSize: 3 }))().stored).toBe(true);
    expect(asMedia(media({ fileDownloadUrl: 'https://cdn.example.com/a.pdf' }))().stored).toBe(true);
    expect(asMedia(media({ fileName: 'nothing.pdf' }))).toThrow(/file_ticket|file_download_url/);
    expect(asMedia(media({ fileDownloadUrl: 'file:///etc/passwd' }))).toThrow(/http\(s\) URL/);
    expect(asMedia(media({ fileUid: 'f-1', fileName: 'x'.repeat(256) }))).toThrow(/file_name/);
    // Media content never rides on an ordinary SendMessage.
    expect(rejection(withContent({ media: MediaContent.fromPartial({ fileUid: 'f-1' }) })).message).toMatch(
      /media/,
    );
  });

  it('rejects malformed mentions', () => {
    expect(rejection(withContent({ mentionedUserIds: [''] })).message).toMatch(/mentionedUserIDs/);
    expect(rejection(withContent({ mentionedUserIds: ['x'.repeat(33)] })).message).toMatch(
      /mentionedUserIDs/,
    );
  });

  it('rejects extendedData over its limit', () => {
    const req = request();
    req.message = { ...(req.message ?? fail()), extendedData: 'x'.repeat(1025) };
    expect(rejection(req).message).toMatch(/extendedData/);
  });
});

function withContent(overrides: Partial<MessageContent>): SendMessageRequest {
  const req = request();
  req.message = { ...(req.message ?? fail()), ...overrides };
  return req;
}

function fail(): never {
  throw new Error('request() always sets a message');
}
