export * from './classes';
export * from './response';
export * from './headScores';
export * from './fuse';
export * from './emptyTags';
export * from './buildResponse';
