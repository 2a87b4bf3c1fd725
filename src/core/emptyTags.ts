import type { AlgorithmicTags } from './response';

/** Hive's algorithmic_tags with every field present and empty: what a file with no metadata gets. */
export function emptyTags(): AlgorithmicTags {
  return {
    c2pa: { claim_generator: '', actions_software_agent: '', actions_action: '', actions_digital_source_type: '' },
    xmp: { digital_source_file_type: '', credit: '', digital_source_type: '' },
    exif: { make: '' },
  };
}
