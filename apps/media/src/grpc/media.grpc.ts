import { type MediaServiceServer, MediaServiceService } from '@parley/contracts';
import { type GrpcServiceBinding, type SessionTokens, unary } from '@parley/platform';
import type { Downloads } from '../downloads/downloads';
import type { Uploads } from '../uploads/uploads';

/** gRPC adapter for parley.media.v1.MediaService: authenticate, call the use case, encode. */
export function mediaGrpcBinding(
  tokens: SessionTokens,
  uploads: Uploads,
  downloads: Downloads,
): GrpcServiceBinding {
  const auth = (call: { metadata: Parameters<SessionTokens['authenticate']>[0] }) =>
    tokens.authenticate(call.metadata);
  const implementation: MediaServiceServer = {
    startUpload: unary('StartUpload', async (r, call) => uploads.start(await auth(call), r)),
    uploadChunk: unary('UploadChunk', async (r, call) => uploads.chunk(await auth(call), r)),
    getUploadStatus: unary('GetUploadStatus', async (r, call) =>
      uploads.status(await auth(call), r.uploadId),
    ),
    completeUpload: unary('CompleteUpload', async (r, call) => ({
      file: await uploads.complete(await auth(call), r.uploadId),
    })),
    abortUpload: unary('AbortUpload', async (r, call) => {
      await uploads.abort(await auth(call), r.uploadId);
      return {};
    }),
    getDownloadUrl: unary('GetDownloadUrl', async (r, call) =>
      downloads.url(await auth(call), r.fileUid, r.fileType || undefined),
    ),
  };
  return { name: 'parley.media.v1.MediaService', definition: MediaServiceService, implementation };
}
