import { Injectable } from '@nestjs/common';
import type { SubscribeResponse } from '@parley/contracts';
import { type SessionPrincipal, ZimError, ZimErrorCode } from '@parley/platform';
import { Observable } from 'rxjs';
import { SessionRepository } from '../repositories/session.repository';
import { ConnectionEvent, ConnectionRegistry, ConnectionState } from './connection-registry';
import { StreamConnection } from './stream-connection';

/**
 * ZIM's event stream: the session's events as an Observable. The connection is registered only when
 * the transport subscribes, and its first event (Connected) tells the client the stream is live, so
 * nothing sent after that is missed. Unsubscribing (the client went away) removes it.
 */
@Injectable()
export class SubscribeUseCase {
  constructor(
    private readonly sessions: SessionRepository,
    private readonly connections: ConnectionRegistry,
  ) {}

  async execute(principal: SessionPrincipal): Promise<Observable<SubscribeResponse>> {
    const expiresAt = await this.sessions.activeUntil(principal);
    if (expiresAt === undefined) {
      throw ZimError.unauthenticated(ZimErrorCode.TokenInvalid, 'this session has ended: log in again');
    }
    return new Observable<SubscribeResponse>((subscriber) => {
      const connection = new StreamConnection(principal.sessionId, subscriber, expiresAt);
      const remove = this.connections.add(principal.appId, principal.userId, connection);
      connection.send({
        event: {
          $case: 'connectionStateChanged',
          value: { state: ConnectionState.Connected, event: ConnectionEvent.Success, extendedData: '' },
        },
      });
      return () => {
        connection.close();
        remove();
      };
    });
  }
}
