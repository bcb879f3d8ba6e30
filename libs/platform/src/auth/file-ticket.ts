import { createHmac } from 'node:crypto';
import { SignJWT, jwtVerify } from 'jose';
import { ZimError } from '../errors/zim-error';

/** A stored file as media vouches for it to messaging (through the client that uploaded it). */
export interface FileTicketClaims {
  appId: string;
  /** The uploader: only they may send the file in a message. */
  userId: string;
  fileUid: string;
  fileName: string;
  fileSize: number;
  sha256: string;
  /** MessageType number (Image 11, File 12, Audio 13, Video 14). */
  messageType: number;
}

const ISSUER = 'parley-media';
const AUDIENCE = 'parley-messaging';

/**
 * File tickets: media signs one at CompleteUpload and messaging verifies it in SendMediaMessage, so
 * messaging trusts the file's name, size and type without asking media. The key is derived from the
 * shared session secret, so a session token can never pass for a ticket or the other way round.
 */
export class FileTickets {
  private readonly key: Uint8Array;

  constructor(sessionSecret: string) {
    this.key = createHmac('sha256', sessionSecret).update('parley file tickets v1').digest();
  }

  issue(claims: FileTicketClaims, ttlSeconds = 24 * 3600): Promise<string> {
    const { userId, ...rest } = claims;
    return new SignJWT({ ...rest })
      .setProtectedHeader({ alg: 'HS256' })
      .setIssuer(ISSUER)
      .setAudience(AUDIENCE)
      .setSubject(userId)
      .setIssuedAt()
      .setExpirationTime(Math.floor(Date.now() / 1000) + ttlSeconds)
      .sign(this.key);
  }

  /** The claims, or 6000001 when the ticket is forged, expired or malformed. */
  async verify(ticket: string): Promise<FileTicketClaims> {
    try {
      const { payload } = await jwtVerify(ticket, this.key, {
        issuer: ISSUER,
        audience: AUDIENCE,
        algorithms: ['HS256'],
      });
      const p = payload as Record<string, unknown>;
      const strings = ['appId', 'fileUid', 'fileName', 'sha256'] as const;
      if (
        typeof payload.sub !== 'string' ||
        strings.some((k) => typeof p[k] !== 'string') ||
        typeof p['fileSize'] !== 'number' ||
        typeof p['messageType'] !== 'number'
      )
        throw new Error('incomplete');
      return {
        appId: p['appId'] as string,
        userId: payload.sub,
        fileUid: p['fileUid'] as string,
        fileName: p['fileName'] as string,
        fileSize: p['fileSize'] as number,
        sha256: p['sha256'] as string,
        messageType: p['messageType'] as number,
      };
    } catch {
      throw ZimError.invalidParams(
        'file_ticket is not valid: upload the file again (MediaService.CompleteUpload)',
      );
    }
  }
}
