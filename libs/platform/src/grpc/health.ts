import { Global, Inject, Injectable, Module, type BeforeApplicationShutdown } from '@nestjs/common';
import { GrpcMethod } from '@nestjs/microservices';
import { status as GrpcStatus } from '@grpc/grpc-js';
import { BehaviorSubject, distinctUntilChanged, map, type Observable } from 'rxjs';
import {
  type HealthCheckRequest,
  type HealthCheckResponse,
  HealthCheckResponse_ServingStatus as ServingStatus,
} from '@parley/contracts';
import { PublicRpc } from '../auth/session.guard';
import { GrpcStatusError } from './zim-exception.filter';
import { SERVICE_IDENTITY, type ServiceIdentity } from '../host/service-identity';
import { GrpcController } from './grpc-controller.decorator';
import { rpcsOf } from './parley-grpc.server';

/**
 * grpc.health.v1 state. The empty service name is the whole process; it flips to SERVING only once
 * every dependency the service needs (database, Kafka, its consumers, the gRPC port) is up, and back
 * to NOT_SERVING as soon as a graceful stop begins.
 */
@Injectable()
export class HealthState implements BeforeApplicationShutdown {
  private readonly serving = new BehaviorSubject(false);
  private readonly services: Set<string>;

  constructor(@Inject(SERVICE_IDENTITY) identity: ServiceIdentity) {
    this.services = new Set(['', ...identity.contracts.flatMap((c) => rpcsOf(c).map((r) => r.service))]);
  }

  setAll(serving: boolean): void {
    this.serving.next(serving);
  }

  status(service: string): ServingStatus | undefined {
    if (!this.services.has(service)) return undefined;
    return this.serving.value ? ServingStatus.SERVING : ServingStatus.NOT_SERVING;
  }

  watch(service: string): Observable<HealthCheckResponse> {
    return this.serving.pipe(
      map(() => ({ status: this.status(service) ?? ServingStatus.SERVICE_UNKNOWN })),
      distinctUntilChanged((a, b) => a.status === b.status),
    );
  }

  /** Not serving from the first moment of a stop; open watches end so the stop is not held up. */
  beforeApplicationShutdown(): void {
    this.setAll(false);
    this.serving.complete();
  }
}

/** grpc.health.v1.Health for the proxy and orchestrators: public, like any health endpoint. */
@GrpcController()
@PublicRpc()
export class HealthController {
  constructor(private readonly health: HealthState) {}

  @GrpcMethod('Health', 'Check')
  check(request: HealthCheckRequest): HealthCheckResponse {
    const status = this.health.status(request.service);
    if (status === undefined)
      throw new GrpcStatusError(GrpcStatus.NOT_FOUND, `unknown service ${request.service}`);
    return { status };
  }

  @GrpcMethod('Health', 'Watch')
  watch(request: HealthCheckRequest): Observable<HealthCheckResponse> {
    return this.health.watch(request.service);
  }
}

@Global()
@Module({ controllers: [HealthController], providers: [HealthState], exports: [HealthState] })
export class HealthModule {}
