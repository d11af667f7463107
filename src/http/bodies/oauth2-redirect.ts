// The provider's form post to /api/oauth2-redirect (http/oauth2-redirect.ts).
import { Type } from '@sinclair/typebox';
import type { BodyTable } from './spec.ts';

export const oauth2RedirectBodies: BodyTable = {
  // The provider's form post (response_mode=form_post) back to the app.
  'POST /api/oauth2-redirect': {
    schema: Type.Object({
      state: Type.String(),
      code: Type.Optional(Type.String()),
      error: Type.Optional(Type.String()),
    }),
    contentType: 'application/x-www-form-urlencoded',
    checkedByCore: true,
  },
};
