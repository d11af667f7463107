// Defaults and system collections match PocketBase (ids, templates, fixture rows).
import { Database } from 'bun:sqlite';
import { expect, test } from 'bun:test';
import { join } from 'node:path';
import {
  collectionIdChecksum,
  fieldIndexName,
  newAuthOptions,
  newCollectionId,
} from '../../../src/core/collections/defaults.ts';
import {
  defaultUsersCollection,
  systemCollections,
} from '../../../src/core/collections/system-collections.ts';
import { fieldIdFor } from '../../../src/core/fields/common.ts';
import PB from '../../fixtures/pocketbase/collections-listing.json';
import { describeWithFixture } from '../../support/fixture.ts';
import { copyFixture } from '../../support/server.ts';

function fixtureRows(): Record<
  string,
  {
    fields: string;
    indexes: string;
    options: string;
    listRule: string | null;
    viewRule: string | null;
    deleteRule: string | null;
  }
> {
  const db = new Database(join(copyFixture(), 'data.db'), { readonly: true });
  try {
    const rows = db.query('SELECT * FROM _collections').all() as { name: string }[];
    return Object.fromEntries(rows.map((r) => [r.name, r])) as never;
  } finally {
    db.close();
  }
}

test('collection ids are pbc_ + crc32(type + name), with a suffix when taken', () => {
  expect(collectionIdChecksum('auth', '_superusers')).toBe('pbc_3142635823');
  expect(collectionIdChecksum('base', '_externalAuths')).toBe('pbc_2281828961');
  expect(collectionIdChecksum('base', '_mfas')).toBe('pbc_2279338944');
  expect(collectionIdChecksum('base', '_otps')).toBe('pbc_1638494021');
  expect(collectionIdChecksum('base', '_authOrigins')).toBe('pbc_4275539003');
  const taken = new Set(['pbc_2279338944', 'pbc_22793389442']);
  expect(newCollectionId('base', '_mfas', (id) => taken.has(id))).toBe('pbc_22793389443');
});

test('index names are cut to 64 chars', () => {
  expect(fieldIndexName('email', 'x'.repeat(100))).toHaveLength(64);
  expect(fieldIndexName('email', '', '')).toMatch(/^idx_email_[A-Za-z0-9]{10}$/);
});

test('new auth options: spec defaults and fresh 50-char secrets', () => {
  const a = newAuthOptions();
  const b = newAuthOptions();
  expect(a.authToken.duration).toBe(432000);
  expect(a.verificationToken.duration).toBe(86400);
  expect(a.mfa).toEqual({ enabled: false, duration: 600, rule: '' });
  expect(a.passwordAuth).toEqual({ enabled: true, identityFields: ['email'] });
  for (const k of [
    'authToken',
    'passwordResetToken',
    'emailChangeToken',
    'verificationToken',
    'fileToken',
  ] as const) {
    expect(a[k].secret).toMatch(/^[A-Za-z0-9]{50}$/);
    expect(a[k].secret).not.toBe(b[k].secret);
  }
});

describeWithFixture('matches the PocketBase fixture', () => {
  const fixture = fixtureRows();
  const ours = Object.fromEntries(systemCollections('').map((c) => [c.name, c]));

  // The shared fixture comes from an older PocketBase whose templates said 'you can ignore':
  // the templates are PocketBase 0.40.4's, as it lists a new collection.
  test('email templates are word for word', () => {
    // biome-ignore lint/suspicious/noExplicitAny: PocketBase's JSON, compared as is.
    const options: any = PB.listing.items.find((c) => c.name === 'members');
    const a = newAuthOptions();
    expect(a.verificationTemplate).toEqual(options.verificationTemplate);
    expect(a.resetPasswordTemplate).toEqual(options.resetPasswordTemplate);
    expect(a.confirmEmailChangeTemplate).toEqual(options.confirmEmailChangeTemplate);
    expect(a.otp.emailTemplate).toEqual(options.otp.emailTemplate);
    expect(a.authAlert.emailTemplate).toEqual(options.authAlert.emailTemplate);
  });

  for (const name of ['_superusers', '_externalAuths', '_mfas', '_otps', '_authOrigins']) {
    test(`${name}: field ids, names, types and flags; rules`, () => {
      const theirs = JSON.parse(fixture[name]!.fields) as Record<string, unknown>[];
      const pick = (f: Record<string, unknown>) => [
        f.id,
        f.name,
        f.type,
        f.system,
        f.hidden,
        f.required,
      ];
      expect(ours[name]!.fields.map(pick).sort()).toEqual(theirs.map(pick).sort());
      expect(ours[name]!.listRule).toBe(fixture[name]!.listRule);
      expect(ours[name]!.viewRule).toBe(fixture[name]!.viewRule);
      expect(ours[name]!.deleteRule).toBe(fixture[name]!.deleteRule);
      expect(ours[name]!.indexes.length).toBe(JSON.parse(fixture[name]!.indexes).length);
    });
  }

  test('field ids are the generated ones', () => {
    for (const c of [...systemCollections(''), defaultUsersCollection('')]) {
      for (const f of c.fields) expect(f.id).toBe(fieldIdFor(f.type, f.name, new Set()));
    }
  });
});
