/** The kernel's public surface: pure value types and checks shared by every module. */
export * from './errors.js';
export * from './money.js';
export * from './rate.js';
export * from './dates.js';
export * from './idcard.js';
export * from './uscc.js';
export * from './mobile.js';
export * from './mask.js';
export * from './crypto.js';
export * from './clock.js';
