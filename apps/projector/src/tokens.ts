export const CONFIG = Symbol('CONFIG');
export const PG_POOL = Symbol('PG_POOL');
