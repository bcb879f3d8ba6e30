import { GrpcMethod, Payload } from '@nestjs/microservices';
import type { LoginRequest, RenewTokenRequest } from '@parley/contracts';
import { Caller, GrpcController, PublicRpc, RequestId, type SessionPrincipal } from '@parley/platform';
import { LoginUseCase } from '../login/login.usecase';
import { LogoutUseCase } from '../logout/logout.usecase';
import { RenewTokenUseCase } from '../renew-token/renew-token.usecase';
import { SubscribeUseCase } from '../subscribe/subscribe.usecase';

/** parley.session.v1.SessionService: each RPC calls one use case; only Login needs no session. */
@GrpcController()
export class SessionController {
  constructor(
    private readonly login: LoginUseCase,
    private readonly logout: LogoutUseCase,
    private readonly renewToken: RenewTokenUseCase,
    private readonly subscribe: SubscribeUseCase,
  ) {}

  @PublicRpc()
  @GrpcMethod('SessionService', 'Login')
  logIn(@Payload() request: LoginRequest, @RequestId() id: string) {
    return this.login.execute(request, id);
  }

  @GrpcMethod('SessionService', 'Logout')
  logOut(@Caller() principal: SessionPrincipal, @RequestId() id: string) {
    return this.logout.execute(principal, id);
  }

  @GrpcMethod('SessionService', 'RenewToken')
  renew(
    @Payload() request: RenewTokenRequest,
    @Caller() principal: SessionPrincipal,
    @RequestId() id: string,
  ) {
    return this.renewToken.execute(principal, request.token, id);
  }

  /** Server streaming: the transport writes the Observable's events to the call until it completes. */
  @GrpcMethod('SessionService', 'Subscribe')
  events(@Caller() principal: SessionPrincipal) {
    return this.subscribe.execute(principal);
  }
}
