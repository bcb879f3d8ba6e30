import { BootError } from '@parley/platform';
import { loadConversationConfig } from './config';

const valid = {
  KAFKA_BROKERS: '127.0.0.1:1, 127.0.0.1:2',
  CONVERSATION_DATABASE_URL: 'postgresql://postgres@127.0.0.1:5433/parley_conversation',
  PARLEY_SESSION_SECRET: 'x'.repeat(32),
};

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
    for (const name of Object.keys(valid)) expect(message).toContain(name);
  });

  it('defaults the group limits to ZIM’s and lets them be changed', () => {
    expect(loadConversationConfig(valid).limits).toMatchObject({
      groupMaxMembers: 500,
      groupMaxInitialMembers: 100,
    });
    expect(
      loadConversationConfig({ ...valid, PARLEY_GROUP_MAX_MEMBERS: '2000' }).limits.groupMaxMembers,
    ).toBe(2000);
    expect(() => loadConversationConfig({ ...valid, PARLEY_GROUP_MAX_MEMBERS: '1' })).toThrow(
      /PARLEY_GROUP_MAX_MEMBERS/,
    );
  });

  it('splits the broker list', () => {
    const config = loadConversationConfig(valid);
    expect(config.kafka.brokers).toEqual(['127.0.0.1:1', '127.0.0.1:2']);
  });
});
