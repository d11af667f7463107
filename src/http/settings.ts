// Superuser-only settings routes under /api/settings (http-api.md §8).
import { Elysia } from 'elysia';
import { sendTestEmail, type TestTemplate } from '../core/auth/test-email.ts';
import { BadRequestError, type ErrorData, fieldError, ValidationError } from '../core/errors.ts';
import { isEmail } from '../core/settings/formats.ts';
import type { RequestContext } from './context.ts';
import { pickedResponse } from './fields-param.ts';

const TEST_TEMPLATES = ['verification', 'password-reset', 'email-change', 'otp', 'login-alert'];

function str(v: unknown): string {
  return typeof v === 'string' ? v : '';
}

export const settingsRoutes = (ctx: RequestContext) =>
  new Elysia({ name: 'http/settings' })
    .get('/api/settings', async ({ request, query }) => {
      await ctx.requireSuperuser(request);
      return pickedResponse(ctx.core.settings.toJSON(), str(query.fields));
    })
    .patch('/api/settings', async ({ request, query }) => {
      await ctx.requireSuperuser(request);
      const body = await ctx.body(request);
      await ctx.core.settings.update(ctx.core, body);
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
      const s = ctx.core.settings.get();
      const s3 = filesystem === 'backups' ? s.backups.s3 : s.s3;
      if (!s3.enabled) throw new BadRequestError('S3 storage filesystem is not enabled.');
      // TODO: S3 storage lands with the files module; until then every test fails clearly.
      throw new BadRequestError(
        'Failed to test the S3 filesystem: S3 support is not available yet.',
      );
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
