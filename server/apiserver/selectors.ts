// Label and field selectors in the API server's query syntax: parse once per request, match per object.
// Parsing failures return a reason string (the handler turns it into 400 BadRequest).
import type { Result } from '../../lib/result';
import { err, ok } from '../../lib/result';

export type LabelOp = 'exists' | 'notExists' | 'in' | 'notIn' | 'gt' | 'lt';
export interface LabelRequirement {
  key: string;
  op: LabelOp;
  values: string[];
}
export type LabelSelector = LabelRequirement[];

export interface FieldRequirement {
  field: string;
  equal: boolean;
  value: string;
}
export type FieldSelector = FieldRequirement[];

type Token = { kind: 'word'; text: string } | { kind: 'op'; text: string };

function tokenize(input: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < input.length) {
    const c = input[i];
    if (c === ' ' || c === '\t') { i++; continue; }
    const two = input.slice(i, i + 2);
    if (two === '==' || two === '!=') { tokens.push({ kind: 'op', text: two }); i += 2; continue; }
    if ('=!(),<>'.includes(c)) { tokens.push({ kind: 'op', text: c }); i++; continue; }
    let j = i;
    while (j < input.length && !' \t=!(),<>'.includes(input[j])) j++;
    tokens.push({ kind: 'word', text: input.slice(i, j) });
    i = j;
  }
  return tokens;
}

import { explainInvalidLabelKey, explainInvalidLabelValue } from '../../lib/config/label-selector';

export { explainInvalidLabelKey, explainInvalidLabelValue };

class LabelParser {
  private pos = 0;
  constructor(private readonly tokens: Token[]) {}

  parse(): Result<LabelSelector, string> {
    const reqs: LabelSelector = [];
    while (this.pos < this.tokens.length) {
      const req = this.parseRequirement();
      if (!req.ok) return req;
      reqs.push(req.value);
      const next = this.tokens[this.pos];
      if (next === undefined) break;
      if (next.kind !== 'op' || next.text !== ',') return err(`found '${next.text}', expected: ','`);
      this.pos++;
      if (this.pos === this.tokens.length) return err("found '', expected: identifier after ','");
    }
    return ok(reqs);
  }

  private parseRequirement(): Result<LabelRequirement, string> {
    let negated = false;
    if (this.peekOp('!')) { negated = true; this.pos++; }
    const keyTok = this.tokens[this.pos++];
    if (!keyTok || keyTok.kind !== 'word') return err(`found '${keyTok?.text ?? ''}', expected: identifier`);
    const key = keyTok.text;
    const keyProblem = explainInvalidLabelKey(key);
    if (keyProblem) return err(`invalid label key "${key}": ${keyProblem}`);
    if (negated) return ok({ key, op: 'notExists', values: [] });
    const opTok = this.tokens[this.pos];
    if (!opTok || (opTok.kind === 'op' && opTok.text === ',')) return ok({ key, op: 'exists', values: [] });
    this.pos++;
    if (opTok.kind === 'word' && (opTok.text === 'in' || opTok.text === 'notin')) {
      const set = this.parseSet();
      return set.ok ? ok({ key, op: opTok.text === 'in' ? 'in' : 'notIn', values: set.value }) : set;
    }
    const ops: Record<string, LabelOp> = { '=': 'in', '==': 'in', '!=': 'notIn', '>': 'gt', '<': 'lt' };
    const op = opTok.kind === 'op' ? ops[opTok.text] : undefined;
    if (!op) return err(`found '${opTok.text}', expected: in, notin, =, ==, !=, gt, lt`);
    const valueTok = this.tokens[this.pos];
    let value = '';
    if (valueTok && valueTok.kind === 'word') { value = valueTok.text; this.pos++; }
    if ((op === 'gt' || op === 'lt') && !/^-?\d+$/.test(value)) return err(`for 'Gt', 'Lt' operators, the value must be an integer`);
    const problem = explainInvalidLabelValue(value);
    if (problem) return err(`invalid label value: "${value}": at key: "${key}": ${problem}`);
    return ok({ key, op, values: [value] });
  }

  private parseSet(): Result<string[], string> {
    if (!this.peekOp('(')) return err(`found '${this.tokens[this.pos]?.text ?? ''}', expected: '('`);
    this.pos++;
    const values: string[] = [];
    for (;;) {
      const tok = this.tokens[this.pos++];
      if (!tok) return err("found '', expected: ')'");
      if (tok.kind === 'op' && tok.text === ')') return ok(values);
      if (tok.kind === 'op' && tok.text === ',') { if (this.peekOp(')') || this.peekOp(',')) values.push(''); continue; }
      if (tok.kind !== 'word') return err(`found '${tok.text}', expected: ',', ')' or identifier`);
      values.push(tok.text);
    }
  }

  private peekOp(text: string): boolean {
    const t = this.tokens[this.pos];
    return t !== undefined && t.kind === 'op' && t.text === text;
  }
}

/** Parses `a=b,c!=d,e in (x,y),f notin (z),g,!h`; an empty string selects everything. */
export function parseLabelSelector(input: string): Result<LabelSelector, string> {
  if (input.trim() === '') return ok([]);
  const parsed = new LabelParser(tokenize(input)).parse();
  return parsed.ok ? parsed : err(`unable to parse requirement: ${parsed.error}`);
}

export function matchesLabels(selector: LabelSelector, labels: Record<string, string> | undefined): boolean {
  const l = labels ?? {};
  return selector.every((r) => {
    const has = Object.prototype.hasOwnProperty.call(l, r.key);
    switch (r.op) {
      case 'exists': return has;
      case 'notExists': return !has;
      case 'in': return has && r.values.includes(l[r.key]);
      case 'notIn': return !has || !r.values.includes(l[r.key]);
      case 'gt': return has && /^-?\d+$/.test(l[r.key]) && Number(l[r.key]) > Number(r.values[0]);
      case 'lt': return has && /^-?\d+$/.test(l[r.key]) && Number(l[r.key]) < Number(r.values[0]);
    }
  });
}

/** Splits on unescaped commas and reads `\,` `\=` `\\` escapes, as field selectors allow. */
function splitEscaped(input: string, sep: string): string[] {
  const parts: string[] = [];
  let cur = '';
  for (let i = 0; i < input.length; i++) {
    const c = input[i];
    if (c === '\\' && i + 1 < input.length) { cur += c + input[++i]; continue; }
    if (c === sep) { parts.push(cur); cur = ''; continue; }
    cur += c;
  }
  parts.push(cur);
  return parts;
}

const unescape = (s: string) => s.replace(/\\(.)/g, '$1');

/** Parses `metadata.name=x,spec.type!=ClusterIP`; the set of supported keys is checked by the caller. */
export function parseFieldSelector(input: string): Result<FieldSelector, string> {
  if (input.trim() === '') return ok([]);
  const reqs: FieldSelector = [];
  for (const part of splitEscaped(input, ',')) {
    const m = /^([^=!\\]*?)\s*(==|!=|=)\s*(.*)$/.exec(part.trim());
    if (!m || m[1] === '') return err(`invalid selector: '${input}'; can't understand '${part}'`);
    reqs.push({ field: m[1].trim(), equal: m[2] !== '!=', value: unescape(m[3]) });
  }
  return ok(reqs);
}

export function matchesFields(selector: FieldSelector, read: (field: string) => string | undefined): boolean {
  return selector.every((r) => ((read(r.field) ?? '') === r.value) === r.equal);
}
