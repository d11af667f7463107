// Superuser-only settings routes under /api/settings (http-api.md §8).
import { sendTestEmail, type TestTemplate } from '../core/auth/mail-flows/test-email.ts';
import { type ErrorData, fieldError, ValidationError } from '../core/errors.ts';
import { generateAppleClientSecret } from '../core/settings/apple-secret.ts';
import { isEmail } from '../core/settings/formats.ts';
import { testS3 } from '../core/settings/s3-test.ts';
import { pickedResponse } from './fields-param.ts';
import { type RequestHooks, runRequestHook } from './request-hooks.ts';
import type { RequestState } from './request-state.ts';
import type { RouteInit } from './routes.ts';

const TEST_TEMPLATES = ['verification', 'password-reset', 'email-change', 'otp', 'login-alert'];

function str(v: unknown): string {
  return typeof v === 'string' ? v : '';
}

export const settingsRoutes = (ctx: RequestState, hooks: RequestHooks): RouteInit[] => [
  {
    method: 'GET',
    pattern: '/api/settings',
    group: 'settings',
    handler: async (e) => {
      await e.requireSuperuser();
      const fields = { settings: ctx.core.settings.toJSON() };
      return runRequestHook(hooks.onSettingsListRequest, e, fields, (x) =>
        pickedResponse(x.settings, e.query.get('fields') ?? ''),
      );
    },
  },
  {
    method: 'PATCH',
    pattern: '/api/settings',
    group: 'settings',
    handler: async (e) => {
      await e.requireSuperuser();
      const body = await e.body();
      const fields = { oldSettings: ctx.core.settings.toJSON(), newSettings: body };
      return runRequestHook(hooks.onSettingsUpdateRequest, e, fields, async (x) => {
        await ctx.core.settings.update(ctx.core.store, x.newSettings);
        return pickedResponse(ctx.core.settings.toJSON(), e.query.get('fields') ?? '');
      });
    },
  },
  {
    method: 'POST',
    pattern: '/api/settings/test/s3',
    group: 'settings',
    handler: async (e) => {
      await e.requireSuperuser();
      const body = await e.body();
      const filesystem = str(body.filesystem);
      if (!['storage', 'backups'].includes(filesystem)) {
        const err =
          filesystem === ''
            ? fieldError('validation_required', 'Cannot be blank.')
            : fieldError('validation_in_invalid', 'Must be a valid value.');
        throw new ValidationError('Failed to test the S3 filesystem.', { filesystem: err });
      }
      await testS3(ctx.core, filesystem as 'storage' | 'backups');
      return new Response(null, { status: 204 });
    },
  },
  {
    method: 'POST',
    pattern: '/api/settings/apple/generate-client-secret',
    group: 'settings',
    handler: async (e) => {
      await e.requireSuperuser();
      return ctx.json({ secret: await generateAppleClientSecret(await e.body()) });
    },
  },
  {
    method: 'POST',
    pattern: '/api/settings/test/email',
    group: 'settings',
    handler: async (e) => {
      await e.requireSuperuser();
      const body = await e.body();
      const errors: ErrorData = {};
      const email = str(body.email);
      const template = str(body.template);
      if (email === '') errors.email = fieldError('validation_required', 'Cannot be blank.');
      else if (!isEmail(email))
        errors.email = fieldError('validation_is_email', 'Must be a valid email address.');
      if (template === '') errors.template = fieldError('validation_required', 'Cannot be blank.');
      else if (!TEST_TEMPLATES.includes(template))
        errors.template = fieldError('validation_in_invalid', 'Must be a valid value.');
      if (Object.keys(errors).length > 0) {
        throw new ValidationError('Failed to send the test email.', errors);
      }
      await sendTestEmail(ctx.core, {
        email,
        template: template as TestTemplate,
        collection: str(body.collection),
      });
      return new Response(null, { status: 204 });
    },
  },
];
