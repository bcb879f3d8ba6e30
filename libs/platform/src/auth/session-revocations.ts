import { Injectable } from '@nestjs/common';

/**
 * Sessions that ended before their token expired (logout, kicked out), learnt from session's
 * SessionEnded events (RevocationsConsumer). Session tokens are checked without asking session, so
 * every service keeps this set; an entry is dropped once the token would have expired anyway.
 */
@Injectable()
export class SessionRevocations {
  private readonly revoked = new Map<string, number>();

  isRevoked(sessionId: string): boolean {
    const until = this.revoked.get(sessionId);
    if (until === undefined) return false;
    if (until < Date.now()) {
      this.revoked.delete(sessionId);
      return false;
    }
    return true;
  }

  revoke(sessionId: string, expiresAt: number): void {
    if (expiresAt > Date.now()) this.revoked.set(sessionId, expiresAt);
  }
}
