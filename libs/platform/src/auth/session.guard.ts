import {
  type CanActivate,
  createParamDecorator,
  type ExecutionContext,
  Injectable,
  SetMetadata,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Metadata } from '@grpc/grpc-js';
import { KafkaBatchContext } from '../kafka/kafka-batch.context';
import { type SessionPrincipal, SessionTokens } from './session-token';

const PUBLIC_RPC = 'parley:public-rpc';
const callers = new WeakMap<Metadata, SessionPrincipal>();

/** Marks an RPC any client may call without a session (Login, health). */
export const PublicRpc = () => SetMetadata(PUBLIC_RPC, true);

/**
 * The session check of every RPC: `authorization: Bearer <session token>` verified (signature,
 * expiry, revocation) before the handler runs. Only `@PublicRpc()` handlers skip it. The verified
 * principal is what `@Caller()` hands to the handler: handlers never read tokens themselves.
 */
@Injectable()
export class SessionGuard implements CanActivate {
  constructor(
    private readonly tokens: SessionTokens,
    private readonly reflector: Reflector,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'rpc') return true;
    const rpc = context.switchToRpc();
    if (rpc.getContext() instanceof KafkaBatchContext) return true;
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_RPC, [context.getHandler(), context.getClass()]))
      return true;
    const metadata = rpc.getContext<Metadata>();
    callers.set(metadata, await this.tokens.authenticate(metadata));
    return true;
  }
}

/** The authenticated caller of this RPC, as SessionGuard verified it. */
export const Caller = createParamDecorator((_: unknown, context: ExecutionContext): SessionPrincipal => {
  const principal = callers.get(context.switchToRpc().getContext<Metadata>());
  // A handler that asks for its caller without the guard in front of it is a wiring bug, not a client error.
  if (!principal) throw new Error('no SessionGuard ran before this handler');
  return principal;
});
