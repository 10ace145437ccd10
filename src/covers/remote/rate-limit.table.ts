/** One row per rate-limited key: when its next call may go. Written only by `postgresRateLimiter`. */
export interface RateLimitTable {
  key: string;
  next_at: Date;
}

export interface RateLimitTables {
  rate_limits: RateLimitTable;
}
