/**
 * Role permissions may be exact ('patrons.read'), prefix wildcards ('patrons.*') or '*'.
 * The kernel's hasPermission asks `permissions.has(p)`; this Set answers wildcards too, so
 * the kernel needs no knowledge of our naming scheme.
 */
export class PermissionSet extends Set<string> {
  override has(permission: string): boolean {
    if (super.has(permission) || super.has('*')) return true;
    const parts = permission.split('.');
    for (let i = parts.length - 1; i > 0; i--) {
      if (super.has(`${parts.slice(0, i).join('.')}.*`)) return true;
    }
    return false;
  }
}
