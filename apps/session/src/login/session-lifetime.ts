import { Inject, Injectable } from '@nestjs/common';
import { type SessionPrincipal, SessionTokens } from '@parley/platform';
import { SESSION_CONFIG, type SessionConfig } from '../config';

/** How long a session lasts and the token that proves it: Login and RenewToken share both rules. */
@Injectable()
export class SessionLifetime {
  constructor(
    private readonly tokens: SessionTokens,
    @Inject(SESSION_CONFIG) private readonly config: Pick<SessionConfig, 'maxSessionMs'>,
  ) {}

  /** A session ends with its app token, and at most PARLEY_SESSION_MAX_TTL_SECONDS from now. */
  expiryFor(appTokenExpiresAt: number): number {
    return Math.min(appTokenExpiresAt, Date.now() + this.config.maxSessionMs);
  }

  /** The session token for `principal`, valid until `expiresAt`. */
  async tokenFor(principal: SessionPrincipal, expiresAt: number): Promise<string> {
    const seconds = Math.max(1, Math.floor((expiresAt - Date.now()) / 1000));
    return (await this.tokens.issue(principal, seconds)).token;
  }
}
