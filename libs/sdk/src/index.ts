// @parley/sdk: a ZIM-shaped client for Parley. Swap ZIM's import for this one and point `endpoint` at your server.
export { ZIM, DEFAULT_ENDPOINT } from './zim';
export * from './enums';
export * from './types';
export { ZIMError, ZIMErrorCode } from './errors';
export { generateToken } from './token';
