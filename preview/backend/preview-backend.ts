/**
 * The preview's stand-in for the org behind `@salesforce/apex`: dispatches `<Class>.<method>` to its handler,
 * falls back to a same-named fixture, and answers an unknown method with a clear error rather than silence.
 */
import { ApexError } from './apex-error';
import { CONTROLLER_HANDLERS, fixtureFallback } from './controller-handlers';
import type { PreviewOrg } from './preview-org';
import { createPreviewStore, type PreviewStore } from './preview-store';
import type { Fixtures } from './preview-types';

export type ApexOutcome = { ok: true; result: unknown } | { ok: false; error: ApexError };

/** Who the preview's user is after a reset: by default an admin holding the Manage Cardbridge setup permission. */
export interface PreviewUser {
  /** false: a user without the permission (SetupState.canManage, getSetupPermission, canManageSetup). */
  canManage?: boolean;
}

export class PreviewBackend {
  private store: PreviewStore;

  constructor(
    private readonly fixtures: Fixtures,
    private readonly org: PreviewOrg
  ) {
    this.store = createPreviewStore(fixtures, org);
  }

  /** Back to the seeded state (tests call this between scenarios), for the admin or the user given. */
  reset(user: PreviewUser = {}): void {
    this.store = createPreviewStore(this.fixtures, this.org);
    if (user.canManage !== undefined) {
      this.store.setupState.canManage = user.canManage;
    }
  }

  knows(apexName: string): boolean {
    return apexName in CONTROLLER_HANDLERS;
  }

  call(apexName: string, params: Record<string, unknown>): ApexOutcome {
    const handler = CONTROLLER_HANDLERS[apexName];
    try {
      if (handler) {
        return { ok: true, result: handler(this.store, params) ?? null };
      }
      const fallback = fixtureFallback(this.store, apexName.split('.')[1] ?? '');
      if (fallback !== undefined) {
        return { ok: true, result: fallback };
      }
      return {
        ok: false,
        error: new ApexError(
          `The preview backend has no answer for ${apexName}; add one in preview/backend.`,
          'NOT_IN_PREVIEW',
          501
        )
      };
    } catch (error) {
      if (error instanceof ApexError) {
        return { ok: false, error };
      }
      return {
        ok: false,
        error: new ApexError(`Preview backend failure in ${apexName}: ${String(error)}`, 'PREVIEW_BUG', 500)
      };
    }
  }
}
