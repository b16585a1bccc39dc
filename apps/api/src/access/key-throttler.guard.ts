import { ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import {
  InjectThrottlerOptions,
  InjectThrottlerStorage,
  ThrottlerGuard,
  type ThrottlerModuleOptions,
  type ThrottlerStorage,
} from '@nestjs/throttler';
import {
  THROTTLER_BLOCK_DURATION,
  THROTTLER_KEY_GENERATOR,
  THROTTLER_LIMIT,
  THROTTLER_SKIP,
  THROTTLER_TRACKER,
  THROTTLER_TTL,
} from '@nestjs/throttler/dist/throttler.constants';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ApiKeyRegistry } from './api-key.registry';
import { HitWindowStorage } from './hit-window.storage';

/** One throttler as it applies to one route, every value already a number. */
interface RouteLimit {
  name: string;
  limit: number;
  ttl: number;
  blockDuration: number;
  setHeaders: boolean;
  /** '' for the default throttler, `-<name>` for the others (as @nestjs/throttler names its headers). */
  suffix: string;
}

/** `null`: this route needs the general path (a per-route override, a function-valued option…). */
type RoutePlan = RouteLimit[] | null;

/**
 * Rate limits per configured API key, and per client address for everything else: a made-up or
 * malformed key shares its address's bucket, so rotating keys buys nothing (401s included).
 *
 * The counting is @nestjs/throttler's, with its headers and its 429; what differs is the cost.
 * Its guard reads five metadata keys per throttler on every request and awaits each step; here
 * a route's limits are read once, and the hit is counted synchronously in the `HitWindowStorage`.
 * Anything that would make the answer depend on the request beyond its key or address (a
 * `skipIf`, `ignoreUserAgents`, a per-route `@Throttle`, a function-valued limit, another storage)
 * takes the general path of @nestjs/throttler, unchanged.
 */
@Injectable()
export class KeyThrottlerGuard extends ThrottlerGuard {
  private readonly plans = new Map<string, { handler: unknown; classRef: unknown; plan: RoutePlan }>();

  constructor(
    @InjectThrottlerOptions() options: ThrottlerModuleOptions,
    @InjectThrottlerStorage() storage: ThrottlerStorage,
    reflector: Reflector,
    private readonly keys: ApiKeyRegistry,
  ) {
    super(options, storage, reflector);
  }

  override async canActivate(context: ExecutionContext): Promise<boolean> {
    const plan = this.planFor(context);
    if (plan === null) return super.canActivate(context);
    if (plan.length === 0) return true;
    const http = context.switchToHttp();
    const req = http.getRequest<FastifyRequest>();
    const reply = http.getResponse<FastifyReply>();
    const tracker = this.trackerOf(req);
    const storage = this.storageService as HitWindowStorage;
    for (const t of plan) {
      const key = this.generateKey(context, tracker, t.name);
      const hit = storage.hit(`${t.name}:${key}`, t.ttl, t.limit, t.blockDuration);
      if (hit.isBlocked) {
        if (t.setHeaders) void reply.header(`Retry-After${t.suffix}`, hit.timeToBlockExpire);
        await this.throwThrottlingException(context, {
          limit: t.limit,
          ttl: t.ttl,
          key,
          tracker,
          ...hit,
        });
      }
      if (t.setHeaders) {
        void reply.header(`X-RateLimit-Limit${t.suffix}`, t.limit);
        void reply.header(`X-RateLimit-Remaining${t.suffix}`, Math.max(0, t.limit - hit.totalHits));
        void reply.header(`X-RateLimit-Reset${t.suffix}`, hit.timeToExpire);
      }
    }
    return true;
  }

  /** The default hashes this with sha256 on every request; the plain text is as good a map key. */
  protected override generateKey(context: ExecutionContext, tracker: string, name: string): string {
    return `${context.getClass().name}.${context.getHandler().name}.${name}.${tracker}`;
  }

  protected override getTracker(req: Record<string, unknown>): Promise<string> {
    return Promise.resolve(this.trackerOf(req as unknown as FastifyRequest));
  }

  private trackerOf(request: FastifyRequest): string {
    const key = /^Bearer\s+(\S+)$/i.exec(request.headers.authorization ?? '')?.[1];
    const principal = key === undefined ? undefined : this.keys.principal(key);
    if (principal) return `key:${principal.id}`;
    return `ip:${request.ip}`;
  }

  private planFor(context: ExecutionContext): RoutePlan {
    const handler = context.getHandler();
    const classRef = context.getClass();
    const id = `${classRef.name}.${handler.name}`;
    const known = this.plans.get(id);
    if (known && known.handler === handler && known.classRef === classRef) return known.plan;
    const plan = this.readPlan(handler, classRef);
    this.plans.set(id, { handler, classRef, plan });
    return plan;
  }

  private readPlan(handler: object, classRef: object): RoutePlan {
    const common:
      Exclude<ThrottlerModuleOptions, unknown[]> | Partial<Exclude<ThrottlerModuleOptions, unknown[]>> =
      Array.isArray(this.options) ? {} : this.options;
    const general =
      !(this.storageService instanceof HitWindowStorage) ||
      common.skipIf !== undefined ||
      common.ignoreUserAgents !== undefined ||
      common.getTracker !== undefined ||
      common.generateKey !== undefined;
    if (general) return null;
    const plan: RouteLimit[] = [];
    const targets = [handler, classRef] as Array<() => void>;
    for (const t of this.throttlers) {
      const name = t.name ?? 'default';
      if (this.reflector.getAllAndOverride<boolean>(THROTTLER_SKIP + name, targets)) continue;
      const overridden = [
        THROTTLER_LIMIT,
        THROTTLER_TTL,
        THROTTLER_BLOCK_DURATION,
        THROTTLER_TRACKER,
        THROTTLER_KEY_GENERATOR,
      ].some((k) => this.reflector.getAllAndOverride<unknown>(k + name, targets) !== undefined);
      const { limit, ttl } = t;
      const blockDuration = t.blockDuration ?? ttl;
      if (
        overridden ||
        t.skipIf !== undefined ||
        t.ignoreUserAgents !== undefined ||
        t.getTracker !== undefined ||
        t.generateKey !== undefined ||
        typeof limit !== 'number' ||
        typeof ttl !== 'number' ||
        typeof blockDuration !== 'number'
      )
        return null;
      plan.push({
        name,
        limit,
        ttl,
        blockDuration,
        setHeaders: t.setHeaders ?? common.setHeaders ?? true,
        suffix: name === 'default' ? '' : `-${name}`,
      });
    }
    return plan;
  }
}
