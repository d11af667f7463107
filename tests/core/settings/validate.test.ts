// Settings validation: every rule of http-api.md §8 with PocketBase's error codes.
import { describe, expect, test } from 'bun:test';
import { defaultSettings, type Settings } from '../../../src/core/settings/defaults.ts';
import { validateSettings } from '../../../src/core/settings/validate.ts';

type Case = [name: string, edit: (s: Settings) => void, path: string, code: string | null];

const cases: Case[] = [
  ['defaults are valid', () => {}, '', null],
  ['appName required', (s) => (s.meta.appName = ''), 'meta.appName', 'validation_required'],
  [
    'appName max 255',
    (s) => (s.meta.appName = 'x'.repeat(256)),
    'meta.appName',
    'validation_length_out_of_range',
  ],
  ['appURL required', (s) => (s.meta.appURL = ''), 'meta.appURL', 'validation_required'],
  [
    'appURL must be a URL',
    (s) => (s.meta.appURL = 'not a url'),
    'meta.appURL',
    'validation_is_url',
  ],
  [
    'senderName required',
    (s) => (s.meta.senderName = ''),
    'meta.senderName',
    'validation_required',
  ],
  [
    'senderAddress email',
    (s) => (s.meta.senderAddress = 'nope'),
    'meta.senderAddress',
    'validation_is_email',
  ],
  [
    'senderAddress required',
    (s) => (s.meta.senderAddress = ''),
    'meta.senderAddress',
    'validation_required',
  ],
  [
    'accentColor #rrggbb',
    (s) => (s.meta.accentColor = 'red'),
    'meta.accentColor',
    'validation_match_invalid',
  ],
  ['accentColor ok', (s) => (s.meta.accentColor = '#AABBCC'), '', null],
  [
    'smtp host required when enabled',
    (s) => Object.assign(s.smtp, { enabled: true, host: '' }),
    'smtp.host',
    'validation_required',
  ],
  ['smtp host not required when disabled', (s) => (s.smtp.host = ''), '', null],
  ['smtp host format', (s) => (s.smtp.host = 'bad host!'), 'smtp.host', 'validation_is_host'],
  [
    'smtp port required when enabled',
    (s) => Object.assign(s.smtp, { enabled: true, port: 0 }),
    'smtp.port',
    'validation_required',
  ],
  [
    'smtp authMethod',
    (s) => (s.smtp.authMethod = 'CRAM'),
    'smtp.authMethod',
    'validation_in_invalid',
  ],
  ['smtp authMethod LOGIN', (s) => (s.smtp.authMethod = 'LOGIN'), '', null],
  [
    's3 bucket required when enabled',
    (s) => (s.s3.enabled = true),
    's3.bucket',
    'validation_required',
  ],
  [
    's3 secret required when enabled',
    (s) => (s.s3.enabled = true),
    's3.secret',
    'validation_required',
  ],
  [
    'backups s3 endpoint url',
    (s) => (s.backups.s3.endpoint = 'a b'),
    'backups.s3.endpoint',
    'validation_is_url',
  ],
  [
    'backups cron invalid',
    (s) => (s.backups.cron = '* * *'),
    'backups.cron',
    'validation_invalid_cron',
  ],
  [
    'backups cron out of range',
    (s) => (s.backups.cron = '61 * * * *'),
    'backups.cron',
    'validation_invalid_cron',
  ],
  ['backups cron ok', (s) => (s.backups.cron = '*/15 0-6 * 1,6 1-5'), '', null],
  ['backups cron macro', (s) => (s.backups.cron = '@daily'), '', null],
  [
    'cronMaxKeep required with cron',
    (s) => Object.assign(s.backups, { cron: '0 0 * * *', cronMaxKeep: 0 }),
    'backups.cronMaxKeep',
    'validation_required',
  ],
  [
    'batch maxRequests when enabled',
    (s) => Object.assign(s.batch, { enabled: true, maxRequests: 0 }),
    'batch.maxRequests',
    'validation_required',
  ],
  [
    'batch timeout when enabled',
    (s) => Object.assign(s.batch, { enabled: true, timeout: 0 }),
    'batch.timeout',
    'validation_required',
  ],
  [
    'batch maxBodySize ≥ 0',
    (s) => (s.batch.maxBodySize = -1),
    'batch.maxBodySize',
    'validation_min_greater_equal_than_required',
  ],
  [
    'logs maxDays ≥ 0',
    (s) => (s.logs.maxDays = -1),
    'logs.maxDays',
    'validation_min_greater_equal_than_required',
  ],
  [
    'rule label pattern',
    (s) => (s.rateLimits.rules[0]!.label = 'bad label!'),
    'rateLimits.rules.0.label',
    'validation_match_invalid',
  ],
  ['rule label METHOD /path', (s) => (s.rateLimits.rules[0]!.label = 'POST /api/x'), '', null],
  [
    'rule maxRequests ≥ 1',
    (s) => (s.rateLimits.rules[1]!.maxRequests = -2),
    'rateLimits.rules.1.maxRequests',
    'validation_min_greater_equal_than_required',
  ],
  [
    'rule duration required',
    (s) => (s.rateLimits.rules[1]!.duration = 0),
    'rateLimits.rules.1.duration',
    'validation_required',
  ],
  [
    'rule audience',
    (s) => (s.rateLimits.rules[2]!.audience = '@admin'),
    'rateLimits.rules.2.audience',
    'validation_in_invalid',
  ],
  [
    'duplicate label+audience',
    (s) => s.rateLimits.rules.push({ label: '*:auth', audience: '', duration: 1, maxRequests: 1 }),
    'rateLimits.rules.4.label',
    'validation_conflicting_rate_limit_rule',
  ],
  [
    'same label, @guest and @auth',
    (s) =>
      s.rateLimits.rules.push(
        { label: 'x:list', audience: '@guest', duration: 1, maxRequests: 1 },
        { label: 'x:list', audience: '@auth', duration: 1, maxRequests: 1 },
      ),
    '',
    null,
  ],
  // PocketBase compares `label@@audience` by prefix, so an all-audience rule also blocks its @guest twin.
  [
    'all-audience rule conflicts with its @guest twin',
    (s) =>
      s.rateLimits.rules.push({ label: '*:auth', audience: '@guest', duration: 1, maxRequests: 1 }),
    'rateLimits.rules.4.label',
    'validation_conflicting_rate_limit_rule',
  ],
  [
    'rules required when enabled',
    (s) => Object.assign(s.rateLimits, { enabled: true, rules: [] }),
    'rateLimits.rules',
    'validation_required',
  ],
  [
    'excludedIPs',
    (s) => (s.rateLimits.excludedIPs = ['10.0.0.0/8', 'nope']),
    'rateLimits.excludedIPs.1',
    'validation_invalid_ip',
  ],
  [
    'superuserIPs',
    (s) => (s.superuserIPs = ['::1', '1.2.3.4', '2001:db8::/32', '300.1.1.1']),
    'superuserIPs.3',
    'validation_invalid_ip',
  ],
];

function at(data: unknown, path: string): unknown {
  return path
    .split('.')
    .reduce<unknown>((o, k) => (o as Record<string, unknown> | undefined)?.[k], data);
}

describe('validateSettings', () => {
  for (const [name, edit, path, code] of cases) {
    test(name, () => {
      const s = defaultSettings();
      edit(s);
      const errors = validateSettings(s);
      if (code === null) expect(errors).toEqual({});
      else expect((at(errors, path) as { code?: string } | undefined)?.code).toBe(code);
    });
  }
});
