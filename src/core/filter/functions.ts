// Filter functions (filter-and-rules.md §2.7): geoDistance and strftime over already-resolved args.
import type { Dialect } from './dialect.ts';
import { FilterError } from './errors.ts';
import { type Operand, renderTyped, typeOf } from './operand.ts';
import type { Operand as AstOperand } from './parser.ts';
import { type Typed, typed } from './sql.ts';

export const MAX_STRFTIME_ARGS = 10;

/** Checks argument shapes before any resolution (so rule validation catches them early). */
export function checkCall(name: string, args: AstOperand[]): void {
  if (name === 'geoDistance') {
    if (args.length !== 4) throw new FilterError('geoDistance expects exactly 4 arguments');
    for (const a of args) {
      if (a.kind !== 'ident' && a.kind !== 'number') {
        throw new FilterError('geoDistance arguments must be identifiers or numbers');
      }
    }
    return;
  }
  if (name === 'strftime') {
    if (args.length < 1 || args.length > MAX_STRFTIME_ARGS) {
      throw new FilterError(`strftime expects 1 to ${MAX_STRFTIME_ARGS} arguments`);
    }
    args.forEach((a, i) => {
      if (i !== 1 && a.kind !== 'text') {
        throw new FilterError('strftime format and modifiers must be text literals');
      }
      if (i === 1 && a.kind === 'call') {
        throw new FilterError('strftime time value must be a text, number or identifier');
      }
    });
    return;
  }
  throw new FilterError(`unknown function "${name}"`);
}

export function buildCall(name: string, args: Operand[], d: Dialect): Operand {
  if (name === 'geoDistance') {
    const [lonA, latA, lonB, latB] = args.map((a) => renderTyped(a)) as [
      Typed,
      Typed,
      Typed,
      Typed,
    ];
    const expr = d.geoDistance(lonA, latA, lonB, latB);
    // Single-valued even over multi relations: the joined row decides (any-of semantics).
    return { values: [], build: () => expr, noCoalesce: true, type: 'numExpr' };
  }
  const expr = d.strftime(args.map((a) => renderTyped(a)));
  const op: Operand = { values: [], build: () => expr, type: 'textExpr' };
  const time = args[1];
  if (time?.multi) {
    const mmArgs = args.map((a, i) =>
      i === 1 ? typed(time.multi!.value, typeOf(time)) : renderTyped(a),
    );
    op.multi = { ...time.multi, value: d.strftime(mmArgs) };
  }
  return op;
}
