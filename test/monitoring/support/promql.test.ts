// The evaluator the alert tests trust, checked against Prometheus's documented behaviour.
import { describe, expect, it } from 'vitest';
import { evaluate, evaluateVector, metricNames, syntaxErrors } from './promql';
import { parseScrapes, SeriesStore } from './series-store';

const store = (text: string) => new SeriesStore(parseScrapes(text));

/** A counter rising 1/s, scraped every 30 s from t=0 to t=600. */
function risingCounter(): SeriesStore {
  const lines: string[] = [];
  for (let t = 0; t <= 600; t += 30) lines.push(`# @ ${t} job="c" instance="a"`, `requests_total{path="/"} ${t}`);
  return store(lines.join('\n'));
}

describe('PromQL subset', () => {
  it('rate and increase extrapolate like Prometheus: 1/s over 5m is 1 and 300', () => {
    const s = risingCounter();
    expect(evaluateVector('rate(requests_total[5m])', s, 600)[0].v).toBeCloseTo(1, 9);
    expect(evaluateVector('increase(requests_total[5m])', s, 600)[0].v).toBeCloseTo(300, 9);
    expect(evaluateVector('rate(requests_total[5m])', s, 600)[0].labels).toEqual({ path: '/', job: 'c', instance: 'a' });
  });

  it('increase counts across a counter reset and needs two samples', () => {
    const s = store('# @ 0 job="c"\nx_total 10\n# @ 30 job="c"\nx_total 20\n# @ 60 job="c"\nx_total 5\n# @ 90 job="c"\nx_total 15');
    // raw growth 10 + 5 + 10 = 25 over 90 s of samples; the window starts 30 s before the first
    // sample (under 1.1 intervals, and under first/raw*90 = 36 s), and ends on the last one.
    expect(evaluateVector('increase(x_total[2m])', s, 90)[0].v).toBeCloseTo((25 * 120) / 90, 9);
    expect(evaluateVector('increase(x_total[20s])', s, 90)).toEqual([]);
  });

  it('label_replace copies a label through the regex, leaves non-matching samples alone, and removes a label set to ""', () => {
    const s = store('# @ 0 job="d"\nstate{node="n1",state="live"} 1\nstate{node="",state="down"} 1');
    expect(evaluateVector('label_replace(state, "peer", "node-$1", "node", "(.+)")', s, 0).map((x) => x.labels.peer)).toEqual(['node-n1', undefined]);
    expect(evaluateVector('label_replace(state, "state", "", "node", "n.*")', s, 0).map((x) => x.labels.state)).toEqual([undefined, 'down']);
  });

  it('one-to-one matching with on() keeps only the on() labels, even for a filter', () => {
    const s = store('# @ 0 job="ctl" instance="a"\nused{pool="p"} 6\nsize{pool="p"} 6\nused{pool="q"} 1\nsize{pool="q"} 6');
    expect(evaluateVector('used >= on(pool) size', s, 0)).toEqual([{ labels: { pool: 'p' }, v: 6 }]);
    expect(evaluateVector('used / size', s, 0).map((x) => x.labels)).toEqual([
      { pool: 'p', job: 'ctl', instance: 'a' },
      { pool: 'q', job: 'ctl', instance: 'a' },
    ]);
    expect(() => evaluate('used / on(job) size', s, 0)).toThrow(/many-to-many/);
  });

  it('a vector-scalar filter keeps the name and value; bool turns it into 0/1 without the name', () => {
    const s = store('# @ 0 job="c"\nup_bool 0\n');
    expect(evaluateVector('up_bool == 0', s, 0)).toEqual([{ labels: { __name__: 'up_bool', job: 'c' }, v: 0 }]);
    expect(evaluateVector('up_bool == bool 1', s, 0)).toEqual([{ labels: { job: 'c' }, v: 0 }]);
  });

  it('and / or / unless match on all labels but the name, or on on()', () => {
    const s = store('# @ 0 job="c" instance="a"\nconf 1\nleader 0\n# @ 0 job="c" instance="b"\nconf 1\nleader 1');
    expect(evaluateVector('conf == 1 unless on(job, instance) leader == 0', s, 0).map((x) => x.labels.instance)).toEqual(['b']);
    expect(evaluateVector('conf and leader == 1', s, 0).map((x) => x.labels.instance)).toEqual(['b']);
    expect(evaluateVector('leader == 1 or conf', s, 0).map((x) => `${x.labels.__name__}@${x.labels.instance}`)).toEqual(['leader@b', 'conf@a']);
  });

  it('aggregates by and without, and nests', () => {
    const s = store('# @ 0 job="s" instance="n1"\nann{ip="1",node="n1",service="a"} 1\nann{ip="1",node="n1",service="b"} 1\n# @ 0 job="s" instance="n2"\nann{ip="1",node="n2",service="a"} 1');
    expect(evaluateVector('count by (ip) (count by (ip, node) (ann))', s, 0)).toEqual([{ labels: { ip: '1' }, v: 2 }]);
    expect(evaluateVector('sum without (service, instance) (ann)', s, 0)).toEqual([
      { labels: { ip: '1', node: 'n1', job: 's' }, v: 2 },
      { labels: { ip: '1', node: 'n2', job: 's' }, v: 1 },
    ]);
  });

  it('a series the target stopped exposing is stale at once; a silent target after 5 minutes', () => {
    const s = store('# @ 0 job="c"\ngone 1\nkept 1\n# @ 30 job="c"\nkept 1');
    expect(evaluateVector('gone', s, 30)).toEqual([]);
    expect(evaluateVector('kept', s, 329)).toHaveLength(1);
    expect(evaluateVector('kept', s, 331)).toEqual([]);
    expect(evaluateVector('gone offset 30s', s, 30)).toHaveLength(1);
  });

  it('predict_linear extrapolates a straight line exactly', () => {
    const lines: string[] = [];
    for (let t = 0; t <= 3600; t += 600) lines.push(`# @ ${t} job="c"`, `used ${10 + t / 600}`);
    expect(evaluateVector('predict_linear(used[1h], 3600)', store(lines.join('\n')), 3600)[0].v).toBeCloseTo(22, 9);
  });

  it('refuses what it does not implement and what does not parse', () => {
    const s = risingCounter();
    expect(() => evaluate('histogram_quantile(0.9, rate(requests_total[5m]))', s, 600)).toThrow(/outside the subset/);
    expect(() => evaluate('a / on(x) group_left b', s, 600)).toThrow(/group_left/);
    expect(() => evaluate('requests_total unless requests_total offset 5m', s, 600)).toThrow(/parenthesise/);
    expect(evaluateVector('requests_total unless (requests_total offset 5m)', s, 600)).toEqual([]);
    expect(syntaxErrors('sum by (ip (x)')).not.toEqual([]);
    expect(syntaxErrors('sum by (ip) (x)')).toEqual([]);
    expect(metricNames('sum(rate(a_total[5m])) / on(x) b unless c offset 5m')).toEqual(['a_total', 'b', 'c']);
  });
});
