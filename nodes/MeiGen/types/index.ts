/**
 * Typed MeiGen API requests and responses, one file per part of the API.
 * Every response type is open: the service adds fields often, and the node passes them through.
 */
export type * from './errors';
export type * from './generation';
export type * from './images';
export type * from './models';
export type * from './skills';
export type * from './tokens';
