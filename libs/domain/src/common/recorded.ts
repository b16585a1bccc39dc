/** What the log holds: the event as posted plus the server's metadata. */
export type Recorded<E> = E & { seq: number; recordedAt: string };
