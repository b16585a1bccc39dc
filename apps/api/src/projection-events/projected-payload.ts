/** One stream moved forward in the read models: `streamId` (`match:<id>` / `tie:<id>`) now at `version`. */
export interface StreamProjected {
  streamId: string;
  version: number;
}

/** Parses the projector's notification payload: `match:<id>@<version>,tie:<id>@<version>,…`. */
export function parseProjectedPayload(payload: string): StreamProjected[] {
  const changes: StreamProjected[] = [];
  for (const item of payload.split(',')) {
    const at = item.lastIndexOf('@');
    if (at <= 0) continue;
    const version = item.slice(at + 1);
    if (/^\d+$/.test(version)) changes.push({ streamId: item.slice(0, at), version: Number(version) });
  }
  return changes;
}
