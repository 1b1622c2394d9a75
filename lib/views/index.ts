// Public face of lib/views: pure joins from Kubernetes objects to the dashboard's view models,
// the Services table query, what-if, preflight, and the live stream's reducer.
export * from './types';
export * from './kube-types';
export * from './reasons';
export * from './node-view';
export * from './node-lan';
export * from './election-input';
export * from './service-view';
export * from './pool-view';
export * from './advertisement-view';
export * from './event-view';
export * from './whatif';
export * from './strict-arp';
export * from './preflight';
export * from './service-table';
export * from './stream';
export * from './query-keys';
export * from './pool-overlap';
export * from './plural';
export * from './api-schemas';
export * from './service-columns';
export * from './config-draft';
export * from './config-preview';
export * from './preview-summary';
export * from './label-index';
