import type { ServiceDefinition } from '@grpc/grpc-js';
import { type CustomTransportStrategy, GrpcMethodStreamingType, ServerGrpc } from '@nestjs/microservices';
import { loadFileDescriptorSetFromBuffer } from '@grpc/proto-loader';
import { ReflectionService } from '@grpc/reflection';
import { DESCRIPTOR_SET_BASE64, HealthService } from '@parley/contracts';
import { logger } from '../logging/logger';

/** A contract this process serves: ts-proto's generated grpc-js definition, e.g. `MessagingServiceService`. */
// grpc-js's own type for a generated service definition.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type GrpcContract = ServiceDefinition<any>;

export interface ParleyGrpcOptions {
  url: string;
  /** The Parley contracts this service serves; grpc.health.v1.Health is always added. */
  contracts: GrpcContract[];
  /** Size limits and keepalive, as grpc-js channel options. */
  channelOptions?: Record<string, number>;
  /** How long in-flight calls may run after a graceful stop begins before they are cancelled. */
  graceMs?: number;
}

/** `/parley.messaging.v1.MessagingService/SendMessage` → ['parley.messaging.v1.MessagingService', 'SendMessage']. */
export function splitPath(path: string): [service: string, rpc: string] {
  const [, service = '', rpc = ''] = path.split('/');
  return [service, rpc];
}

/** The short service name `@GrpcMethod` takes: `parley.messaging.v1.MessagingService` → `MessagingService`. */
export const shortServiceName = (fullName: string) => fullName.slice(fullName.lastIndexOf('.') + 1);

/** Every RPC of a contract: fully qualified service name, method name and whether it streams responses. */
export function rpcsOf(contract: GrpcContract) {
  return Object.values(contract).map((method) => {
    const [service, rpc] = splitPath(method.path);
    return { service, rpc, responseStream: method.responseStream, requestStream: method.requestStream };
  });
}

/**
 * NestJS's gRPC transport, extended where Parley needs more than the stock one gives:
 * - codecs: services are bound from the ts-proto definitions in `libs/contracts` (the generated
 *   encoders every client uses too) instead of loading `.proto` files at run time with proto-loader;
 * - every RPC of a served contract must have a `@GrpcMethod` handler, else the service refuses to
 *   start (the stock server silently leaves unbound methods UNIMPLEMENTED);
 * - grpc.health.v1 (served by the HealthModule's controller like any other contract) and server
 *   reflection over the contracts;
 * - a graceful stop that lets in-flight calls finish for `graceMs`, then cancels the rest.
 * Handlers, guards, interceptors, pipes and filters work exactly as with the stock transport.
 */
export class ParleyGrpcServer extends ServerGrpc implements CustomTransportStrategy {
  private readonly contracts: GrpcContract[];
  private readonly graceMs: number;

  constructor(private readonly parleyOptions: ParleyGrpcOptions) {
    super({
      url: parleyOptions.url,
      package: [],
      protoPath: [],
      channelOptions: parleyOptions.channelOptions,
      gracefulShutdown: true,
    });
    this.contracts = [HealthService, ...parleyOptions.contracts];
    this.graceMs = parleyOptions.graceMs ?? 10_000;
  }

  /** Binds each contract's methods to the Nest handlers registered for them. */
  override async bindEvents(): Promise<void> {
    const unbound: string[] = [];
    for (const contract of this.contracts) {
      const implementation: Record<string, unknown> = {};
      for (const [key, method] of Object.entries(contract)) {
        const [service, rpc] = splitPath(method.path);
        const streaming = GrpcMethodStreamingType.NO_STREAMING;
        const handler = this.getMessageHandler(shortServiceName(service), rpc, streaming, method);
        if (!handler) {
          unbound.push(`${service}/${rpc}`);
          continue;
        }
        Object.defineProperty(handler, 'name', { value: rpc, writable: false });
        implementation[key] = this.createServiceMethod(handler, method, streaming);
      }
      this.grpcClient.addService(contract, implementation);
    }
    if (unbound.length > 0) throw new Error(`RPCs without a @GrpcMethod handler: ${unbound.join(', ')}`);
    const descriptors = loadFileDescriptorSetFromBuffer(Buffer.from(DESCRIPTOR_SET_BASE64, 'base64'));
    new ReflectionService(descriptors).addToServer(this.grpcClient);
    logger.info({ address: this.parleyOptions.url }, 'gRPC listening');
  }

  /**
   * Stops accepting calls (GOAWAY to the proxy, which opens new connections elsewhere) and lets
   * in-flight calls finish; long-lived streams are ended by their owners before this runs
   * (beforeApplicationShutdown), so the grace period is only for unary calls.
   */
  override async close(): Promise<void> {
    const server = this.grpcClient as import('@grpc/grpc-js').Server | null;
    if (!server) return;
    await new Promise<void>((resolve) => {
      const force = setTimeout(() => {
        logger.warn('gRPC calls still running after the grace period: cancelling them');
        server.forceShutdown();
        resolve();
      }, this.graceMs);
      server.tryShutdown(() => {
        clearTimeout(force);
        resolve();
      });
    });
    this.grpcClient = null;
  }
}
