/** Walks a value (a report, an estimate) for the numbers in it. */

/** Every number in a value, with its path (`$.deployments[0].placements[1].cost.monthlyUsd`). */
export function numbersIn(x: unknown, path = '$', out: Array<[string, number]> = []): Array<[string, number]> {
  if (typeof x === 'number') out.push([path, x]);
  else if (Array.isArray(x)) x.forEach((v, i) => numbersIn(v, `${path}[${i}]`, out));
  else if (x && typeof x === 'object') for (const [k, v] of Object.entries(x)) numbersIn(v, `${path}.${k}`, out);
  return out;
}

/** The same path with list indices removed, to name a field once (`…placements[].cost.monthlyUsd`). */
export function fieldOf(path: string): string {
  return path.replace(/\[\d+\]/g, '[]');
}
