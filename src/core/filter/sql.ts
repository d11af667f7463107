// SQL fragments with positional `?` params kept in text order, so pieces compose without renumbering.

export interface Sql {
  text: string;
  params: unknown[];
}

/** A fragment of trusted SQL text (never user input) with no params. */
export function raw(text: string): Sql {
  return { text, params: [] };
}

/** One bound value. */
export function param(value: unknown): Sql {
  return { text: '?', params: [value] };
}

/** Template tag: literal parts are trusted text, interpolations must be Sql fragments. */
export function sql(strings: TemplateStringsArray, ...parts: Sql[]): Sql {
  let text = strings[0]!;
  const params: unknown[] = [];
  parts.forEach((p, i) => {
    text += p.text + strings[i + 1]!;
    params.push(...p.params);
  });
  return { text, params };
}
