// Test helper: a fresh in-memory auth database with the schema applied.
import { openAuthDb, type AuthDb } from './db';

export function openTestDb(): AuthDb {
  return openAuthDb(':memory:');
}
