import type { ServerWritableStream } from '@grpc/grpc-js';
import {
  type HealthCheckRequest,
  type HealthCheckResponse,
  HealthCheckResponse_ServingStatus as ServingStatus,
  type HealthServer,
} from '@parley/contracts';
import { status as GrpcStatus } from '@grpc/grpc-js';

/**
 * grpc.health.v1 state. The empty service name is the whole process; readiness flips to SERVING
 * only once every dependency the service needs (database, Kafka consumer) is up.
 */
export class HealthState {
  private readonly statuses = new Map<string, ServingStatus>();
  private readonly watchers = new Set<{
    service: string;
    call: ServerWritableStream<HealthCheckRequest, HealthCheckResponse>;
  }>();

  constructor(services: string[]) {
    for (const s of ['', ...services]) this.statuses.set(s, ServingStatus.NOT_SERVING);
  }

  setAll(serving: boolean): void {
    const next = serving ? ServingStatus.SERVING : ServingStatus.NOT_SERVING;
    for (const service of this.statuses.keys()) this.statuses.set(service, next);
    for (const w of this.watchers)
      w.call.write({ status: this.statuses.get(w.service) ?? ServingStatus.SERVICE_UNKNOWN });
  }

  endWatches(): void {
    for (const w of this.watchers) w.call.end();
    this.watchers.clear();
  }

  readonly server: HealthServer = {
    check: (call, callback) => {
      const status = this.statuses.get(call.request.service);
      if (status === undefined)
        callback({ code: GrpcStatus.NOT_FOUND, details: `unknown service ${call.request.service}` });
      else callback(null, { status });
    },
    watch: (call) => {
      const watcher = { service: call.request.service, call };
      this.watchers.add(watcher);
      call.on('cancelled', () => this.watchers.delete(watcher));
      call.write({ status: this.statuses.get(call.request.service) ?? ServingStatus.SERVICE_UNKNOWN });
    },
  };
}
