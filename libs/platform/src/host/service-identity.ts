import type { GrpcContract } from '../grpc/parley-grpc.server';

/** Which service this process is and which contracts it serves (given to bootstrapService). */
export interface ServiceIdentity {
  name: string;
  contracts: GrpcContract[];
  /** Parses and validates the service's environment (throws BootError naming every bad variable). */
  loadConfig: () => unknown;
}

export const SERVICE_IDENTITY = Symbol('SERVICE_IDENTITY');

/** The service's parsed configuration, whatever the service calls it (an alias of its own token). */
export const SERVICE_CONFIG = Symbol('SERVICE_CONFIG');
