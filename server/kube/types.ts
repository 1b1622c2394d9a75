// Shapes server/kube hands out (JSON as the server sent it): the object shapes are lib/shapes/kube's,
// typed enough to reach metadata; callers narrow the rest (zod schemas, or the kinds there).
export type { KubeList, KubeObject, ObjectMeta } from '../../lib/shapes/kube';

export interface ObjectName {
  namespace?: string;
  name: string;
}

/** The logging surface server/kube needs; a pino logger fits. */
export interface Logger {
  debug(obj: object, msg?: string): void;
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

export const silentLogger: Logger = { debug() {}, info() {}, warn() {}, error() {} };
