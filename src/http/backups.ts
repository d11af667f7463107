// Backups API (http-api.md §10), superusers only; the download takes a superuser file token instead.
// Plus a Satchel-only progress read, so /api/backups keeps PocketBase's list shape.
import { fileTokenAuth } from '../core/auth/tokens/file-token.ts';
import { ForbiddenError } from '../core/errors.ts';
import { fieldsOf, pickedResponse } from './fields-param.ts';
import { saveFilePart } from './multipart-file.ts';
import type { RequestState } from './request-state.ts';
import type { RouteInit } from './routes.ts';

const noContent = () => new Response(null, { status: 204 });

/** The archive code loads with the first backups request, not at every start. */
const backups = () => import('../core/backups/backups.ts');

export const backupsRoutes = (ctx: RequestState): RouteInit[] => [
  {
    method: 'GET',
    pattern: '/api/backups',
    group: 'backups',
    handler: async (e) => {
      await e.requireSuperuser();
      const { listBackups } = await backups();
      return pickedResponse(await listBackups(ctx.core), fieldsOf(e.request));
    },
  },
  {
    method: 'POST',
    pattern: '/api/backups',
    group: 'backups',
    handler: async (e) => {
      await e.requireSuperuser();
      const body = await e.body();
      const { createBackup } = await backups();
      await createBackup(ctx.core, typeof body.name === 'string' ? body.name : '');
      return noContent();
    },
  },
  {
    // Satchel-only: the running backup or restore, `{ running: null }` when there is none.
    method: 'GET',
    pattern: '/api/satchel/backups/progress',
    group: 'backups',
    handler: async (e) => {
      await e.requireSuperuser();
      return pickedResponse({ running: ctx.core.backups.running }, fieldsOf(e.request));
    },
  },
  {
    method: 'POST',
    pattern: '/api/backups/upload',
    group: 'backups',
    // http-api.md §1.1: backup uploads are unlimited; streamed to disk, never held in memory.
    bodyLimit: 'route',
    handler: async (e) => {
      await e.requireSuperuser();
      const { uploadBackup } = await backups();
      await uploadBackup(ctx.core, (dest) => saveFilePart(e.request, 'file', dest));
      return noContent();
    },
  },
  {
    method: 'GET',
    pattern: '/api/backups/{key}',
    group: 'backups',
    handler: async (e) => {
      const token = e.query.get('token') ?? '';
      const auth = await fileTokenAuth(ctx.core, token, e.realIP());
      if (!auth?.isSuperuser)
        throw new ForbiddenError('Insufficient permissions to access the resource.');
      const { readBackup } = await backups();
      const file = await readBackup(ctx.core, e.params.key!);
      return new Response(file.body, {
        headers: {
          'content-type': 'application/zip',
          'content-length': String(file.size),
          'content-disposition': `attachment; filename="${file.key.replaceAll('"', '')}"`,
          'last-modified': file.modified.toUTCString(),
        },
      });
    },
  },
  {
    method: 'DELETE',
    pattern: '/api/backups/{key}',
    group: 'backups',
    handler: async (e) => {
      await e.requireSuperuser();
      const { deleteBackup } = await backups();
      await deleteBackup(ctx.core, e.params.key!);
      return noContent();
    },
  },
  {
    method: 'POST',
    pattern: '/api/backups/{key}/restore',
    group: 'backups',
    handler: async (e) => {
      await e.requireSuperuser();
      const key = e.params.key!;
      // 204 once the archive is checked (a refused one is a 400, nothing changed); the swap and
      // restart go on after the answer, as PocketBase's does.
      const { restoreBackup } = await backups();
      const checked = Promise.withResolvers<void>();
      const restore = restoreBackup(ctx.core, key, { onChecked: checked.resolve });
      await Promise.race([checked.promise, restore]);
      restore.catch((err) => console.error(`restore of ${key} failed:`, err));
      return noContent();
    },
  },
];
