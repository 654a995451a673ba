import type { GroupRef, GroupSendDecision, GroupSendRequest } from './OtpStore';

/**
 * One group's counters (a prefix, a country) as `MemoryOtpStore` keeps them: sends and verified
 * codes per bucket of the window, the group's pause, and its last refusal for velocity. The rules
 * are those of `TollFraudStore`; the Redis scripts apply the same ones.
 */
export interface GroupState {
  readonly sends: Map<number, number>;
  readonly verified: Map<number, number>;
  pausedUntil: number;
  /** When a send of the group was last refused for velocity, or `-Infinity`. */
  velocityRefusedAt: number;
  /** When nothing of the group counts any more (its last bucket left the window, its pause and refusal episode ended): it can be forgotten. */
  expiresAt: number;
}

/** A group with nothing counted yet. */
export function newGroupState(): GroupState {
  return { sends: new Map(), verified: new Map(), pausedUntil: 0, velocityRefusedAt: -Infinity, expiresAt: 0 };
}

/** Decides one send and counts it when granted (see `TollFraudStore.takeGroupSend`). */
export function takeGroupSend(state: GroupState, request: GroupSendRequest): GroupSendDecision {
  const { now } = request;
  dropOldBuckets(state, request);
  if (state.pausedUntil > now) return { granted: false, reason: 'conversion', retryAfterMs: state.pausedUntil - now, started: false };
  const sends = total(state.sends);
  if (sends >= request.maxSends) {
    const started = now - state.velocityRefusedAt >= request.windowMs;
    state.velocityRefusedAt = now;
    keepUntil(state, now + request.windowMs);
    return { granted: false, reason: 'velocity', retryAfterMs: roomAfterMs(state, request), started };
  }
  const conversion = request.conversion;
  if (conversion && sends >= conversion.minSends && Math.min(total(state.verified), sends) < conversion.minRate * sends) {
    state.pausedUntil = now + conversion.pauseMs;
    keepUntil(state, state.pausedUntil);
    return { granted: false, reason: 'conversion', retryAfterMs: conversion.pauseMs, started: true };
  }
  add(state.sends, bucketOf(request), 1);
  keepUntil(state, bucketLeavesAt(request));
  return { granted: true };
}

/** Gives back a send counted in `now`'s bucket. */
export function returnGroupSend(state: GroupState, request: GroupRef): void {
  const bucket = bucketOf(request);
  const count = state.sends.get(bucket) ?? 0;
  if (count > 1) state.sends.set(bucket, count - 1);
  else state.sends.delete(bucket);
}

/** Counts a verified code in `now`'s bucket. */
export function groupVerified(state: GroupState, request: GroupRef): void {
  dropOldBuckets(state, request);
  add(state.verified, bucketOf(request), 1);
  keepUntil(state, bucketLeavesAt(request));
}

function bucketOf(ref: GroupRef): number {
  return Math.floor(ref.now / ref.bucketMs);
}

/** When the bucket of `now` leaves the window. */
function bucketLeavesAt(ref: GroupRef): number {
  return (bucketOf(ref) + Math.floor(ref.windowMs / ref.bucketMs)) * ref.bucketMs;
}

function keepUntil(state: GroupState, time: number): void {
  state.expiresAt = Math.max(state.expiresAt, time);
}

/** The oldest bucket still in the window. */
function firstBucket(ref: GroupRef): number {
  return bucketOf(ref) - Math.floor(ref.windowMs / ref.bucketMs) + 1;
}

function dropOldBuckets(state: GroupState, ref: GroupRef): void {
  const first = firstBucket(ref);
  for (const counts of [state.sends, state.verified]) for (const bucket of counts.keys()) if (bucket < first) counts.delete(bucket);
}

/** How long until enough of the oldest sends leave the window for one more to fit. */
function roomAfterMs(state: GroupState, request: GroupSendRequest): number {
  const buckets = Math.floor(request.windowMs / request.bucketMs);
  let left = total(state.sends);
  for (const bucket of [...state.sends.keys()].sort((a, b) => a - b)) {
    left -= state.sends.get(bucket) ?? 0;
    if (left < request.maxSends) return Math.max(1, (bucket + buckets) * request.bucketMs - request.now);
  }
  return request.bucketMs;
}

function total(counts: Map<number, number>): number {
  let sum = 0;
  for (const count of counts.values()) sum += count;
  return sum;
}

function add(counts: Map<number, number>, bucket: number, count: number): void {
  counts.set(bucket, (counts.get(bucket) ?? 0) + count);
}
