// Counted nouns in the dashboard's sentences: "1 IP", "2 IPs", never "IP(s)".

/** `n` and the noun in the form that fits it: plural(1, 'IP') is "1 IP", plural(3, 'IP') "3 IPs". */
export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}
