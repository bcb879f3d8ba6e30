import type { MessageLimits } from '../config';

/** ZIM's default size limits, as messaging's configuration defaults them. */
export const ZIM_DEFAULT_LIMITS: MessageLimits = {
  textMaxBytes: 2048,
  extendedDataMaxBytes: 1024,
  commandMaxBytes: 5120,
  barrageMaxBytes: 5120,
  searchedContentMaxBytes: 64,
};
