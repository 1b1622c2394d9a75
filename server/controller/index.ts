// Public face of server/controller: the LoadBalancer IP controller and its metrics.
export { createController, startController, CONTROLLER_LEASE, CONTROLLER_COMPONENT, type Controller, type ControllerOptions, type ControllerStatus } from './controller';
export { metricsText, controllerMetrics, METRICS_CONTENT_TYPE } from './metrics';
