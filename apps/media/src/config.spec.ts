import { BootError } from '@parley/platform';
import { loadMediaConfig } from './config';

describe('media configuration', () => {
  it('names every missing variable in one line', () => {
    let error: unknown;
    try {
      loadMediaConfig({});
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(BootError);
    const message = (error as BootError).message;
    expect(message).not.toContain('\n');
    expect(message).toMatch(/PARLEY_MEDIA_PORT/);
    expect(message).toMatch(/KAFKA_BROKERS/);
  });

  it('rejects a port that is not a port', () => {
    expect(() => loadMediaConfig({ PARLEY_MEDIA_PORT: '70000', KAFKA_BROKERS: '127.0.0.1:19092' })).toThrow(
      /PARLEY_MEDIA_PORT/,
    );
  });

  it('splits the broker list', () => {
    const config = loadMediaConfig({ PARLEY_MEDIA_PORT: '50100', KAFKA_BROKERS: '127.0.0.1:1, 127.0.0.1:2' });
    expect(config.kafka.brokers).toEqual(['127.0.0.1:1', '127.0.0.1:2']);
    expect(config.grpc).toEqual({ host: '127.0.0.1', port: 50100 });
  });
});
