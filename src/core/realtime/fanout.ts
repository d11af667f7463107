// One record event → the messages each subscriber may get (realtime.md §3, §4): rules in batches, payloads shared.

import type { Collection } from '../collections/model.ts';
import type { Core } from '../core.ts';
import type { AuthInfo } from '../records/auth-info.ts';
import { hasEnrichHooks, serializeOneEnriched } from '../records/enrich.ts';
import { applyExpand } from '../records/expand.ts';
import type { RecordData } from '../records/record.ts';
import type { RecordAction } from './bus.ts';
import type { Subscription } from './client.ts';
import type { Delivery } from './delivery.ts';
import { type Condition, evaluate, precompile } from './rule-batch.ts';
import type { Topic, TopicOptions } from './topics.ts';

/** A client's subscription that matches the event. */
export type Target = Subscription;

/** `?fields=` picker, injected by the composition root (it lives with the HTTP code). */
export type FieldsPicker = (json: unknown, fields: string) => unknown;

/** A client filter may not reach into the request or other collections (realtime.md §2.2). */
const FORBIDDEN_IN_FILTER = /@request\.|@collection\./;

interface Group {
  conds: Condition[];
  options: TopicOptions;
  members: Target[];
}

/** The checks for one target, or null when it can never get the event; [] means allowed as is. */
function conditionsFor(c: Collection, t: Target): Condition[] | null {
  return topicConditions(c, t.topic, t.client.auth?.isSuperuser ?? false);
}

function topicConditions(c: Collection, topic: Topic, isSuperuser: boolean): Condition[] | null {
  const options = topic.options;
  if (!options) return null;
  const rule = topic.kind === 'view' ? c.viewRule : c.listRule;
  const filter = options.query.filter ?? '';
  if (!isSuperuser && rule === null) return null;
  // filter-and-rules.md §4.5: in the sort too, although a realtime event is never sorted.
  const sort = options.query.sort ?? '';
  if (!isSuperuser && FORBIDDEN_IN_FILTER.test(`${filter}\n${sort}`)) return null;
  const conds: Condition[] = [];
  if (!isSuperuser && rule) conds.push({ expr: rule, restricted: false });
  if (filter) conds.push({ expr: filter, restricted: !isSuperuser });
  return conds;
}

/**
 * Compiles the checks a new subscription string's events will run for non-superusers (its
 * collection's rule, its filter) when the first client subscribes: the first event otherwise
 * parses them inside its fan-out (~2 ms at the first event after start). Compiled checks stay in
 * the filter cache until the schema changes; one that doesn't compile is left to the event, which
 * fails closed as before.
 */
export function prepareChecks(core: Core, topic: Topic): void {
  if (topic.kind === 'other') return;
  const c = core.collections.find(topic.collection);
  if (!c || c.type === 'view') return;
  const conds = topicConditions(c, topic, false);
  if (conds && conds.length > 0) precompile(core, c, conds);
}

/** What a group key holds besides the auth's shape: the checks' texts and, if they read it, the options. */
function checksKey(conds: Condition[], options: TopicOptions): string {
  const texts = conds.map((c) => `${c.restricted ? 'r' : 'n'}:${c.expr}`).join('\u0000');
  // The options only matter to a check that reads `@request.query`/`@request.headers`.
  const usesRequest = conds.some((c) => c.expr.includes('@request.'));
  const opts = usesRequest ? JSON.stringify(options) : '';
  return `${opts}\u0000${texts}`;
}

interface Checks {
  conds: Condition[] | null;
  /** Auth shape → its group; shared by the Topics whose checks are the same text. */
  groups: Map<string, Group>;
}

/** The targets allowed to see `record`: one query per group, not per subscriber. */
export function allowedTargets(core: Core, c: Collection, record: RecordData, targets: Target[]) {
  const allowed: Target[] = [];
  const groups: Group[] = [];
  // Clients posting the same subscription string share its Topic: its checks are worked out once
  // per event for guests/users and once for superusers, not once per subscriber; Topics whose
  // checks read the same share their groups (one query for `posts/*` and `posts/*?options=…`).
  const checksOf = new Map<Topic, Checks>();
  const superChecksOf = new Map<Topic, Checks>();
  const groupsByKey = new Map<string, Map<string, Group>>();
  for (const t of targets) {
    const client = t.client;
    const byTopic = client.auth?.isSuperuser ? superChecksOf : checksOf;
    let checks = byTopic.get(t.topic);
    if (!checks) {
      const conds = conditionsFor(c, t);
      const key = conds && conds.length > 0 ? checksKey(conds, t.topic.options!) : '';
      let shared = groupsByKey.get(key);
      if (!shared) {
        shared = new Map();
        groupsByKey.set(key, shared);
      }
      checks = { conds, groups: shared };
      byTopic.set(t.topic, checks);
    }
    const conds = checks.conds;
    if (conds === null) continue;
    if (conds.length === 0) {
      allowed.push(t);
      continue;
    }
    // Targets whose checks are the same SQL for the same kind of auth.
    const shape = client.authShape();
    let g = checks.groups.get(shape);
    if (!g) {
      g = { conds, options: t.topic.options!, members: [] };
      checks.groups.set(shape, g);
      groups.push(g);
    }
    g.members.push(t);
  }
  // Plain loops: the first event runs this code cold, where a callback per subscriber costs most.
  for (const g of groups) {
    const members = g.members;
    const auths: (AuthInfo | null)[] = new Array(members.length);
    for (let i = 0; i < members.length; i++) auths[i] = members[i]!.client.auth;
    const verdicts = evaluate(core, c, record, g.conds, g.options, auths);
    for (let i = 0; i < members.length; i++) if (verdicts[i]) allowed.push(members[i]!);
  }
  return allowed;
}

/**
 * The event's messages: allowed targets get the record serialized for them (hidden fields,
 * email visibility, `expand` under the related rules, `fields`). Equal payloads are built once.
 */
export async function buildDeliveries(
  core: Core,
  c: Collection,
  record: RecordData,
  action: RecordAction,
  targets: Target[],
  pick: FieldsPicker | null,
): Promise<Delivery[]> {
  const allowed = allowedTargets(core, c, record, targets);
  const enriched = hasEnrichHooks(core);
  const payloads = new Map<string, string>();
  // A payload that is no one's own is the same for every client on a Topic (superusers aside):
  // found once per Topic, not keyed per subscriber.
  const byTopic = new Map<Topic, string>();
  const superByTopic = new Map<Topic, string>();
  const out: Delivery[] = [];
  for (const t of allowed) {
    const shared = t.client.auth?.isSuperuser ? superByTopic : byTopic;
    let data = shared.get(t.topic);
    if (data === undefined) {
      const key = payloadKey(c, record, t, enriched);
      data = payloads.get(key);
      if (data === undefined) {
        data = await payload(core, c, record, action, t, pick);
        payloads.set(key, data);
      }
      if (!isPersonal(c, record, t.topic, enriched)) shared.set(t.topic, data);
    }
    out.push({ client: t.client, event: t.topic.raw, data });
  }
  return out;
}

/** Whether the payload may differ per viewer (enrich hooks see the viewer; expand and emails do). */
function isPersonal(c: Collection, record: RecordData, topic: Topic, enriched: boolean): boolean {
  const expand = topic.options?.query.expand ?? '';
  return enriched || expand !== '' || (c.type === 'auth' && record.emailVisibility !== true);
}

/** What the payload depends on: superuser or not, and the viewer when expand or email visibility do. */
function payloadKey(c: Collection, record: RecordData, t: Target, enriched: boolean): string {
  const auth = t.client.auth;
  const query = t.topic.options?.query ?? {};
  const expand = query.expand ?? '';
  const fields = query.fields ?? '';
  const viewer = isPersonal(c, record, t.topic, enriched)
    ? `${auth ? `${auth.collection.id}/${auth.record.id}` : ''}|${JSON.stringify(t.topic.options)}`
    : '';
  return `${auth?.isSuperuser ? 1 : 0}|${viewer}|${expand}|${fields}`;
}

async function payload(
  core: Core,
  c: Collection,
  record: RecordData,
  action: RecordAction,
  t: Target,
  pick: FieldsPicker | null,
): Promise<string> {
  const auth = t.client.auth;
  const options = t.topic.options ?? { query: {}, headers: {} };
  const meta = {
    method: 'GET',
    query: options.query,
    headers: options.headers,
    context: 'realtime',
  };
  let json: unknown = await serializeOneEnriched(core, c, record, { auth, meta });
  const expand = options.query.expand ?? '';
  if (expand) {
    await applyExpand(core, {
      collection: c,
      records: [record],
      json: [json as Record<string, unknown>],
      expand,
      auth,
      request: { method: 'GET', query: options.query, headers: options.headers },
    });
  }
  const fields = options.query.fields ?? '';
  if (fields && pick) {
    try {
      json = pick(json, fields);
    } catch {
      // An invalid picker (bad modifier) leaves the record whole, as the subscription asked nothing valid.
    }
  }
  return JSON.stringify({ record: json, action });
}
