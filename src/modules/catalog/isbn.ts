/** ISBN/ISSN keys as the search index stores them (ISBN-10 and -13 share one key). */
import { extractIdentifierKeys } from '../search/index.js';

export function normalizeIsbn(text: string): string[] {
  return extractIdentifierKeys(text);
}
