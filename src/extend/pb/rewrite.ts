// Turns a `*.pb.js` written for PocketBase's synchronous JSVM into async JavaScript Satchel can run.
//
// PocketBase's `e.next()`, `$app.save()`, `$http.send()` return at once; Satchel's core is async.
// So, with a real parser (acorn), at load time:
// 1. A function becomes `async` when it is a handler (an argument of routerAdd, routerUse, cronAdd,
//    on*, runInTransaction, new Middleware), or calls something that may be async: a method named
//    in ASYNC_METHODS (`next`, `save`, `findRecordById`, `send` …), anything on `$app`, `$http`,
//    `$mails`, `$os`, `require(…)`, or a function of the file that is itself async (to a fixpoint).
// 2. Inside an async function (and at the file's top level) every call is awaited: awaiting a plain
//    value gives it back unchanged, and a call we did not foresee that returns a promise still
//    yields its value. So code after an un-awaited `e.next()` runs after the rest of the chain.
// 3. An async callback handed to an array method (`forEach`, `map`, `filter` …) would return
//    promises there: those calls run through a sequential async version instead. Handing one to a
//    caller that can't wait (`sort`, `replace`, `setTimeout` …) is refused at load, with its line.
// Inserted text contains no newlines, so line numbers stay those of the file.
import * as acorn from 'acorn';
import * as walk from 'acorn-walk';
import MagicString from 'magic-string';

type Node = acorn.AnyNode;
type Fn = acorn.Function;

/** Methods that may be async whatever their receiver (`e.next()`, `txApp.save(r)`, `q.all(x)`). */
const ASYNC_METHODS = new Set([
  'next',
  'save',
  'saveNoValidate',
  'delete',
  'runInTransaction',
  'send',
  'requestInfo',
  'bindBody',
  'findRecordById',
  'findRecordsByIds',
  'findRecordsByFilter',
  'findFirstRecordByFilter',
  'findFirstRecordByData',
  'findAuthRecordByEmail',
  'findAllRecords',
  'findCollectionByNameOrId',
  'countRecords',
  'execute',
  'all',
  'one',
  'expandRecord',
  'newRecordAuthToken',
  'recordAuthResponse',
]);
const ASYNC_ROOTS = new Set(['$app', '$http', '$mails', '$os']);
const ASYNC_GLOBALS = new Set(['require', 'sleep']);
/** Calls whose function arguments are handlers (awaited by the runtime). */
const HANDLER_TAKERS = /^(routerAdd|routerUse|cronAdd|on[A-Z]\w*)$/;
const ARRAY_METHODS = new Set([
  'forEach',
  'map',
  'filter',
  'some',
  'every',
  'find',
  'findIndex',
  'flatMap',
  'reduce',
]);
/** Callers that use a callback's return value at once and can't wait for a promise. */
const SYNC_TAKERS = new Set([
  'sort',
  'replace',
  'replaceAll',
  'stringify',
  'setTimeout',
  'setInterval',
]);

/** A rewrite failure with the file's line and column. */
export class RewriteError extends Error {
  constructor(
    message: string,
    readonly line: number,
    readonly column: number,
  ) {
    super(message);
  }
}

const isFn = (n: Node): n is Fn & Node =>
  n.type === 'FunctionDeclaration' ||
  n.type === 'FunctionExpression' ||
  n.type === 'ArrowFunctionExpression';

function rootName(n: Node): string | null {
  let cur: Node = n;
  for (;;) {
    if (cur.type === 'Identifier') return cur.name;
    if (cur.type === 'MemberExpression') cur = cur.object as Node;
    else if (cur.type === 'CallExpression') cur = cur.callee as Node;
    else if (cur.type === 'ChainExpression') cur = cur.expression as Node;
    else return null;
  }
}

function propName(m: acorn.MemberExpression): string | null {
  if (!m.computed && m.property.type === 'Identifier') return m.property.name;
  if (m.computed && m.property.type === 'Literal' && typeof m.property.value === 'string')
    return m.property.value;
  return null;
}

interface Call {
  node: acorn.CallExpression;
  /** The nearest enclosing function; null at the top level. */
  owner: Fn | null;
  /**
   * Inside an optional chain, the member access or call applied to this call's result
   * (`a?.b().c`): it becomes optional once the call is awaited, or the chain's short-circuit
   * (`a` null ⇒ the whole chain is undefined) would be lost at the parenthesis.
   */
  chained: acorn.MemberExpression | acorn.CallExpression | null;
  awaitable: boolean;
}

/** The rewritten source; throws RewriteError (syntax errors included) with a position. */
export function rewritePbSource(source: string): string {
  let ast: acorn.Program;
  try {
    ast = acorn.parse(source, { ecmaVersion: 'latest', sourceType: 'script', locations: true });
  } catch (err) {
    const loc = (err as { loc?: { line: number; column: number } }).loc;
    const msg = String((err as Error).message).replace(/ \(\d+:\d+\)$/, '');
    throw new RewriteError(msg, loc?.line ?? 1, (loc?.column ?? 0) + 1);
  }
  const calls: Call[] = [];
  const owners = new Map<Node, Fn | null>();
  const named = new Map<string, Fn[]>();
  const forced = new Set<Fn>();
  walk.fullAncestor(ast, (node, _state, ancestors) => {
    if (node.type === 'CallExpression' || isFn(node)) {
      let owner: Fn | null = null;
      // `await` is a syntax error in a class field or static block, and in parameter defaults.
      let awaitable = true;
      for (let i = ancestors.length - 2; i >= 0; i--) {
        const a = ancestors[i]!;
        if (a.type === 'PropertyDefinition' || a.type === 'StaticBlock') awaitable = false;
        if (isFn(a)) {
          owner = a;
          if (node.start < a.body.start) awaitable = false;
          break;
        }
      }
      if (node.type === 'CallExpression')
        calls.push({ node, owner, awaitable, chained: chainedUse(node, ancestors) });
      else owners.set(node, owner);
    }
    if (node.type === 'FunctionDeclaration' && node.id) addName(named, node.id.name, node);
    if (node.type === 'VariableDeclarator' && node.id.type === 'Identifier' && node.init) {
      if (isFn(node.init as Node)) addName(named, node.id.name, node.init as Fn);
    }
    if (node.type === 'CallExpression' || node.type === 'NewExpression') {
      const c = node.callee as Node;
      const takes =
        (c.type === 'Identifier' && (HANDLER_TAKERS.test(c.name) || c.name === 'Middleware')) ||
        (c.type === 'MemberExpression' && propName(c) === 'runInTransaction');
      if (takes) for (const a of node.arguments) if (isFn(a as Node)) forced.add(a as Fn);
    }
  });

  const asyncFns = new Set<Fn>(forced);
  const isAsyncRef = (n: Node): boolean =>
    (isFn(n) && asyncFns.has(n)) ||
    (n.type === 'Identifier' && (named.get(n.name) ?? []).some((f) => asyncFns.has(f)));
  const isAsyncCall = (call: acorn.CallExpression): boolean => {
    const c = call.callee as Node;
    if (c.type === 'Identifier') return ASYNC_GLOBALS.has(c.name) || isAsyncRef(c);
    if (c.type === 'MemberExpression') {
      const name = propName(c);
      if (name && ASYNC_METHODS.has(name)) return true;
      if (ASYNC_ROOTS.has(rootName(c) ?? '')) return true;
      if (name && ARRAY_METHODS.has(name) && call.arguments.some((a) => isAsyncRef(a as Node)))
        return true;
    }
    return false;
  };
  for (let changed = true; changed; ) {
    changed = false;
    for (const { node, owner } of calls) {
      if (owner && !asyncFns.has(owner) && isAsyncCall(node)) {
        asyncFns.add(owner);
        changed = true;
      }
    }
  }

  const out = new MagicString(source);
  for (const fn of asyncFns) makeAsync(out, fn, ast);
  // Post-order: inner calls first, so an outer call's `(await ` lands before an inner one's.
  for (const { node, owner, chained, awaitable } of calls) {
    const c = node.callee as Node;
    const name =
      c.type === 'MemberExpression' ? propName(c) : c.type === 'Identifier' ? c.name : null;
    const asyncArg = node.arguments.find((a) => isAsyncRef(a as Node));
    if (asyncArg && name && SYNC_TAKERS.has(name)) {
      const at = (asyncArg as acorn.Node).loc!.start;
      throw new RewriteError(
        `an async function (it calls $app, e.next() or similar) can't be passed to ${name}(): it needs the value at once`,
        at.line,
        at.column + 1,
      );
    }
    const inAsync = owner === null || asyncFns.has(owner);
    if (!inAsync || !awaitable) continue;
    if (asyncArg && c.type === 'MemberExpression' && name && ARRAY_METHODS.has(name)) {
      // `xs.forEach(cb)` → `__pbArray(xs, "forEach")(cb)`: each callback awaited in turn.
      out.prependLeft(c.start, '__pbArray(');
      out.overwrite(c.object.end, c.end, `, ${JSON.stringify(name)})`);
    }
    out.prependLeft(node.start, '(await ');
    out.appendLeft(node.end, ')');
    if (chained) optionalize(out, source, node, chained);
  }
  return out.toString();
}

/** The access applied to `call`'s result when both sit in one optional chain, else null. */
function chainedUse(
  call: acorn.CallExpression,
  ancestors: Node[],
): acorn.MemberExpression | acorn.CallExpression | null {
  const parent = ancestors[ancestors.length - 2];
  if (!parent) return null;
  const applied =
    (parent.type === 'MemberExpression' && parent.object === call) ||
    (parent.type === 'CallExpression' && parent.callee === call);
  if (!applied || parent.optional) return null;
  // Only when the path up to a ChainExpression is member accesses and calls.
  for (let i = ancestors.length - 3; i >= 0; i--) {
    const a = ancestors[i]!;
    if (a.type === 'ChainExpression')
      return parent as acorn.MemberExpression | acorn.CallExpression;
    if (a.type !== 'MemberExpression' && a.type !== 'CallExpression') return null;
  }
  return null;
}

/** `(await a?.b()).c` → `(await a?.b())?.c`: the access after the awaited call made optional. */
function optionalize(
  out: MagicString,
  source: string,
  call: acorn.CallExpression,
  use: acorn.MemberExpression | acorn.CallExpression,
): void {
  const token = use.type === 'CallExpression' ? '(' : use.computed ? '[' : '.';
  const at = source.indexOf(token, call.end);
  if (at < 0) return;
  out.prependRight(at, token === '.' ? '?' : '?.');
}

function addName(map: Map<string, Fn[]>, name: string, fn: Fn): void {
  const list = map.get(name) ?? [];
  list.push(fn);
  map.set(name, list);
}

/** Inserts `async` where the function starts (before a method's key for `{ m() {} }`). */
function makeAsync(out: MagicString, fn: Fn, ast: acorn.Program): void {
  if (fn.async) return;
  if (fn.generator) {
    const at = fn.loc!.start;
    throw new RewriteError(
      'a generator function cannot call $app, e.next() or similar (they are async in Satchel)',
      at.line,
      at.column + 1,
    );
  }
  const method = findMethodOwner(ast, fn);
  if (method) {
    if (method.kind === 'get' || method.kind === 'set' || method.kind === 'constructor') {
      const at = method.loc!.start;
      throw new RewriteError(
        'a getter, setter or constructor cannot call $app, e.next() or similar (they are async in Satchel)',
        at.line,
        at.column + 1,
      );
    }
    out.prependLeft(method.key.start, 'async ');
    return;
  }
  out.prependLeft(fn.start, 'async ');
}

/** The object method or class method whose value `fn` is, if any. */
function findMethodOwner(
  ast: acorn.Program,
  fn: Fn,
): (acorn.Property | acorn.MethodDefinition) | null {
  if (fn.type !== 'FunctionExpression') return null;
  let found: acorn.Property | acorn.MethodDefinition | null = null;
  walk.full(ast, (n) => {
    if (found) return;
    if (
      (n.type === 'Property' && (n.method || n.kind !== 'init') && n.value === fn) ||
      (n.type === 'MethodDefinition' && n.value === fn)
    )
      found = n;
  });
  return found;
}
