// The write hook of CustomResourceDefinition: a group and a plural, and the name they make.
import { asString, readPath } from './json-path';
import { fieldErrors } from './status-errors';
import type { Strategy } from './strategy';
import type { FieldError } from './types';

export const crdStrategy: Strategy = {
  prepare(obj) {
    const plural = asString(readPath(obj, 'spec.names.plural'));
    const group = asString(readPath(obj, 'spec.group'));
    const errors: FieldError[] = [];
    if (!group) errors.push(fieldErrors.required('spec.group'));
    if (!plural) errors.push(fieldErrors.required('spec.names.plural'));
    if (errors.length === 0 && obj.metadata.name !== `${plural}.${group}`) {
      errors.push(fieldErrors.invalid('metadata.name', obj.metadata.name, 'must be spec.names.plural+"."+spec.group'));
    }
    return errors;
  },
};
