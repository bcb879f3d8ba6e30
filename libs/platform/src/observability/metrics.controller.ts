import { Controller, Get, Header } from '@nestjs/common';
import { metricsRegistry } from './metrics';

/** GET /metrics (Prometheus text format), served when PARLEY_<SERVICE>_METRICS_PORT is set. */
@Controller()
export class MetricsController {
  @Get('metrics')
  @Header('content-type', metricsRegistry.contentType)
  metrics(): Promise<string> {
    return metricsRegistry.metrics();
  }
}
