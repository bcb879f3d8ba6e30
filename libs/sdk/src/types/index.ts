// The SDK's public types, shaped after ZIM's Web SDK typings, by area.
export * from './session';
export * from './messages';
export * from './conversations';
export * from './groups-rooms';
export * from './events';
