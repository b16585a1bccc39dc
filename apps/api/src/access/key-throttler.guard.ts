import { ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import {
  InjectThrottlerOptions,
  InjectThrottlerStorage,
  ThrottlerGuard,
  type ThrottlerModuleOptions,
  type ThrottlerStorage,
} from '@nestjs/throttler';
import type { FastifyRequest } from 'fastify';
import { ApiKeyRegistry } from './api-key.registry';

/**
 * Rate limits per configured API key, and per client address for everything else: a made-up or
 * malformed key shares its address's bucket, so rotating keys buys nothing (401s included).
 */
@Injectable()
export class KeyThrottlerGuard extends ThrottlerGuard {
  constructor(
    @InjectThrottlerOptions() options: ThrottlerModuleOptions,
    @InjectThrottlerStorage() storage: ThrottlerStorage,
    reflector: Reflector,
    private readonly keys: ApiKeyRegistry,
  ) {
    super(options, storage, reflector);
  }

  /** The default hashes this with sha256 on every request; the plain text is as good a map key. */
  protected override generateKey(context: ExecutionContext, tracker: string, name: string): string {
    return `${context.getClass().name}.${context.getHandler().name}.${name}.${tracker}`;
  }

  protected override async getTracker(req: Record<string, unknown>): Promise<string> {
    const request = req as unknown as FastifyRequest;
    const key = /^Bearer\s+(\S+)$/i.exec(request.headers.authorization ?? '')?.[1];
    const principal = key === undefined ? undefined : this.keys.principal(key);
    if (principal) return `key:${principal.id}`;
    return `ip:${request.ip}`;
  }
}
