// Parley's contracts: generated protobuf types and service definitions (src/generated, from proto/),
// the Kafka topic catalogue, and ZIM's enums and error codes (src/zim). The only code every app and
// the SDK share about the wire.
export * from './generated/grpc/health/v1/health';
export * from './generated/parley/common/v1/types';
export * from './generated/parley/common/v1/message';
export * from './generated/parley/common/v1/conversation';
export * from './generated/parley/session/v1/session_service';
export * from './generated/parley/messaging/v1/messaging_service';
export * from './generated/parley/conversation/v1/conversation_service';
export * from './generated/parley/conversation/v1/group_service';
export * from './generated/parley/conversation/v1/room_service';
export * from './generated/parley/media/v1/media_service';
export * from './generated/parley/events/v1/messaging_events';
export * from './generated/parley/events/v1/session_events';
export * from './generated/parley/events/v1/conversation_events';
export * from './generated/parley/events/v1/conversation_notifications';
export * from './generated/parley/events/v1/media_events';
export * from './generated/descriptor-set';
export * from './topics';
export * from './conversation-key';
export * from './zim/enums';
export * from './zim/error-codes';
