import { generateToken, ZIM } from '@parley/sdk';

/** The running stack, as `npm test` (or `npm start`, via .env.local) describes it. */
export function stackUnderTest() {
  const need = (name: string) => {
    const value = process.env[name];
    if (!value)
      throw new Error(
        `${name} is not set: run the e2e tests through \`npm test\`, or source .env.local after \`npm start\``,
      );
    return value;
  };
  return {
    endpoint: need('PARLEY_ENDPOINT'),
    appID: need('PARLEY_DEV_APP_ID'),
    appSecret: need('PARLEY_DEV_APP_SECRET'),
  };
}

/** A user ID no earlier run has used, so tests never see each other's data. */
export function uniqueUser(name: string): string {
  return `${name}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 6)}`;
}

/** A logged-in SDK client, closed by the returned `close`. */
export async function loggedIn(userID: string): Promise<ZIM> {
  const stack = stackUnderTest();
  const zim = ZIM.create({ appID: stack.appID, endpoint: stack.endpoint });
  await zim.login(userID, {
    userName: userID,
    token: await generateToken(stack.appID, stack.appSecret, userID, 3600),
  });
  return zim;
}

/** Resolves with the next payload of `event`, or rejects after `ms`. */
export function nextEvent<T>(subscribe: (listener: (data: T) => void) => void, ms = 10_000): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no event within ${ms} ms`)), ms);
    subscribe((data) => {
      clearTimeout(timer);
      resolve(data);
    });
  });
}
