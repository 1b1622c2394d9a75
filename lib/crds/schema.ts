// Builders for the OpenAPI v3 schemas of our CustomResourceDefinitions. A CRD schema must be
// structural (every node typed, no $ref), so shared shapes such as the label selector are
// functions that return a fresh copy. Pure data; deploy/crds/*.yaml is generated from it.

export interface Validation {
  rule: string;
  message: string;
}

/** A node of a structural schema (the subset of OpenAPI v3 that CRDs accept and we use). */
export interface JSONSchemaProps {
  type?: 'object' | 'array' | 'string' | 'integer' | 'boolean' | 'number';
  description?: string;
  format?: string;
  default?: unknown;
  enum?: readonly string[];
  minimum?: number;
  maximum?: number;
  minLength?: number;
  maxLength?: number;
  minItems?: number;
  maxItems?: number;
  pattern?: string;
  required?: readonly string[];
  properties?: Record<string, JSONSchemaProps>;
  additionalProperties?: JSONSchemaProps;
  items?: JSONSchemaProps;
  'x-kubernetes-list-type'?: 'atomic' | 'set' | 'map';
  'x-kubernetes-list-map-keys'?: readonly string[];
  'x-kubernetes-preserve-unknown-fields'?: boolean;
  'x-kubernetes-validations'?: readonly Validation[];
}

type Extra = Omit<JSONSchemaProps, 'type' | 'description'>;

export const str = (description: string, extra: Extra = {}): JSONSchemaProps => ({ type: 'string', description, ...extra });
export const bool = (description: string, extra: Extra = {}): JSONSchemaProps => ({ type: 'boolean', description, ...extra });
export const int = (description: string, extra: Extra = {}): JSONSchemaProps => ({ type: 'integer', description, ...extra });
export const arr = (description: string, items: JSONSchemaProps, extra: Extra = {}): JSONSchemaProps => ({
  type: 'array',
  description,
  items,
  ...extra,
});
export const obj = (
  description: string,
  properties: Record<string, JSONSchemaProps>,
  extra: Extra = {},
): JSONSchemaProps => ({ type: 'object', description, properties, ...extra });

/** Kubernetes' label key: an optional DNS-subdomain prefix and a name of at most 63 characters. */
export const LABEL_KEY_PATTERN =
  '^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*/)?[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$';
/** A label value: empty, or up to 63 characters starting and ending alphanumeric. */
export const LABEL_VALUE_PATTERN = '^(([A-Za-z0-9][-A-Za-z0-9_.]{0,61})?[A-Za-z0-9])?$';

const labelKey = (description: string) => str(description, { maxLength: 317, pattern: LABEL_KEY_PATTERN });
const labelValue = (description: string) => str(description, { maxLength: 63, pattern: LABEL_VALUE_PATTERN });

/** metav1.LabelSelector, with the API server's own rules for a requirement as CEL. */
export const labelSelector = (description: string): JSONSchemaProps =>
  obj(description, {
    // Map keys cannot carry a pattern in a structural schema, and a CEL rule over them costs
    // more than a real API server allows: the controller checks them (ConfigurationState).
    matchLabels: {
      type: 'object',
      description: 'key=value pairs, all of which must match (ANDed with matchExpressions).',
      additionalProperties: labelValue('a label value'),
    },
    matchExpressions: arr(
      'Requirements, all of which must match.',
      obj(
        'key, operator and values.',
        {
          key: labelKey('The label key the requirement applies to.'),
          operator: str('How the key relates to the values.', { enum: ['In', 'NotIn', 'Exists', 'DoesNotExist'] }),
          values: arr('Values for In and NotIn; none for Exists and DoesNotExist.', labelValue('a label value')),
        },
        {
          required: ['key', 'operator'],
          'x-kubernetes-validations': [
            {
              rule: "self.operator in ['In', 'NotIn'] ? has(self.values) && size(self.values) > 0 : !has(self.values) || size(self.values) == 0",
              message: 'operator In and NotIn need values; Exists and DoesNotExist take none',
            },
          ],
        },
      ),
    ),
  });

/** The fields every object has before its own. */
export const topLevel = (
  description: string,
  spec: JSONSchemaProps | undefined,
  status: JSONSchemaProps | undefined,
  extra: Extra = {},
): JSONSchemaProps =>
  obj(
    description,
    {
      apiVersion: str('The schema version of this object.'),
      kind: str('The kind of this object.'),
      metadata: { type: 'object' },
      ...(spec ? { spec } : {}),
      ...(status ? { status } : {}),
    },
    extra,
  );
