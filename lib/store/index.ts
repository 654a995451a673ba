// `passport-sms-otp/store`: what it takes to write your own store (`store` option), and the two shipped ones.
export { MemoryOtpStore } from './MemoryOtpStore';
export { RedisOtpStore, type RedisOtpStoreOptions } from './redis/RedisOtpStore';
export type * from './OtpStore';
export type { StoreFeature } from './storeFeatures';
