import { Injectable } from '@nestjs/common';
import type { AckInboxResponse, SyncInboxRequest, SyncInboxResponse } from '@parley/contracts';
import { type SessionPrincipal, ZimError } from '@parley/platform';
import { InboxRepository } from '../repositories/inbox.repository';

const DEFAULT_LIMIT = 100;
const MAX_LIMIT = 500;

/** Offline sync: what the device missed, in inbox order, from its acknowledged position or a given one. */
@Injectable()
export class SyncInboxUseCase {
  constructor(private readonly inbox: InboxRepository) {}

  async sync(device: SessionPrincipal, request: SyncInboxRequest): Promise<SyncInboxResponse> {
    const limit = request.limit === 0 ? DEFAULT_LIMIT : request.limit;
    if (!Number.isInteger(limit) || limit < 1 || limit > MAX_LIMIT)
      throw ZimError.invalidParams(`limit must be 1-${MAX_LIMIT}`);
    let after: number;
    if (request.start?.$case === 'afterInboxSeq') {
      after = request.start.value;
      if (after < 0) throw ZimError.invalidParams('after_inbox_seq cannot be negative');
    } else {
      after = await this.inbox.acknowledged(device);
    }
    const page = await this.inbox.page(device, after, limit);
    return {
      messages: page.messages,
      afterInboxSeq: page.afterSeq,
      lastInboxSeq: page.lastSeq,
      hasMore: page.hasMore,
    };
  }

  async acknowledge(device: SessionPrincipal, inboxSeq: number): Promise<AckInboxResponse> {
    if (!Number.isSafeInteger(inboxSeq) || inboxSeq < 0)
      throw ZimError.invalidParams('inbox_seq must be a non-negative integer');
    return { acknowledgedInboxSeq: await this.inbox.acknowledge(device, inboxSeq) };
  }
}
