// Filter errors: every mistake in a filter, sort or rule is a 400 (filter-and-rules.md §1.2, §2.3).
import { BadRequestError } from '../errors.ts';

/** A filter that parses but cannot be compiled (unknown field, limit exceeded, bad modifier…). */
export class FilterError extends BadRequestError {
  constructor(readonly reason: string) {
    super(reason);
  }
}

/** A lexical or grammatical error, with the 0-based character offset where it was detected. */
export class FilterSyntaxError extends FilterError {
  constructor(
    message: string,
    readonly pos: number,
  ) {
    super(`${message} at ${pos}`);
  }
}
