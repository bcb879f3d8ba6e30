// Shared plumbing for Parley's services: the NestJS service host and its two transports (gRPC,
// Kafka batches), configuration, logging, ZIM errors, session tokens, Kafka and the outbox.
// No service's business rules live here.
export * from './config/load-config';
export * from './boot/boot-step';
export * from './host/bootstrap-service';
export * from './host/platform.module';
export * from './host/outbox.module';
export * from './host/service-identity';
export * from './logging/logger';
export * from './observability/trace';
export * from './observability/metrics';
export * from './errors/zim-error';
export * from './auth/session-token';
export * from './auth/session-revocations';
export * from './auth/session.guard';
export * from './auth/file-ticket';
export * from './grpc/parley-grpc.server';
export * from './grpc/grpc-controller.decorator';
export * from './grpc/zim-exception.filter';
export * from './grpc/rpc-telemetry.interceptor';
export * from './grpc/request-id';
export * from './grpc/health';
export * from './kafka/kafka-bus';
export * from './kafka/kafka-batch.server';
export * from './kafka/kafka-batch.context';
export * from './kafka/decode-each';
export * from './outbox/outbox-relay';
export * from './events/event-envelope';
export * from './database/raw-sql';
export * from './database/prisma-database';
