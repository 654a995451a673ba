// `passport-sms-otp/store/testing`: the contract every OtpStore must pass, for your own test runner.
export { describeOtpStore } from './describeOtpStore';
export type { OtpStoreSuiteMatchers, OtpStoreSuiteOptions, OtpStoreSuiteTools } from './suiteTools';
export type { StoreFeature } from '../storeFeatures';
