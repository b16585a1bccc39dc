import type { ProjectionNotifications } from '@touchline/read-models';

/**
 * For unit tests: notifications that are connected and never deliver anything by themselves (as
 * when LISTEN has not passed a commit on yet), so a test tells the views what they hear.
 */
export const silentNotifications = {
  connected: true,
  onStreamProjected: () => () => undefined,
  onTablesChanged: () => () => undefined,
  onResync: () => () => undefined,
  onLost: () => () => undefined,
} as unknown as ProjectionNotifications;
