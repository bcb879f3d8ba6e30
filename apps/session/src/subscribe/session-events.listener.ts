import { Injectable } from '@nestjs/common';
import { SessionEnded_Reason, type SessionEvent } from '@parley/contracts';
import { ConnectionEvent, ConnectionRegistry } from './connection-registry';

/**
 * Applies session events to this replica's streams, wherever they happened: a login on another
 * replica kicks a client here, a RenewToken answered by another replica moves a stream's expiry here.
 */
@Injectable()
export class SessionEventsListener {
  constructor(private readonly connections: ConnectionRegistry) {}

  handleBatch(events: SessionEvent[]): void {
    for (const event of events) {
      if (event.event?.$case === 'sessionRenewed') {
        const { sessionId, expiresAt } = event.event.value;
        this.connections.session(sessionId)?.renewed(expiresAt);
        continue;
      }
      if (event.event?.$case !== 'sessionEnded') continue;
      const { sessionId, reason } = event.event.value;
      const kicked = reason === SessionEnded_Reason.REASON_KICKED_OUT;
      this.connections
        .session(sessionId)
        ?.end(
          kicked ? ConnectionEvent.KickedOut : ConnectionEvent.Success,
          kicked ? 'logged in on another device of the same platform' : 'logged out',
        );
    }
  }
}
