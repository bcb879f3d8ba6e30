import { Metadata, type ServiceError } from '@grpc/grpc-js';
import { ZIMError } from './errors';

/** Who is calling: the logged-in user and the metadata that authenticates a call as them. */
export interface Caller {
  userID: string;
  auth: Metadata;
}

/** Returns the current Caller, or throws ZIMError 6000121 when nobody is logged in. */
export type CallerOf = () => Caller;

/** Runs one unary call, turning its error into a ZIMError with the server's code. */
export function unary<T>(call: (done: (err: ServiceError | null, res: T) => void) => void): Promise<T> {
  return new Promise((resolve, reject) =>
    call((err, res) => (err ? reject(ZIMError.fromGrpc(err)) : resolve(res))),
  );
}

/** The metadata every call after login carries: the session token as a bearer credential. */
export function authMetadata(sessionToken: string): Metadata {
  const metadata = new Metadata();
  metadata.set('authorization', `Bearer ${sessionToken}`);
  return metadata;
}

/** A response field proto3 cannot mark required: its absence is a server fault, not an empty result. */
export function required<T>(value: T | undefined, what: string): T {
  if (value === undefined) throw new ZIMError(6000203, `server answered without ${what}`);
  return value;
}
