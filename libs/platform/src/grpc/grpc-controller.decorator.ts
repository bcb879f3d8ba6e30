import { applyDecorators, Controller, UseFilters, UseGuards, UseInterceptors } from '@nestjs/common';
import { SessionGuard } from '../auth/session.guard';
import { RpcTelemetryInterceptor } from './rpc-telemetry.interceptor';
import { ZimExceptionFilter } from './zim-exception.filter';

/**
 * A controller of gRPC handlers: every RPC passes the session guard (unless `@PublicRpc()`), runs
 * under its request ID with metrics, and answers errors as gRPC status plus ZIM code.
 */
export const GrpcController = () =>
  applyDecorators(
    Controller(),
    UseGuards(SessionGuard),
    UseInterceptors(RpcTelemetryInterceptor),
    UseFilters(ZimExceptionFilter),
  );

/** A controller of `@EventPattern` Kafka handlers: a failure goes back to the transport (retry, dead letter). */
export const KafkaController = () => applyDecorators(Controller(), UseFilters(ZimExceptionFilter));
