// Settings validation with PocketBase's rules and error codes (http-api.md §8; ozzo-validation codes).
import { type ErrorData, type FieldError, fieldError } from '../errors.ts';
import { cronExpressionError } from './cron.ts';
import type { RateLimitRule, S3Config, Settings } from './defaults.ts';
import { isEmail, isHexColor, isHost, isIpOrCidr, isUrl } from './formats.ts';

const required = () => fieldError('validation_required', 'Cannot be blank.');
const minError = (threshold: number) =>
  fieldError('validation_min_greater_equal_than_required', `Must be no less than ${threshold}.`, {
    threshold,
  });
const invalidIn = () => fieldError('validation_in_invalid', 'Must be a valid value.');

/** `name`, `users:create`, `*:auth`, `/api/`, `POST /api/batch` (PocketBase's rateLimitRuleLabelRegex). */
const RULE_LABEL_RE = /^(\w+ \/[\w/-]*|\/[\w/-]*|\w+:\w+|\*:\w+|\w+)$/;

/** Collects the first error of each field, like ozzo's ValidateStruct. */
class Errors {
  readonly data: ErrorData = {};
  set(key: string, err: FieldError | ErrorData | null): void {
    if (err && Object.keys(err).length > 0) this.data[key] = err;
  }
  nested(key: string, fn: (e: Errors) => void): void {
    const e = new Errors();
    fn(e);
    this.set(key, e.data);
  }
}

function checkString(
  v: string,
  ...checks: ((v: string) => FieldError | null)[]
): FieldError | null {
  for (const check of checks) {
    const err = check(v);
    if (err) return err;
  }
  return null;
}

const requiredIf = (cond: boolean) => (v: string | number) =>
  cond && (v === '' || v === 0) ? required() : null;
const length255 = (v: string) =>
  v !== '' && (v.length < 1 || v.length > 255)
    ? fieldError('validation_length_out_of_range', 'The length must be between 1 and 255.', {
        min: 1,
        max: 255,
      })
    : null;
const url = (v: string) =>
  v !== '' && !isUrl(v) ? fieldError('validation_is_url', 'Must be a valid URL.') : null;
const email = (v: string) =>
  v !== '' && !isEmail(v)
    ? fieldError('validation_is_email', 'Must be a valid email address.')
    : null;
const host = (v: string) =>
  v !== '' && !isHost(v)
    ? fieldError('validation_is_host', 'Must be a valid IP address or DNS name.')
    : null;

function checkNumber(v: number, requiredWhen: boolean, min: number | null): FieldError | null {
  if (requiredWhen && v === 0) return required();
  if (min !== null && v !== 0 && v < min) return minError(min);
  return null;
}

function validateS3(s3: S3Config, e: Errors): void {
  const req = requiredIf(s3.enabled);
  e.set('endpoint', checkString(s3.endpoint, url, req));
  e.set('bucket', req(s3.bucket));
  e.set('region', req(s3.region));
  e.set('accessKey', req(s3.accessKey));
  e.set('secret', req(s3.secret));
}

function validateIpList(list: string[]): ErrorData | null {
  const out: ErrorData = {};
  for (const [i, ip] of list.entries()) {
    if (!isIpOrCidr(ip)) {
      out[String(i)] = fieldError(
        'validation_invalid_ip',
        'Must be a valid IP address or CIDR subnet.',
      );
    }
  }
  return Object.keys(out).length > 0 ? out : null;
}

/** Two rules conflict when one's `label@@audience` is a prefix of the other's (PocketBase's check). */
function conflictingRule(rules: RateLimitRule[]): ErrorData | null {
  const existing: string[] = [];
  for (const [i, rule] of rules.entries()) {
    const key = `${rule.label}@@${rule.audience}`;
    if (existing.some((k) => k.startsWith(key) || key.startsWith(k))) {
      return {
        [String(i)]: {
          label: fieldError(
            'validation_conflicting_rate_limit_rule',
            `Rate limit rule configuration with label ${rule.label} already exists or conflicts with another rule.`,
            { label: rule.label },
          ),
        },
      };
    }
    existing.push(key);
  }
  return null;
}

function validateRule(rule: RateLimitRule): ErrorData {
  const e = new Errors();
  e.set(
    'label',
    rule.label === ''
      ? required()
      : RULE_LABEL_RE.test(rule.label)
        ? null
        : fieldError('validation_match_invalid', 'Must be in a valid format.'),
  );
  e.set('maxRequests', checkNumber(rule.maxRequests, true, 1));
  e.set('duration', checkNumber(rule.duration, true, 1));
  e.set('audience', ['', '@guest', '@auth'].includes(rule.audience) ? null : invalidIn());
  return e.data;
}

/** Returns `{}` when valid; otherwise nested errors like `{meta: {appURL: {code, message}}}`. */
export function validateSettings(s: Settings): ErrorData {
  const e = new Errors();
  e.nested('meta', (m) => {
    m.set('appName', checkString(s.meta.appName, requiredIf(true), length255));
    m.set('appURL', checkString(s.meta.appURL, requiredIf(true), url));
    m.set('senderName', checkString(s.meta.senderName, requiredIf(true), length255));
    m.set('senderAddress', checkString(s.meta.senderAddress, email, requiredIf(true)));
    m.set(
      'accentColor',
      s.meta.accentColor !== '' && !isHexColor(s.meta.accentColor)
        ? fieldError('validation_match_invalid', 'Must be in a valid format.')
        : null,
    );
  });
  e.nested('logs', (l) => {
    l.set('maxDays', checkNumber(s.logs.maxDays, false, 0));
    l.set('maxDataSize', checkNumber(s.logs.maxDataSize, false, 0));
  });
  e.nested('smtp', (m) => {
    m.set('host', checkString(s.smtp.host, requiredIf(s.smtp.enabled), host));
    m.set('port', checkNumber(s.smtp.port, s.smtp.enabled, 0));
    m.set('authMethod', ['', 'PLAIN', 'LOGIN'].includes(s.smtp.authMethod) ? null : invalidIn());
    m.set('localName', host(s.smtp.localName));
  });
  e.nested('s3', (x) => validateS3(s.s3, x));
  e.nested('backups', (b) => {
    b.nested('s3', (x) => validateS3(s.backups.s3, x));
    const cronErr = s.backups.cron === '' ? null : cronExpressionError(s.backups.cron);
    b.set('cron', cronErr ? fieldError('validation_invalid_cron', cronErr) : null);
    b.set('cronMaxKeep', checkNumber(s.backups.cronMaxKeep, s.backups.cron !== '', 1));
  });
  e.nested('batch', (b) => {
    b.set('maxRequests', checkNumber(s.batch.maxRequests, s.batch.enabled, 0));
    b.set('timeout', checkNumber(s.batch.timeout, s.batch.enabled, 0));
    b.set('maxBodySize', checkNumber(s.batch.maxBodySize, false, 0));
  });
  e.nested('rateLimits', (r) => {
    const rules = s.rateLimits.rules;
    if (s.rateLimits.enabled && rules.length === 0) {
      r.set('rules', required());
    } else {
      const conflict = conflictingRule(rules);
      if (conflict) {
        r.set('rules', conflict);
      } else {
        const items: ErrorData = {};
        for (const [i, rule] of rules.entries()) {
          const err = validateRule(rule);
          if (Object.keys(err).length > 0) items[String(i)] = err;
        }
        r.set('rules', items);
      }
    }
    r.set('excludedIPs', validateIpList(s.rateLimits.excludedIPs));
  });
  e.set('superuserIPs', validateIpList(s.superuserIPs));
  return e.data;
}
