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
import type { LogoutUseCase } from './logout/logout.usecase';
import type { RenewTokenUseCase } from './renew-token/renew-token.usecase';
import type { SessionRepository } from './repositories/session.repository';
import { type ConnectionRegistry, ConnectionEvent, ConnectionState } from './subscribe/connection-registry';
import { StreamConnection } from './subscribe/stream-connection';

export interface SessionUseCases {
  login: LoginUseCase;
  logout: LogoutUseCase;
  renewToken: RenewTokenUseCase;
}

/** gRPC adapter for parley.session.v1.SessionService. */
export function sessionGrpcBinding(
  tokens: SessionTokens,
  useCases: SessionUseCases,
  sessions: SessionRepository,
  connections: ConnectionRegistry,
): GrpcServiceBinding {
  const implementation: SessionServiceServer = {
    login: unary('Login', (request, _call, requestId) => useCases.login.execute(request, requestId)),
    logout: unary('Logout', async (_request, call, requestId) => {
      const principal = await tokens.authenticate(call.metadata);
      await useCases.logout.execute(principal, requestId);
      connections.session(principal.sessionId)?.end(ConnectionEvent.Success, 'logged out');
      return {};
    }),
    renewToken: unary('RenewToken', async (request, call, requestId) =>
      useCases.renewToken.execute(await tokens.authenticate(call.metadata), request.token, requestId),
    ),
    subscribe: serverStream('Subscribe', async (call) => {
      const principal = await tokens.authenticate(call.metadata);
      const expiresAt = await sessions.activeUntil(principal);
      if (expiresAt === undefined) {
        throw ZimError.unauthenticated(ZimErrorCode.TokenInvalid, 'this session has ended: log in again');
      }
      const connection = new StreamConnection(principal.sessionId, call, expiresAt);
      const remove = connections.add(principal.appId, principal.userId, connection);
      call.on('cancelled', remove);
      call.on('close', remove);
      // The first event tells the client its stream is live, so nothing sent after this is missed.
      connection.send({
        event: {
          $case: 'connectionStateChanged',
          value: { state: ConnectionState.Connected, event: ConnectionEvent.Success, extendedData: '' },
        },
      });
    }),
  };
  return { name: 'parley.session.v1.SessionService', definition: SessionServiceService, implementation };
}
