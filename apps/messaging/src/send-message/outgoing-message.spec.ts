import { ConversationType, MessageContent, MessageType, type SendMessageRequest } from '@parley/contracts';
import { ZimError, ZimErrorCode } from '@parley/platform';
import { validateSendMessage } from './outgoing-message';

const limits = { textMaxBytes: 2048, extendedDataMaxBytes: 1024 };

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

  it('says which types are not supported yet instead of storing them', () => {
    const req = request();
    req.message = { ...(req.message ?? fail()), type: MessageType.MESSAGE_TYPE_CUSTOM };
    expect(rejection(req).code).toBe(ZimErrorCode.UnsupportedRequest);
    expect(rejection(request({ conversationType: ConversationType.CONVERSATION_TYPE_GROUP })).code).toBe(
      ZimErrorCode.UnsupportedRequest,
    );
  });

  it('rejects extendedData over its limit', () => {
    const req = request();
    req.message = { ...(req.message ?? fail()), extendedData: 'x'.repeat(1025) };
    expect(rejection(req).message).toMatch(/extendedData/);
  });
});

function fail(): never {
  throw new Error('request() always sets a message');
}
