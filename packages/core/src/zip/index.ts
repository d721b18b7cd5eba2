export * from './errors';
export * from './crc32';
export * from './read';
