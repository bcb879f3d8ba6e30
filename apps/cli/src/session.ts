// Logging in and out. The CLI signs its own login tokens with the app secret (generateToken): a
// development convenience: a real client gets its token from the app's server and never holds the secret.
import { generateToken, ZIM, ZIMError, ZIMErrorCode, ZIMPlatformType } from '@parley/sdk';
import type { Connection } from './config';

/** Login tokens the CLI signs live this long; listen renews its token when tokenWillExpire says so. */
export const TOKEN_TTL_SECONDS = 3600;
const LOGOUT_TIMEOUT_MS = 5_000;
/** gRPC's UNAVAILABLE: nothing listens at the endpoint, or the edge cannot reach a service. */
const GRPC_UNAVAILABLE = 14;

/**
 * ZIM allows one session per user and platform: a second login on the same platform kicks the first
 * out. `listen` runs as Linux and the one-shot commands as Other, so `parley send` in another terminal
 * leaves a running `parley listen` of the same user connected.
 */
export const LISTEN_PLATFORM = ZIMPlatformType.Linux;
export const ONE_SHOT_PLATFORM = ZIMPlatformType.Other;

export function signToken(connection: Connection, userID: string): Promise<string> {
  return generateToken(connection.appID, connection.appSecret, userID, TOKEN_TTL_SECONDS);
}

/** An error that says the stack is not running, when that is what the SDK's error means. */
export function explainUnreachable(err: unknown, endpoint: string): unknown {
  if (
    err instanceof ZIMError &&
    err.code === ZIMErrorCode.NetworkError &&
    err.grpcStatus === GRPC_UNAVAILABLE
  ) {
    return new ZIMError(
      err.code,
      `cannot reach Parley at ${endpoint}: run npm start first (${err.message})`,
      err.grpcStatus,
    );
  }
  return err;
}

/** The SDK reports some failures as `error` events (offline sync); one-shot commands warn on stderr. */
function warnOnError(zim: ZIM): void {
  zim.on('error', (_zim, { code, message }) => process.stderr.write(`warning ${code}: ${message}\n`));
}

/**
 * A client logged in as `userID`. `prepare` runs before login, so listeners it adds miss no event;
 * it must listen to `error` (by default: warnings on stderr). On failure the client is destroyed and
 * the error rethrown (explained when Parley is unreachable).
 */
export async function openSession(
  connection: Connection,
  userID: string,
  platform: ZIMPlatformType,
  prepare: (zim: ZIM) => void = warnOnError,
): Promise<ZIM> {
  const zim = ZIM.create({ appID: connection.appID, endpoint: connection.endpoint, platform });
  try {
    prepare(zim);
    await zim.login(userID, { userName: userID, token: await signToken(connection, userID) });
    return zim;
  } catch (err) {
    zim.destroy();
    throw explainUnreachable(err, connection.endpoint);
  }
}

/** Logs out (bounded in time: an unreachable server must not keep the CLI waiting), then destroys. */
export async function closeSession(zim: ZIM): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      zim.logout(),
      new Promise<void>((resolve) => {
        timer = setTimeout(resolve, LOGOUT_TIMEOUT_MS);
      }),
    ]);
  } catch {
    // Logging out of a session that is already gone (kicked out, server down) changes nothing.
  } finally {
    clearTimeout(timer);
    zim.destroy();
  }
}

/**
 * Runs `work` with a logged-in client and always logs out and destroys it, also when the user
 * presses Ctrl-C (the process then ends with 130, or 143 for SIGTERM, after logging out).
 */
export async function withSession<T>(
  connection: Connection,
  userID: string,
  platform: ZIMPlatformType,
  work: (zim: ZIM) => Promise<T>,
): Promise<T> {
  const zim = await openSession(connection, userID, platform);
  const interrupted = (signal: NodeJS.Signals) => {
    void closeSession(zim).finally(() => process.exit(signal === 'SIGINT' ? 130 : 143));
  };
  process.once('SIGINT', interrupted);
  process.once('SIGTERM', interrupted);
  try {
    return await work(zim);
  } finally {
    process.off('SIGINT', interrupted);
    process.off('SIGTERM', interrupted);
    await closeSession(zim);
  }
}
