import { EventHeaders, MediaEvent, Topics } from '@parley/contracts';
import type { OutgoingEvent } from '@parley/platform';
import { randomUUID } from 'node:crypto';

/** A MediaEvent keyed "<app>/<file UID>", so one file's events stay in order. */
export function mediaEvent(appId: string, fileUid: string, event: MediaEvent['event']): OutgoingEvent {
  return {
    topic: Topics.mediaEvents,
    key: `${appId}/${fileUid}`,
    value: MediaEvent.encode({ eventId: randomUUID(), occurredAt: Date.now(), appId, event }).finish(),
    headers: { [EventHeaders.eventType]: event?.$case ?? '' },
  };
}
