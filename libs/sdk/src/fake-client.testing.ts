// Test support (excluded from the library build): a stand-in for a ts-proto generated client.
import type { Metadata, ServiceError } from '@grpc/grpc-js';
import { authMetadata, type CallerOf } from './rpc';

export interface RecordedCall {
  method: string;
  request: unknown;
  authorization: unknown;
}

type Answer = object | ServiceError;

/** A client whose listed methods record each call and answer with the canned response (or fail with the error). */
export function fakeClient<C>(answers: Record<string, Answer>): { client: C; calls: RecordedCall[] } {
  const calls: RecordedCall[] = [];
  const methods = Object.entries(answers).map(([method, answer]) => [
    method,
    (request: unknown, auth: Metadata, done: (err: ServiceError | null, res?: object) => void) => {
      calls.push({ method, request, authorization: auth.get('authorization')[0] });
      if (answer instanceof Error) done(answer);
      else done(null, answer);
    },
  ]);
  return { client: Object.fromEntries(methods) as C, calls };
}

/** Logged in as `userID` with session token 'tok'. */
export const loggedInAs =
  (userID: string): CallerOf =>
  () => ({ userID, auth: authMetadata('tok') });
