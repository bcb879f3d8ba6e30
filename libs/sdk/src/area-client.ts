import type { Client, Metadata, ServiceError } from '@grpc/grpc-js';
import { type CallerOf, unary } from './rpc';

/**
 * An area of ZIM's API over one gRPC service (conversations, groups, rooms): owns its client, and
 * makes each call as the caller the session names at that moment (a renewed token is used at once).
 */
export abstract class AreaClient<C extends Client> {
  constructor(
    protected readonly client: C,
    protected readonly caller: CallerOf,
  ) {}

  close(): void {
    this.client.close();
  }

  /** One unary call, given the current caller's metadata: `this.call((auth, done) => client.x(req, auth, done))`. */
  protected call<Res>(
    send: (auth: Metadata, done: (err: ServiceError | null, response: Res) => void) => void,
  ): Promise<Res> {
    const { auth } = this.caller();
    return unary<Res>((done) => send(auth, done));
  }
}
