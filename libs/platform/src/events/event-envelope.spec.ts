import { decodePayload, EventHeaders, Topics } from '@parley/contracts';
import { eventEnvelope } from './event-envelope';

describe('eventEnvelope', () => {
  it('encodes the topic envelope with a fresh ID and time, and heads it with its type and trace', () => {
    const before = Date.now();
    const event = eventEnvelope(
      Topics.sessionEvents,
      'app/ann',
      {
        appId: 'app',
        event: { $case: 'sessionRenewed', value: { userId: 'ann', sessionId: 's1', expiresAt: 42 } },
      },
      'req-1',
    );
    expect(event.topic).toBe(Topics.sessionEvents);
    expect(event.key).toBe('app/ann');
    expect(event.headers).toEqual({
      [EventHeaders.eventType]: 'sessionRenewed',
      [EventHeaders.traceId]: 'req-1',
    });
    const decoded = decodePayload(Topics.sessionEvents, event.value);
    expect(decoded.eventId).toMatch(/^[0-9a-f-]{36}$/);
    expect(decoded.occurredAt).toBeGreaterThanOrEqual(before);
    expect(decoded.event).toEqual({
      $case: 'sessionRenewed',
      value: { userId: 'ann', sessionId: 's1', expiresAt: 42 },
    });
  });

  it('gives every event its own ID and leaves the trace to the outbox when there is no request', () => {
    const make = () => eventEnvelope(Topics.mediaEvents, 'app/f', { appId: 'app', event: undefined });
    const [a, b] = [make(), make()];
    expect(decodePayload(Topics.mediaEvents, a.value).eventId).not.toBe(
      decodePayload(Topics.mediaEvents, b.value).eventId,
    );
    expect(a.headers).toEqual({ [EventHeaders.eventType]: '' });
  });
});
