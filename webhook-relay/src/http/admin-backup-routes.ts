/**
 * `GET /admin/v1/backups/:file` (bearer admin token): a consistent copy of one of the
 * relay's SQLite files, made while it keeps taking webhooks (the online backup API;
 * see store/sqlite-backup.ts) and streamed back; `relay backup <dir>` saves them. On
 * PostgreSQL there is nothing to copy here: the database is backed up with its own tools.
 */
import { createReadStream, mkdtempSync, rmSync } from 'node:fs';
import path from 'node:path';
import { Router } from 'express';
import { ADMIN_PREFIX, requireAdminToken, type AdminTokens } from './admin-routes';
import type { FailedAttempts } from './failed-attempts';
import { sendProblem } from './problem-details';

export interface AdminBackupDeps {
  /** The files this relay can back up, by name, each with what writes its copy to a path. */
  backups: () => Record<string, (target: string) => Promise<void>>;
  /** Where copies are made before they are streamed (the data directory: same disk, owner only). */
  workDir: string;
  adminToken: AdminTokens;
  adminAttempts?: FailedAttempts;
}

export function createAdminBackupRoutes(deps: AdminBackupDeps): Router {
  const router = Router();
  router.get(`${ADMIN_PREFIX}/backups`, requireAdminToken(deps.adminToken, deps.adminAttempts), (_req, res) => {
    res.json({ files: Object.keys(deps.backups()) });
  });
  router.get(
    `${ADMIN_PREFIX}/backups/:file`,
    requireAdminToken(deps.adminToken, deps.adminAttempts),
    async (req, res) => {
      const name = String(req.params.file);
      const backup = deps.backups()[name];
      if (!backup) {
        sendProblem(res, 'NOT_FOUND', `no backup named ${name} here (see GET ${ADMIN_PREFIX}/backups)`);
        return;
      }
      const dir = mkdtempSync(path.join(deps.workDir, '.backup-'));
      const target = path.join(dir, name);
      const cleanup = () => rmSync(dir, { recursive: true, force: true });
      try {
        await backup(target);
      } catch (error) {
        cleanup();
        sendProblem(res, 'STORAGE_UNAVAILABLE', `the backup failed: ${(error as Error).message}`);
        return;
      }
      res.type('application/vnd.sqlite3');
      res.set('content-disposition', `attachment; filename="${name}"`);
      const stream = createReadStream(target);
      stream.once('close', cleanup);
      stream.once('error', () => res.destroy());
      stream.pipe(res);
    }
  );
  return router;
}
