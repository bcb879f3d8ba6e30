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
