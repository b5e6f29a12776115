/** The public catalog's API client: the reader's session lives in this browser tab only. */
import { createApi, tokenStore } from '../shared/api';

export const readerToken = tokenStore('tianyi.reader.token', () => sessionStorage);
export const api = createApi(readerToken, () => {
  readerToken.set(null);
  window.dispatchEvent(new Event('tianyi:reader-signed-out'));
});
