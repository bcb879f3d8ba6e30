import { BootError } from '../config/load-config';
import { serviceAddress } from './bootstrap-service';

describe('where a service listens', () => {
  it('reads its port, defaults the host to loopback and serves no metrics unless asked', () => {
    expect(serviceAddress('conversation', { PARLEY_CONVERSATION_PORT: '50100' })).toEqual({
      host: '127.0.0.1',
      port: 50100,
      metricsPort: undefined,
      instanceId: '0',
    });
  });

  it('rejects a port that is not a port, naming the variable', () => {
    expect(() => serviceAddress('conversation', { PARLEY_CONVERSATION_PORT: '70000' })).toThrow(BootError);
    expect(() => serviceAddress('conversation', { PARLEY_CONVERSATION_PORT: '70000' })).toThrow(
      /PARLEY_CONVERSATION_PORT/,
    );
  });

  it('refuses an instance ID that cannot name a consumer group', () => {
    expect(() => serviceAddress('session', { PARLEY_SESSION_PORT: '1', PARLEY_INSTANCE_ID: 'a b' })).toThrow(
      /PARLEY_INSTANCE_ID/,
    );
  });
});
