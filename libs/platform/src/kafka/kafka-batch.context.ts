import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import { BaseRpcContext } from '@nestjs/microservices';

/** The RPC context of a consumed batch: consumer group, topic and partition (for filters and logs). */
export class KafkaBatchContext extends BaseRpcContext<[group: string, topic: string, partition: number]> {
  get group(): string {
    return this.args[0];
  }
  get topic(): string {
    return this.args[1];
  }
  get partition(): number {
    return this.args[2];
  }
}

/**
 * The decoded payloads of an `@EventPattern` handler's batch, in offset order, for handlers that
 * need no record metadata: `onEvents(@Payloads() events: MessagingEvent[])`.
 */
export const Payloads = createParamDecorator((_: unknown, context: ExecutionContext): unknown[] =>
  context
    .switchToRpc()
    .getData<{ payload: unknown }[]>()
    .map((event) => event.payload),
);
