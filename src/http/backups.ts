// Backups API (http-api.md §10), superusers only; the download takes a superuser file token instead.
import { Elysia } from 'elysia';
import { fileTokenAuth } from '../core/auth/tokens/file-token.ts';
import {
  createBackup,
  deleteBackup,
  listBackups,
  readBackup,
  restoreBackup,
  uploadBackup,
} from '../core/backups/backups.ts';
import { ForbiddenError } from '../core/errors.ts';
import { fieldsOf, pickedResponse } from './fields-param.ts';
import { saveFilePart } from './multipart-file.ts';
import type { RequestState } from './request-state.ts';

const noContent = () => new Response(null, { status: 204 });

export const backupsRoutes = (ctx: RequestState) =>
  new Elysia({ name: 'http/backups' })
    .get('/api/backups', async ({ request }) => {
      await ctx.requireSuperuser(request);
      return pickedResponse(await listBackups(ctx.core), fieldsOf(request));
    })
    .post(
      '/api/backups',
      async ({ request }) => {
        await ctx.requireSuperuser(request);
        const body = await ctx.body(request);
        const name = typeof body.name === 'string' ? body.name : '';
        await createBackup(ctx.core, name);
        return noContent();
      },
      { parse: 'none' },
    )
    .post(
      '/api/backups/upload',
      async ({ request }) => {
        await ctx.requireSuperuser(request);
        // Streamed to disk past the global body cap (http-api.md §1.1: backup uploads are unlimited).
        await uploadBackup(ctx.core, (dest) => saveFilePart(request, 'file', dest));
        return noContent();
      },
      { parse: 'none' },
    )
    .get('/api/backups/:key', async ({ params, request }) => {
      const token = new URL(request.url).searchParams.get('token') ?? '';
      const auth = await fileTokenAuth(ctx.core, token, ctx.ip(request));
      if (!auth?.isSuperuser)
        throw new ForbiddenError('Insufficient permissions to access the resource.');
      const file = await readBackup(ctx.core, params.key);
      return new Response(file.body, {
        headers: {
          'content-type': 'application/zip',
          'content-length': String(file.size),
          'content-disposition': `attachment; filename="${file.key.replaceAll('"', '')}"`,
          'last-modified': file.modified.toUTCString(),
        },
      });
    })
    .delete(
      '/api/backups/:key',
      async ({ params, request }) => {
        await ctx.requireSuperuser(request);
        await deleteBackup(ctx.core, params.key);
        return noContent();
      },
      { parse: 'none' },
    )
    .post(
      '/api/backups/:key/restore',
      async ({ params, request }) => {
        await ctx.requireSuperuser(request);
        // 204 once the archive is checked (a refused one is a 400, nothing changed); the swap and
        // restart go on after the answer, as PocketBase's does.
        const checked = Promise.withResolvers<void>();
        const restore = restoreBackup(ctx.core, params.key, { onChecked: checked.resolve });
        await Promise.race([checked.promise, restore]);
        restore.catch((err) => console.error(`restore of ${params.key} failed:`, err));
        return noContent();
      },
      { parse: 'none' },
    );
