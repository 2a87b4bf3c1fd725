export * from './align';
export * from './deepfakeManifest';
