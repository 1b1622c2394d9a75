// Public face of lib/schemas: one zod schema per input (CRs and dashboard forms), types via z.infer.
export * from './common';
export * from './label-selector';
export * from './ip-address-pool';
export * from './l2-advertisement';
export * from './service-l2-status';
export * from './pool-form';
export * from './l2-advertisement-form';
export * from './history-query';
