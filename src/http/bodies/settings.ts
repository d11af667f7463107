// Bodies of the settings routes (http/settings.ts).
import { Type } from '@sinclair/typebox';
import type { BodyTable } from './spec.ts';

const section = (description: string) =>
  Type.Optional(Type.Record(Type.String(), Type.Unknown(), { description }));

export const settingsBodies: BodyTable = {
  // Deep-merged into the settings; the merge checks each value's type (http-api.md §8).
  'PATCH /api/settings': {
    schema: Type.Object({
      meta: section('appName, appURL, senderName, senderAddress, hideControls'),
      logs: section('maxDays, minLevel, logIP, logAuthId'),
      smtp: section('enabled, host, port, username, password, authMethod, tls, localName'),
      s3: section('enabled, bucket, region, endpoint, accessKey, secret, forcePathStyle'),
      backups: section('cron, cronMaxKeep, s3'),
      batch: section('enabled, maxRequests, timeout, maxBodySize'),
      rateLimits: section('enabled, rules'),
      trustedProxy: section('headers, useLeftmostIP'),
      superuserIPs: Type.Optional(Type.Array(Type.String())),
    }),
  },
  'POST /api/settings/test/s3': {
    schema: Type.Object({ filesystem: Type.String({ description: 'storage or backups' }) }),
  },
  'POST /api/settings/test/email': {
    schema: Type.Object({
      email: Type.String(),
      template: Type.String({
        description: 'verification, password-reset, email-change, otp or login-alert',
      }),
      collection: Type.Optional(Type.String({ description: 'An auth collection (its templates)' })),
    }),
  },
  'POST /api/settings/apple/generate-client-secret': {
    schema: Type.Object({
      clientId: Type.String(),
      teamId: Type.String(),
      keyId: Type.String(),
      privateKey: Type.String(),
      duration: Type.Integer({ description: 'Seconds, at most 15777000 (~6 months)' }),
    }),
  },
};
