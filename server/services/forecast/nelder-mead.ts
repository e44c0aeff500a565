/**
 * Minimises `f` from `start` by the Nelder–Mead simplex (standard reflection 1, expansion 2, contraction
 * ½, shrink ½). Derivative-free, which suits a likelihood whose constraints are enforced by returning
 * Infinity outside the feasible region. Stops when the simplex's values agree to `tolerance` or after
 * `maxEvaluations` calls.
 */
export function nelderMead(
  f: (x: number[]) => number,
  start: readonly number[],
  opts: { step?: readonly number[]; tolerance?: number; maxEvaluations?: number } = {},
): { x: number[]; value: number; evaluations: number } {
  const n = start.length;
  const tolerance = opts.tolerance ?? 1e-9;
  const maxEvaluations = opts.maxEvaluations ?? 1000;
  let evaluations = 0;
  const evaluate = (x: number[]) => {
    evaluations++;
    const v = f(x);
    return Number.isFinite(v) ? v : Infinity;
  };
  let simplex = [start.slice()];
  for (let i = 0; i < n; i++) {
    const vertex = start.slice();
    vertex[i]! += opts.step?.[i] ?? (start[i] === 0 ? 0.05 : 0.1 * start[i]!);
    simplex.push(vertex);
  }
  let values = simplex.map(evaluate);

  while (evaluations < maxEvaluations) {
    const order = values.map((_, i) => i).sort((a, b) => values[a]! - values[b]!);
    simplex = order.map((i) => simplex[i]!);
    values = order.map((i) => values[i]!);
    if (Math.abs(values[n]! - values[0]!) <= tolerance * (Math.abs(values[0]!) + tolerance)) break;

    const centroid = new Array<number>(n).fill(0);
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) centroid[j]! += simplex[i]![j]! / n;
    const towards = (coef: number) => centroid.map((c, j) => c + coef * (simplex[n]![j]! - c));

    const reflected = towards(-1);
    const reflectedValue = evaluate(reflected);
    if (reflectedValue < values[0]!) {
      const expanded = towards(-2);
      const expandedValue = evaluate(expanded);
      [simplex[n], values[n]] = expandedValue < reflectedValue ? [expanded, expandedValue] : [reflected, reflectedValue];
    } else if (reflectedValue < values[n - 1]!) {
      [simplex[n], values[n]] = [reflected, reflectedValue];
    } else {
      const outside = reflectedValue < values[n]!;
      const contracted = towards(outside ? -0.5 : 0.5);
      const contractedValue = evaluate(contracted);
      if (contractedValue < (outside ? reflectedValue : values[n]!)) {
        [simplex[n], values[n]] = [contracted, contractedValue];
      } else {
        for (let i = 1; i <= n; i++) {
          simplex[i] = simplex[i]!.map((x, j) => simplex[0]![j]! + 0.5 * (x - simplex[0]![j]!));
          values[i] = evaluate(simplex[i]!);
        }
      }
    }
  }
  const best = values.indexOf(Math.min(...values));
  return { x: simplex[best]!, value: values[best]!, evaluations };
}
