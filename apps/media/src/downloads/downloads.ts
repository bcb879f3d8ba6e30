import { Inject, Injectable } from '@nestjs/common';
import { MediaFileType, type MessagingEvent } from '@parley/contracts';
import { type SessionPrincipal, ZimError, ZimErrorCode } from '@parley/platform';
import { MEDIA_CONFIG, type MediaConfig } from '../config';
import { MediaDatabase } from '../repositories/prisma.service';
import { ObjectStorage } from '../repositories/object-storage';

/** How long a download request waits for the message that shares the file to reach this projection. */
const VIEWER_WAIT_MS = 3000;

/**
 * Who may download what: the uploader, and every participant of a message that carries the file
 * (the peer pair, the group's or room's members at send time), learnt from MessageSent events.
 */
@Injectable()
export class Downloads {
  private readonly urlTtlSeconds: number;

  constructor(
    private readonly db: MediaDatabase,
    private readonly storage: ObjectStorage,
    @Inject(MEDIA_CONFIG) config: Pick<MediaConfig, 'urlTtlSeconds'>,
  ) {
    this.urlTtlSeconds = config.urlTtlSeconds;
  }

  /** Projection of MessageSent: idempotent (a redelivered event inserts nothing new). */
  readonly handleBatch = async (events: MessagingEvent[]): Promise<void> => {
    const rows: { appId: string; fileUid: string; userId: string }[] = [];
    for (const { appId, event } of events) {
      if (event?.$case !== 'messageSent') continue;
      const { message, inboxSeqs } = event.value;
      const fileUid = message?.media?.fileUid;
      if (!message || !fileUid) continue;
      for (const userId of new Set([...Object.keys(inboxSeqs), message.senderUserId]))
        rows.push({ appId, fileUid, userId });
    }
    if (rows.length > 0) await this.db.fileViewer.createMany({ data: rows, skipDuplicates: true });
  };

  async url(
    user: SessionPrincipal,
    fileUid: string,
    fileType: MediaFileType = MediaFileType.MEDIA_FILE_TYPE_ORIGINAL_FILE,
  ): Promise<{ url: string; expiresAt: number }> {
    const file = /^[0-9a-f-]{36}$/.test(fileUid)
      ? await this.db.storedFile.findUnique({ where: { fileUid } })
      : null;
    // A file of another app, an unknown one and one you may not see answer alike: nothing to learn by probing.
    if (!file || file.appId !== user.appId || !(await this.mayView(user, fileUid)))
      throw ZimError.of(ZimErrorCode.MessageNoPermission, `you may not download file ${fileUid}`);
    const key =
      fileType === MediaFileType.MEDIA_FILE_TYPE_THUMBNAIL
        ? file.thumbnailKey
        : fileType === MediaFileType.MEDIA_FILE_TYPE_LARGE_IMAGE
          ? file.largeKey
          : file.objectKey;
    if (!key)
      throw ZimError.invalidParams(
        `file ${fileUid} has no ${fileType === MediaFileType.MEDIA_FILE_TYPE_THUMBNAIL ? 'thumbnail' : 'large image'} (not an image, or not processed yet)`,
      );
    const name =
      key === file.objectKey
        ? file.fileName
        : `${file.fileName}.${key.endsWith('.thumbnail.jpg') ? 'thumbnail' : 'large'}.jpg`;
    const url = await this.storage.downloadUrl(key, name, this.urlTtlSeconds);
    return { url, expiresAt: Date.now() + this.urlTtlSeconds * 1000 };
  }

  /** A recipient may ask the moment the message arrives, before this projection has it: wait briefly. */
  private async mayView(user: SessionPrincipal, fileUid: string): Promise<boolean> {
    const deadline = Date.now() + VIEWER_WAIT_MS;
    for (;;) {
      const viewer = await this.db.fileViewer.findUnique({
        where: { appId_fileUid_userId: { appId: user.appId, fileUid, userId: user.userId } },
      });
      if (viewer) return true;
      if (Date.now() > deadline) return false;
      await new Promise((r) => setTimeout(r, 150));
    }
  }
}
