/** Client-chosen ids of streams (matches, ties, competitions) and teams (docs/api.md, "Streams and ids"). */
export const STREAM_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;
