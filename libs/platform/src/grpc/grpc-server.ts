import {
  Server,
  ServerCredentials,
  type ServiceDefinition,
  type UntypedServiceImplementation,
} from '@grpc/grpc-js';
import { loadFileDescriptorSetFromBuffer } from '@grpc/proto-loader';
import { ReflectionService } from '@grpc/reflection';
import { DESCRIPTOR_SET_BASE64, HealthService } from '@parley/contracts';
import { logger } from '../logging/logger';
import { HealthState } from './health';

/**
 * gRPC server reflection over every Parley contract (not only this service's), so `grpcurl list`
 * through the edge, whichever service answers, shows all of Parley's services.
 */
const reflection = new ReflectionService(
  loadFileDescriptorSetFromBuffer(Buffer.from(DESCRIPTOR_SET_BASE64, 'base64')),
);

/** A gRPC service to serve: its generated definition, its fully qualified name and its handlers. */
export interface GrpcServiceBinding {
  /** Fully qualified proto name, e.g. `parley.messaging.v1.MessagingService` (used for health). */
  name: string;
  // grpc-js's own type for a generated service definition.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  definition: ServiceDefinition<any>;
  implementation: UntypedServiceImplementation;
}

/** One grpc-js server per service process, with grpc.health.v1 always served. */
export class GrpcServerHost {
  private readonly server = new Server({
    // No server-initiated keepalive pings: every connection comes from the edge proxy, and a ping
    // whose ack is delayed behind a busy stream (10 s) would drop every stream on that connection.
    // Clients ping the edge themselves (the SDK every 30 s); TCP keepalive covers the proxy link.
    'grpc.max_receive_message_length': 16 * 1024 * 1024,
  });
  readonly health: HealthState;

  constructor(bindings: GrpcServiceBinding[]) {
    this.health = new HealthState(bindings.map((b) => b.name));
    this.server.addService(HealthService, this.health.server);
    reflection.addToServer(this.server);
    for (const b of bindings) this.server.addService(b.definition, b.implementation);
  }

  async listen(host: string, port: number): Promise<number> {
    const bound = await new Promise<number>((resolve, reject) =>
      this.server.bindAsync(`${host}:${port}`, ServerCredentials.createInsecure(), (err, p) =>
        err ? reject(err) : resolve(p),
      ),
    );
    logger.info({ address: `${host}:${bound}` }, 'gRPC listening');
    return bound;
  }

  /**
   * Graceful stop: reports NOT_SERVING, stops accepting calls (GOAWAY to the proxy, which opens new
   * connections elsewhere), lets in-flight unary calls finish, and has `endStreams` end the
   * long-lived server streams (which would otherwise hold the shutdown until `graceMs`, when the
   * rest is cut).
   */
  async shutdown(endStreams?: () => void, graceMs = 10_000): Promise<void> {
    this.health.setAll(false);
    this.health.endWatches();
    await new Promise<void>((resolve) => {
      const force = setTimeout(() => {
        logger.warn('gRPC calls still running after the grace period: cancelling them');
        this.server.forceShutdown();
        resolve();
      }, graceMs);
      this.server.tryShutdown(() => {
        clearTimeout(force);
        resolve();
      });
      endStreams?.();
    });
  }
}
