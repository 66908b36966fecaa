export { type FileAsset, readAssetManifest } from './asset-manifest.ts';
export { type CloudAssembly, findAsset, readCloudAssembly, type StackArtifact } from './cloud-assembly.ts';
export { CloudAssemblyError, SynthError } from './errors.ts';
export { type SynthesizeOptions, synthesize } from './synthesize.ts';
