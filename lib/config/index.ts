// Public face of lib/config: CR validation, admission checks, label selectors, legacy conversion.
export type { Config, ConfigError, PoolConfig, PoolServiceAllocation, AdvertisementConfig } from './types';
export { validateConfig, formatConfigError, findUnadvertisedPools } from './validate-config';
export { checkPoolAdmission, checkL2AdvertisementAdmission } from './admission';
export { selectorMatches, anySelectorMatches, canonicalSelector, describeSelector, type Labels } from './label-selector';
export { convertLegacyConfig, convertLegacyConfigMap, renderResourcesYaml, type LegacyConversion } from './legacy';
export { toDnsLabel } from './legacy-names';
