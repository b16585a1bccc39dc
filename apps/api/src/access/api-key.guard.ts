import { CanActivate, ExecutionContext, Injectable, SetMetadata } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyRequest } from 'fastify';
import { Problem } from '../http/problem';
import { ApiKeyRegistry } from './api-key.registry';
import { hasRole, Principal, Role } from './api-keys';

const ROLE_KEY = 'touchline:role';
/** Marks a route as a command that needs a key with this role. */
export const RequireRole = (role: Role) => SetMetadata(ROLE_KEY, role);

export type AuthenticatedRequest = FastifyRequest & { principal?: Principal };

@Injectable()
export class ApiKeyGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly keys: ApiKeyRegistry,
  ) {}

  canActivate(context: ExecutionContext): boolean {
    const role = this.reflector.getAllAndOverride<Role | undefined>(ROLE_KEY, [
      context.getHandler(),
      context.getClass(),
    ]);
    if (!role) return true;
    const req = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const header = req.headers.authorization ?? '';
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    if (!match) {
      throw new Problem(
        401,
        'unauthorized',
        'An API key is required',
        'Send Authorization: Bearer <key>.',
        {},
        {
          'WWW-Authenticate': 'Bearer',
        },
      );
    }
    const principal = this.keys.principal(match[1]);
    if (!principal) {
      throw new Problem(
        401,
        'unauthorized',
        'Unknown API key',
        undefined,
        {},
        { 'WWW-Authenticate': 'Bearer' },
      );
    }
    if (!hasRole(principal, role)) {
      throw new Problem(403, 'forbidden', 'This key may not do that', `This needs the '${role}' role.`);
    }
    req.principal = principal;
    return true;
  }
}
