import { Injectable } from '@nestjs/common';
import { ThrottlerGuard } from '@nestjs/throttler';
import { createHash } from 'node:crypto';

/** Rate limits per API key (per client address when there is none). */
@Injectable()
export class KeyThrottlerGuard extends ThrottlerGuard {
  protected override async getTracker(req: Record<string, unknown>): Promise<string> {
    const headers = req.headers as Record<string, string | undefined>;
    const key = /^Bearer\s+(\S+)$/i.exec(headers.authorization ?? '')?.[1];
    if (key) return `key:${createHash('sha256').update(key).digest('hex').slice(0, 16)}`;
    return `ip:${String(req.ip ?? 'unknown')}`;
  }
}
