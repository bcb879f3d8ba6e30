// Scenarios act as an app would: an SDK client logged in with a token the app's server would issue.
import { generateToken, ZIM } from '@parley/sdk';
import type { BenchContext } from '../types';

/** A ZIM client of ctx.appID logged in as `userID` (its event stream open); destroy() it when done. */
export async function sdkUser(ctx: BenchContext, userID: string): Promise<ZIM> {
  const zim = ZIM.create({ appID: ctx.appID, endpoint: ctx.endpoint });
  const token = await generateToken(ctx.appID, ctx.appSecret, userID, 3600);
  try {
    await zim.login(userID, { userName: userID, token });
  } catch (err) {
    zim.destroy();
    throw err;
  }
  return zim;
}
