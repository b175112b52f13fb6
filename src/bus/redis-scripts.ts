/** Lua scripts: each runs atomically in Redis. */

/**
 * Take a conversation's lease: free, already ours, or held by a node whose heartbeat has
 * expired. KEYS[1] lease; ARGV: node id, ttl ms, heartbeat key prefix. → {won, holder}
 */
export const CLAIM = `
local cur = redis.call('GET', KEYS[1])
if (not cur) or cur == ARGV[1] or redis.call('EXISTS', ARGV[3] .. cur) == 0 then
  redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
  return {1, ARGV[1]}
end
return {0, cur}`;

/** Extend our lease (or take it back if it lapsed and nobody took it). → 1 kept, 0 lost */
export const RENEW = `
local cur = redis.call('GET', KEYS[1])
if (not cur) or cur == ARGV[1] then
  redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
  return 1
end
return 0`;

/** Become or stay the leader if the seat is free or ours. → the leader's node id */
export const ELECT = `
local cur = redis.call('GET', KEYS[1])
if (not cur) or cur == ARGV[1] then
  redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
  return ARGV[1]
end
return cur`;
