// /api/openapi.json → one collection's operations, flattened for the API preview page.
//
// `doc.paths['/api/collections/posts/records'].get` (tagged `posts`) → { method: 'GET', path,
// summary, params: [{name: 'page', …}], body: [{name: 'title', type: 'string', required}] }.

// biome-ignore lint/suspicious/noExplicitAny: the document is JSON walked by path
type Json = Record<string, any>;

export interface ApiField {
  name: string;
  type: string;
  required: boolean;
  description: string;
}

export interface ApiOperation {
  /** `PostsRecord.list` style, from the document. */
  id: string;
  /** The last part of `id`: list, view, create, update, delete, auth-with-password… */
  action: string;
  method: string;
  path: string;
  summary: string;
  /** Who may call it (the rule, described). */
  description: string;
  params: ApiField[];
  body: ApiField[];
  bodyTypes: string[];
  /** The success answer: `200 PostsRecord`, `204`. */
  answer: string;
}

const METHODS = ['get', 'post', 'patch', 'put', 'delete'];

/** `#/components/x/Name` → the component, else the value itself. */
function deref(doc: Json, value: Json): Json {
  const ref = value?.$ref;
  if (typeof ref !== 'string' || !ref.startsWith('#/')) return value;
  let at: Json = doc;
  for (const part of ref.slice(2).split('/')) at = at?.[part];
  return at ?? value;
}

const refName = (value: Json): string | null =>
  typeof value?.$ref === 'string' ? (value.$ref.split('/').pop() ?? null) : null;

/** A schema as a short type: `string (email)`, `'a' | 'b'`, `string[]`, `UsersRecord`. */
export function typeText(doc: Json, schema: Json | undefined): string {
  if (!schema) return 'any';
  const named = refName(schema);
  if (named) return named;
  if (Array.isArray(schema.enum))
    return schema.enum.map((v: unknown) => JSON.stringify(v)).join(' | ');
  if (schema.const !== undefined) return JSON.stringify(schema.const);
  const union = schema.anyOf ?? schema.oneOf;
  if (Array.isArray(union)) return union.map((s: Json) => typeText(doc, s)).join(' | ');
  if (schema.type === 'array') return `${typeText(doc, schema.items)}[]`;
  if (Array.isArray(schema.type)) return schema.type.join(' | ');
  if (schema.type) return schema.format ? `${schema.type} (${schema.format})` : schema.type;
  return 'any';
}

function fieldsOf(doc: Json, schemaOrRef: Json | undefined): ApiField[] {
  const schema = schemaOrRef && deref(doc, schemaOrRef);
  if (!schema?.properties) return [];
  const required = new Set<string>(schema.required ?? []);
  return Object.entries(schema.properties as Record<string, Json>).map(([name, p]) => ({
    name,
    type: typeText(doc, p),
    required: required.has(name),
    description: deref(doc, p).description ?? '',
  }));
}

function operation(doc: Json, path: string, method: string, op: Json): ApiOperation {
  const params = ((op.parameters ?? []) as Json[]).map((p) => {
    const param = deref(doc, p);
    return {
      name: param.name,
      type: `${param.in}: ${typeText(doc, param.schema)}`,
      required: param.required === true,
      description: param.description ?? '',
    };
  });
  const content = (op.requestBody?.content ?? {}) as Record<string, Json>;
  const bodyTypes = Object.keys(content);
  const first = bodyTypes[0];
  const ok = Object.keys(op.responses ?? {}).find((s) => s.startsWith('2')) ?? '';
  const answerSchema = op.responses?.[ok]?.content?.['application/json']?.schema;
  const id = String(op.operationId ?? `${method} ${path}`);
  return {
    id,
    action: id.split('.').pop() ?? id,
    method: method.toUpperCase(),
    path,
    summary: op.summary ?? '',
    description: op.description ?? '',
    params,
    body: first ? fieldsOf(doc, content[first]!.schema) : [],
    bodyTypes,
    answer: answerSchema ? `${ok} ${typeText(doc, answerSchema)}` : ok,
  };
}

/** Every operation tagged with the collection's name, in the document's path order. */
export function collectionOperations(doc: Json, collection: string): ApiOperation[] {
  const out: ApiOperation[] = [];
  for (const [path, item] of Object.entries((doc.paths ?? {}) as Record<string, Json>)) {
    for (const method of METHODS) {
      const op = item[method];
      if (op?.tags?.includes(collection)) out.push(operation(doc, path, method, op));
    }
  }
  return out;
}

/** The official JS SDK's call for an operation, as the user would write it. */
export function sdkSnippet(collection: string, op: ApiOperation): string {
  const c = `pb.collection(${JSON.stringify(collection)})`;
  const body = `{\n${op.body
    .filter((f) => f.required)
    .map((f) => `  ${f.name}: …,`)
    .join('\n')}\n}`;
  switch (op.action) {
    case 'list':
      return `const page = await ${c}.getList(1, 30, {\n  filter: '',\n  sort: '-created',\n});`;
    case 'view':
      return `const record = await ${c}.getOne('RECORD_ID');`;
    case 'create':
      return `const record = await ${c}.create(${body});`;
    case 'update':
      return `const record = await ${c}.update('RECORD_ID', ${body});`;
    case 'delete':
      return `await ${c}.delete('RECORD_ID');`;
    case 'auth-with-password':
      return `const auth = await ${c}.authWithPassword('EMAIL', 'PASSWORD');`;
    case 'auth-refresh':
      return `const auth = await ${c}.authRefresh();`;
    case 'auth-methods':
      return `const methods = await ${c}.listAuthMethods();`;
    case 'request-otp':
      return `const { otpId } = await ${c}.requestOTP('EMAIL');`;
    case 'auth-with-otp':
      return `const auth = await ${c}.authWithOTP(otpId, 'CODE');`;
    case 'auth-with-oauth2':
      return `const auth = await ${c}.authWithOAuth2({ provider: 'google' });`;
    case 'request-verification':
      return `await ${c}.requestVerification('EMAIL');`;
    case 'confirm-verification':
      return `await ${c}.confirmVerification('TOKEN');`;
    case 'request-password-reset':
      return `await ${c}.requestPasswordReset('EMAIL');`;
    case 'confirm-password-reset':
      return `await ${c}.confirmPasswordReset('TOKEN', 'NEW_PASSWORD', 'NEW_PASSWORD');`;
    case 'request-email-change':
      return `await ${c}.requestEmailChange('NEW_EMAIL');`;
    case 'confirm-email-change':
      return `await ${c}.confirmEmailChange('TOKEN', 'PASSWORD');`;
    case 'impersonate':
      return `const client = await ${c}.impersonate('RECORD_ID', 3600);`;
    default:
      return `await pb.send(${JSON.stringify(op.path)}, { method: '${op.method}' });`;
  }
}
