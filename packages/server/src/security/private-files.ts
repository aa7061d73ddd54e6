// Files that hold secrets (the server secret, license signing keys): readable by the server's
// user only (0600), and never seen half-written by another process starting at the same time.
import { randomBytes } from 'node:crypto';
import { linkSync, renameSync, unlinkSync, writeFileSync } from 'node:fs';

function writeTemporary(path: string, content: string): string {
  const temporary = `${path}.${randomBytes(6).toString('hex')}.tmp`;
  writeFileSync(temporary, content, { mode: 0o600, flag: 'wx' });
  return temporary;
}

/**
 * Writes the whole content to a temporary file (0600) and renames it over the old one, so a
 * reader sees either the old content or the new, never half a file.
 */
export function replacePrivateFile(path: string, content: string): void {
  renameSync(writeTemporary(path, content), path);
}

/**
 * Creates the file only if it does not exist, and only ever complete. Opening the target
 * itself with 'wx' would be exclusive but not atomic: a concurrent starter could read it
 * between creation and the write and find it empty. Writing a temporary file and hard-linking
 * it into place is both: link() fails with EEXIST when the name is taken, and the name never
 * points at a partial file. Returns false when another process created it first.
 */
export function createPrivateFileExclusively(path: string, content: string): boolean {
  const temporary = writeTemporary(path, content);
  try {
    linkSync(temporary, path);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    return false;
  } finally {
    unlinkSync(temporary);
  }
}
