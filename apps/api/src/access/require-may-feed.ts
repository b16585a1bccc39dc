import { Problem } from '../http/problem';
import { mayFeed, Principal } from './api-keys';

/** A feeder key limited to some competitions may not feed another: 403. */
export function requireMayFeed(principal: Principal, competition: string): void {
  if (!mayFeed(principal, competition)) {
    throw new Problem(
      403,
      'forbidden',
      'This key may not feed that competition',
      `Competition '${competition}'.`,
    );
  }
}
