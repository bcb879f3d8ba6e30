// Test support (excluded from the library build): a stand-in for a ts-proto generated client.
import { Metadata, type ServiceError, type status } from '@grpc/grpc-js';
import { authMetadata, type CallerOf } from './rpc';

export interface RecordedCall {
  method: string;
  request: unknown;
  authorization: unknown;
  /** The call options (deadline), when the call passed any. */
  options?: unknown;
}

type Answer = object | ServiceError;
/** A canned answer, or one computed from each request (a fake server with state). */
type Responder = Answer | ((request: never) => Answer);

/** A client whose listed methods record each call and answer with the canned response (or fail with the error). */
export function fakeClient<C>(answers: Record<string, Responder>): { client: C; calls: RecordedCall[] } {
  const calls: RecordedCall[] = [];
  const methods = Object.entries(answers).map(([method, responder]) => [
    method,
    (request: unknown, auth: Metadata, ...rest: unknown[]) => {
      // (request, metadata, callback) or (request, metadata, options, callback)
      const done = rest[rest.length - 1] as (err: ServiceError | null, res?: object) => void;
      const options = rest.length > 1 ? rest[0] : undefined;
      calls.push({
        method,
        request,
        authorization: auth.get('authorization')[0],
        ...(options === undefined ? {} : { options }),
      });
      const answer: Answer = typeof responder === 'function' ? responder(request as never) : responder;
      if (answer instanceof Error) done(answer as ServiceError);
      else done(null, answer);
    },
  ]);
  return { client: Object.fromEntries(methods) as C, calls };
}

/** A failed call as grpc-js reports it; with `zimCode` it carries the server's ZIM error code. */
export function grpcError(code: status, details: string, zimCode?: number): ServiceError {
  const metadata = new Metadata();
  if (zimCode !== undefined) metadata.set('zim-error-code', String(zimCode));
  return Object.assign(new Error(details), { code, details, metadata }) as ServiceError;
}

/** Logged in as `userID` with session token 'tok'. */
export const loggedInAs =
  (userID: string): CallerOf =>
  () => ({ userID, auth: authMetadata('tok') });
