import { resolveSettings } from './settings';

describe('local stack settings', () => {
  it('uses the documented loopback ports unless overridden', () => {
    const s = resolveSettings({});
    expect(s.edgeEndpoint).toBe('127.0.0.1:15050');
    expect(s.services.map((r) => [r.name, r.port, r.grpcPackage])).toEqual([
      ['session', 15051, 'parley.session.v1'],
      ['messaging', 15052, 'parley.messaging.v1'],
      ['media', 15053, 'parley.media.v1'],
      ['conversation', 15054, 'parley.conversation.v1'],
    ]);
    expect(s.postgresUrl('parley session')).toBe('postgresql://postgres@127.0.0.1:5433/parley%20session');
    expect(s.kafkaBrokers).toEqual(['127.0.0.1:19092']);
  });

  it('takes a port from the environment', () => {
    const s = resolveSettings({ PARLEY_EDGE_PORT: '16050', PARLEY_KAFKA_PORT: '29092' });
    expect(s.edgeEndpoint).toBe('127.0.0.1:16050');
    expect(s.kafkaBrokers).toEqual(['127.0.0.1:29092']);
  });

  it('refuses two components on one port, naming both', () => {
    expect(() => resolveSettings({ PARLEY_EDGE_PORT: '15051' })).toThrow(
      'port 15051 is configured for both edge and session',
    );
  });

  it('keeps state and cache where the environment says', () => {
    const s = resolveSettings({ PARLEY_STATE_DIR: '/tmp/a-state', PARLEY_CACHE_DIR: '/tmp/a-cache' });
    expect([s.stateDir, s.logDir, s.runDir, s.cacheDir]).toEqual([
      '/tmp/a-state',
      '/tmp/a-state/logs',
      '/tmp/a-state/run',
      '/tmp/a-cache',
    ]);
  });
});
