/**
 * Rules other modules apply before creating new work at a library: a library that left the
 * network keeps its history but receives no new loans or holds.
 */
import type { Refusal } from '../../../kernel/errors.js';
import type { Library } from '../types.js';

/** For check-out, renewal at a desk, and hold placement or pickup at this library. */
export function libraryIsActive(library: Pick<Library, 'id' | 'name' | 'status' | 'leftOn'>, parameter = 'libraryId'): Refusal | null {
  if (library.status === 'active') return null;
  return {
    code: 'LIBRARY_LEFT_NETWORK',
    message: `${library.name} left the network on ${library.leftOn}; it takes no new loans or holds.`,
    parameter: { name: parameter, value: library.id },
  };
}
