export * from './users';
export * from './audit';
export * from './market';
export * from './api-keys';
export * from './jobs';
export * from './tasks';
export * from './trading';
export * from './watchlist';
