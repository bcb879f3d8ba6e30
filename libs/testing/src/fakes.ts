import { status as GrpcStatus } from '@grpc/grpc-js';
import { MessageType } from '@parley/contracts';
import {
  type FileTicketClaims,
  FileTickets,
  type OutgoingEvent,
  type SessionPrincipal,
  ZimError,
  ZimErrorCode,
} from '@parley/platform';

/** A KafkaBus stand-in for unit specs: records what would have been published. */
export class FakeBus {
  readonly published: OutgoingEvent[] = [];
  async publish(events: OutgoingEvent[]): Promise<void> {
    this.published.push(...events);
  }
}

/** An OutboxRelay stand-in: counts the flushes a use case asks for after its commit. */
export class FakeOutbox {
  flushes = 0;
  flush(): Promise<void> {
    this.flushes++;
    return Promise.resolve();
  }
}

/** A signed-in device of `userId` in app 1001, as the session guard hands it to a use case. */
export function principal(userId: string, overrides: Partial<SessionPrincipal> = {}): SessionPrincipal {
  return { appId: '1001', userId, sessionId: `s-${userId}`, platform: 1, ...overrides };
}

/**
 * A send rate limiter stand-in: each user (app and user ID) gets `allowed` sends, then every
 * further one is refused with ZIM's 6000005, as the real limiter answers within its window.
 */
export class FakeRateLimiter {
  /** Every send counted, refused ones included, as `appId/userId`. */
  readonly taken: string[] = [];

  constructor(private readonly allowed = Infinity) {}

  async take(appId: string, userId: string): Promise<void> {
    const key = `${appId}/${userId}`;
    this.taken.push(key);
    if (this.taken.filter((k) => k === key).length > this.allowed)
      throw new ZimError(ZimErrorCode.ServerFrequencyLimit, GrpcStatus.RESOURCE_EXHAUSTED, 'too many sends');
  }
}

/**
 * The real FileTickets, keyed with a test secret: a spec signs the tickets media would issue on
 * CompleteUpload and hands the same instance to the use case that verifies them.
 */
export class TestFileTickets extends FileTickets {
  constructor(secret = 'parley-testing-file-tickets-0123456789abcdef') {
    super(secret);
  }

  /** A ticket for a file `uploader` uploaded (by default a 4 KiB image, cat.png); `ttlSeconds` < 0 is expired. */
  issueTo(
    uploader: Pick<SessionPrincipal, 'appId' | 'userId'>,
    claims: Partial<FileTicketClaims> = {},
    ttlSeconds?: number,
  ): Promise<string> {
    return this.issue(
      {
        appId: uploader.appId,
        userId: uploader.userId,
        fileUid: 'file-1',
        fileName: 'cat.png',
        fileSize: 4096,
        sha256: 'sha-of-cat',
        messageType: MessageType.MESSAGE_TYPE_IMAGE,
        ...claims,
      },
      ttlSeconds,
    );
  }
}

/** Asserts that `promise` fails with ZIM error `code` (and, when given, a message containing `words`). */
export async function expectZimError(promise: Promise<unknown>, code: ZimErrorCode, words?: string) {
  await expect(promise).rejects.toMatchObject({
    code,
    ...(words === undefined ? {} : { message: expect.stringContaining(words) }),
  });
}
