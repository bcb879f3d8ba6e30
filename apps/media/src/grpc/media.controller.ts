import { GrpcMethod, Payload } from '@nestjs/microservices';
import type {
  AbortUploadRequest,
  CompleteUploadRequest,
  GetDownloadUrlRequest,
  GetUploadStatusRequest,
  StartUploadRequest,
  UploadChunkRequest,
} from '@parley/contracts';
import { Caller, GrpcController, type SessionPrincipal } from '@parley/platform';
import { Downloads } from '../downloads/downloads';
import { Uploads } from '../uploads/uploads';

/** parley.media.v1.MediaService: chunked uploads and download URLs, for the authenticated caller. */
@GrpcController()
export class MediaController {
  constructor(
    private readonly uploads: Uploads,
    private readonly downloads: Downloads,
  ) {}

  @GrpcMethod('MediaService', 'StartUpload')
  start(@Payload() r: StartUploadRequest, @Caller() user: SessionPrincipal) {
    return this.uploads.start(user, r);
  }

  @GrpcMethod('MediaService', 'UploadChunk')
  chunk(@Payload() r: UploadChunkRequest, @Caller() user: SessionPrincipal) {
    return this.uploads.chunk(user, r);
  }

  @GrpcMethod('MediaService', 'GetUploadStatus')
  status(@Payload() r: GetUploadStatusRequest, @Caller() user: SessionPrincipal) {
    return this.uploads.status(user, r.uploadId);
  }

  @GrpcMethod('MediaService', 'CompleteUpload')
  async complete(@Payload() r: CompleteUploadRequest, @Caller() user: SessionPrincipal) {
    return { file: await this.uploads.complete(user, r.uploadId) };
  }

  @GrpcMethod('MediaService', 'AbortUpload')
  abort(@Payload() r: AbortUploadRequest, @Caller() user: SessionPrincipal) {
    return this.uploads.abort(user, r.uploadId);
  }

  @GrpcMethod('MediaService', 'GetDownloadUrl')
  downloadUrl(@Payload() r: GetDownloadUrlRequest, @Caller() user: SessionPrincipal) {
    return this.downloads.url(user, r.fileUid, r.fileType || undefined);
  }
}
