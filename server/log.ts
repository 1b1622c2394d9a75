// The process's structured logger (pino); modules take a child: log.child({ module: 'controller' }).
import pino from 'pino';
import { readEnv } from './env';

let root: pino.Logger | undefined;

export function rootLogger(): pino.Logger {
  root ??= pino({ level: readEnv().IRONLB_LOG_LEVEL, base: undefined });
  return root;
}

export function moduleLogger(module: string): pino.Logger {
  return rootLogger().child({ module });
}
