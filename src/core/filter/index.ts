// The filter module's public surface: compile filters/rules to WHERE fragments and sort params to ORDER BY.
export { FilterCache } from './cache.ts';
export {
  type CompiledFilter,
  compileFilter,
  type PreparedFilter,
  prepareFilter,
} from './compile.ts';
export { type Dialect, sqliteDialect } from './dialect.ts';
export { FilterError, FilterSyntaxError } from './errors.ts';
export { MAX_COMPARISONS, MAX_FILTER_LENGTH, parseFilter } from './parser.ts';
export type { FilterAuth, FilterOptions, FilterSchema, RequestInfo } from './schema.ts';
export { type CompiledSort, compileSort, MAX_SORT_ITEMS } from './sort.ts';
