// Shared plumbing for Parley's services: configuration, logging, errors, gRPC hosting, session
// tokens and Kafka. No service's business rules live here.
export * from './config/load-config';
export * from './boot/run-service';
export * from './logging/logger';
export * from './observability/trace';
export * from './observability/metrics';
export * from './errors/zim-error';
export * from './auth/session-token';
export * from './auth/session-revocations';
export * from './auth/file-ticket';
export * from './grpc/grpc-server';
export * from './grpc/handlers';
export * from './grpc/health';
export * from './kafka/kafka-bus';
export * from './kafka/decode-each';
export * from './outbox/outbox-relay';
export * from './database/raw-sql';
