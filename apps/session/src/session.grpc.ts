import { type SessionServiceServer, SessionServiceService } from '@parley/contracts';
import {
  type GrpcServiceBinding,
  serverStream,
  type SessionTokens,
  unary,
  ZimError,
  ZimErrorCode,
} from '@parley/platform';
import type { LoginUseCase } from './login/login.usecase';
import type { SessionRepository } from './repositories/session.repository';
import type { ConnectionRegistry } from './subscribe/connection-registry';

/** ZIMConnectionState.Connected and ZIMConnectionEvent.Success. */
const CONNECTED = { state: 2, event: 0 };

/** gRPC adapter for parley.session.v1.SessionService. */
export function sessionGrpcBinding(
  tokens: SessionTokens,
  login: LoginUseCase,
  sessions: SessionRepository,
  connections: ConnectionRegistry,
): GrpcServiceBinding {
  const implementation: SessionServiceServer = {
    login: unary('Login', (request) => login.execute(request)),
    subscribe: serverStream('Subscribe', async (call) => {
      const principal = await tokens.authenticate(call.metadata);
      if (!(await sessions.isActive(principal))) {
        throw ZimError.unauthenticated(ZimErrorCode.TokenInvalid, 'this session has ended: log in again');
      }
      const remove = connections.add(principal.appId, principal.userId, {
        sessionId: principal.sessionId,
        send: (event) => call.write(event),
        close: () => call.end(),
      });
      call.on('cancelled', remove);
      call.on('close', remove);
      // The first event tells the client its stream is live, so nothing sent after this is missed.
      call.write({ event: { $case: 'connectionStateChanged', value: { ...CONNECTED, extendedData: '' } } });
    }),
  };
  return { name: 'parley.session.v1.SessionService', definition: SessionServiceService, implementation };
}
