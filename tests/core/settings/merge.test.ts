// mergeSettings: deep merge over the settings shape, like Go's json.Unmarshal into the struct.
import { describe, expect, test } from 'bun:test';
import { defaultSettings } from '../../../src/core/settings/defaults.ts';
import { mergeSettings, SettingsShapeError } from '../../../src/core/settings/merge.ts';

describe('mergeSettings', () => {
  test('deep merges objects, replaces arrays, drops unknown keys', () => {
    const out = mergeSettings(
      defaultSettings(),
      {
        meta: { appName: 'X' },
        rateLimits: { rules: [{ label: 'a', maxRequests: 1 }] },
        unknown: 1,
        smtp: { nope: true },
      },
      true,
    );
    expect(out.meta.appName).toBe('X');
    expect(out.meta.appURL).toBe('http://localhost:8090');
    expect(out.rateLimits.rules).toEqual([
      { label: 'a', audience: '', duration: 0, maxRequests: 1 },
    ]);
    expect(out).not.toHaveProperty('unknown');
    expect(out.smtp).not.toHaveProperty('nope');
  });

  test('null leaves values alone', () => {
    const out = mergeSettings(defaultSettings(), { meta: null, logs: { maxDays: null } }, true);
    expect(out).toEqual(defaultSettings());
  });

  test('does not mutate the base', () => {
    const base = defaultSettings();
    mergeSettings(base, { meta: { appName: 'Y' } }, true);
    expect(base.meta.appName).toBe('Acme');
  });

  for (const bad of [
    { meta: { appName: 1 } },
    { meta: 'x' },
    { logs: { maxDays: 1.5 } },
    { superuserIPs: 'x' },
    { superuserIPs: [1] },
    { smtp: { enabled: 'yes' } },
    [],
  ]) {
    test(`strict: ${JSON.stringify(bad)} is refused`, () => {
      expect(() => mergeSettings(defaultSettings(), bad, true)).toThrow(SettingsShapeError);
    });
  }

  test('lenient: wrong types keep the base value', () => {
    const out = mergeSettings(
      defaultSettings(),
      { meta: { appName: 1, appURL: 'http://x' } },
      false,
    );
    expect(out.meta.appName).toBe('Acme');
    expect(out.meta.appURL).toBe('http://x');
  });
});
