import { SkipThrottle } from '@nestjs/throttler';
import { Controller, Get, Header } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { collectDefaultMetrics, register } from 'prom-client';
import { scrapeGauge } from './gauge';

// Resident memory, V8's heap (total, used, per space) and external memory come with the defaults;
// Buffers and ArrayBuffers (the Kafka client's, the sockets') are only a part of external there.
collectDefaultMetrics();
scrapeGauge(
  'nodejs_array_buffers_bytes',
  'Memory of Buffers and ArrayBuffers in bytes (included in nodejs_external_memory_bytes).',
  () => process.memoryUsage().arrayBuffers,
);

@ApiExcludeController()
// Probes and scrapers must never be refused because of other traffic from their address.
@SkipThrottle()
@Controller('metrics')
export class MetricsController {
  @Get()
  @Header('Content-Type', register.contentType)
  metrics(): Promise<string> {
    return register.metrics();
  }
}
