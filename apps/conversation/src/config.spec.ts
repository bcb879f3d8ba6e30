import { BootError } from '@parley/platform';
import { loadConversationConfig } from './config';

describe('conversation configuration', () => {
  it('names every missing variable in one line', () => {
    let error: unknown;
    try {
      loadConversationConfig({});
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(BootError);
    const message = (error as BootError).message;
    expect(message).not.toContain('\n');
    expect(message).toMatch(/PARLEY_CONVERSATION_PORT/);
    expect(message).toMatch(/KAFKA_BROKERS/);
  });

  it('rejects a port that is not a port', () => {
    expect(() =>
      loadConversationConfig({ PARLEY_CONVERSATION_PORT: '70000', KAFKA_BROKERS: '127.0.0.1:19092' }),
    ).toThrow(/PARLEY_CONVERSATION_PORT/);
  });

  it('splits the broker list', () => {
    const config = loadConversationConfig({
      PARLEY_CONVERSATION_PORT: '50100',
      KAFKA_BROKERS: '127.0.0.1:1, 127.0.0.1:2',
    });
    expect(config.kafka.brokers).toEqual(['127.0.0.1:1', '127.0.0.1:2']);
    expect(config.grpc).toEqual({ host: '127.0.0.1', port: 50100 });
  });
});
