import type { ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { SkipThrottle, ThrottlerException, type ThrottlerModuleOptions } from '@nestjs/throttler';
import type { ApiKeyRegistry } from './api-key.registry';
import type { Principal } from './api-keys';
import { HitWindowStorage } from './hit-window.storage';
import { KeyThrottlerGuard } from './key-throttler.guard';

class Commands {
  record(): void {}
  @SkipThrottle()
  health(): void {}
}

const keys = {
  principal: (key: string) => (key === 'k1' ? ({ id: 'feeder-1' } as Principal) : undefined),
} as unknown as ApiKeyRegistry;

interface Answer {
  headers: Record<string, string | number>;
  refused: boolean;
}

function contextFor(handler: () => void, authorization: string | undefined, ip: string) {
  const headers: Record<string, string | number> = {};
  const reply = {
    header(name: string, value: string | number) {
      headers[name] = value;
      return reply;
    },
  };
  const req = { headers: authorization ? { authorization } : {}, ip };
  const context = {
    getHandler: () => handler,
    getClass: () => Commands,
    switchToHttp: () => ({ getRequest: () => req, getResponse: () => reply }),
  } as unknown as ExecutionContext;
  return { context, headers };
}

async function guardWith(options: ThrottlerModuleOptions, now: () => number): Promise<KeyThrottlerGuard> {
  const guard = new KeyThrottlerGuard(options, new HitWindowStorage(now), new Reflector(), keys);
  await guard.onModuleInit();
  return guard;
}

async function ask(
  guard: KeyThrottlerGuard,
  handler: () => void,
  auth?: string,
  ip = '10.0.0.1',
): Promise<Answer> {
  const { context, headers } = contextFor(handler, auth, ip);
  try {
    expect(await guard.canActivate(context)).toBe(true);
    return { headers, refused: false };
  } catch (err) {
    expect(err).toBeInstanceOf(ThrottlerException);
    return { headers, refused: true };
  }
}

describe('KeyThrottlerGuard', () => {
  let now: number;
  const throttlers = [{ ttl: 1000, limit: 3 }];

  beforeEach(() => {
    now = 5_000_000;
  });

  it("answers as @nestjs/throttler's own guard does: the same headers, the same 429s, per key and per address", async () => {
    const lean = await guardWith({ throttlers }, () => now);
    // A skipIf (never skipping) sends every request down @nestjs/throttler's general path.
    const general = await guardWith({ throttlers, skipIf: () => false }, () => now);
    const script: Array<[number, string | undefined, string]> = [
      [0, 'Bearer k1', '10.0.0.1'],
      [0, 'Bearer k1', '10.0.0.2'],
      [100, 'Bearer k1', '10.0.0.1'],
      [100, 'Bearer nope', '10.0.0.1'],
      [200, 'Bearer k1', '10.0.0.9'],
      [300, undefined, '10.0.0.1'],
      [400, 'Bearer k1', '10.0.0.1'],
      [500, 'bearer other', '10.0.0.1'],
      [600, 'Bearer made-up', '10.0.0.1'],
      [1500, 'Bearer k1', '10.0.0.1'],
      [1550, undefined, '10.0.0.1'],
    ];
    const answers: Answer[][] = [[], []];
    for (const [at, auth, ip] of script) {
      now = 5_000_000 + at;
      answers[0].push(await ask(lean, Commands.prototype.record, auth, ip));
      answers[1].push(await ask(general, Commands.prototype.record, auth, ip));
    }
    expect(answers[0]).toEqual(answers[1]);
    expect(answers[0].map((a) => a.refused)).toEqual([
      ...[false, false, false, false, true], // key k1: its 4th request within the second…
      false, // …while its address, counted apart, is at 2
      true, // k1 still blocked
      false, // an unknown key counts under its address (3rd)
      true, // and a 4th (another made-up key) is refused: rotating keys buys nothing
      false, // k1 again once its block is over
      true, // the address still blocked
    ]);
    expect(answers[0][4].headers).toEqual({ 'Retry-After': 1 });
    expect(answers[0][0].headers).toEqual({
      'X-RateLimit-Limit': 3,
      'X-RateLimit-Remaining': 2,
      'X-RateLimit-Reset': 1,
    });
  });

  it('counts nothing and sets no header on a route marked @SkipThrottle', async () => {
    const guard = await guardWith({ throttlers: [{ ttl: 1000, limit: 1 }] }, () => now);
    for (let i = 0; i < 3; i++) {
      expect(await ask(guard, Commands.prototype.health, 'Bearer k1')).toEqual({
        headers: {},
        refused: false,
      });
    }
    expect((await ask(guard, Commands.prototype.record, 'Bearer k1')).refused).toBe(false);
    expect((await ask(guard, Commands.prototype.record, 'Bearer k1')).refused).toBe(true);
  });
});
