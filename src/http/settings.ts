// Superuser-only settings routes under /api/settings (http-api.md §8).
import { Elysia } from 'elysia';
import { sendTestEmail, type TestTemplate } from '../core/auth/mail-flows/test-email.ts';
import { type ErrorData, fieldError, ValidationError } from '../core/errors.ts';
import { generateAppleClientSecret } from '../core/settings/apple-secret.ts';
import { isEmail } from '../core/settings/formats.ts';
import { testS3 } from '../core/settings/s3-test.ts';
import { pickedResponse } from './fields-param.ts';
import type { RequestState } from './request-state.ts';

const TEST_TEMPLATES = ['verification', 'password-reset', 'email-change', 'otp', 'login-alert'];

function str(v: unknown): string {
  return typeof v === 'string' ? v : '';
}

export const settingsRoutes = (ctx: RequestState) =>
  new Elysia({ name: 'http/settings' })
    .get('/api/settings', async ({ request, query }) => {
      await ctx.requireSuperuser(request);
      return pickedResponse(ctx.core.settings.toJSON(), str(query.fields));
    })
    .patch('/api/settings', async ({ request, query }) => {
      await ctx.requireSuperuser(request);
      const body = await ctx.body(request);
      await ctx.core.settings.update(ctx.core.store, body);
      return pickedResponse(ctx.core.settings.toJSON(), str(query.fields));
    })
    .post('/api/settings/test/s3', async ({ request }) => {
      await ctx.requireSuperuser(request);
      const body = await ctx.body(request);
      const filesystem = str(body.filesystem);
      if (!['storage', 'backups'].includes(filesystem)) {
        const err =
          filesystem === ''
            ? fieldError('validation_required', 'Cannot be blank.')
            : fieldError('validation_in_invalid', 'Must be a valid value.');
        throw new ValidationError('An error occurred while validating the submitted data.', {
          filesystem: err,
        });
      }
      await testS3(ctx.core, filesystem as 'storage' | 'backups');
      return new Response(null, { status: 204 });
    })
    .post('/api/settings/apple/generate-client-secret', async ({ request }) => {
      await ctx.requireSuperuser(request);
      return ctx.json({ secret: await generateAppleClientSecret(await ctx.body(request)) });
    })
    .post('/api/settings/test/email', async ({ request }) => {
      await ctx.requireSuperuser(request);
      const body = await ctx.body(request);
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
        throw new ValidationError('An error occurred while validating the submitted data.', errors);
      }
      await sendTestEmail(ctx.core, {
        email,
        template: template as TestTemplate,
        collection: str(body.collection),
      });
      return new Response(null, { status: 204 });
    });
