/** The staff workstation's API client; the staff session is kept on this workstation. */
import { createApi, tokenStore } from '../shared/api';

export const staffToken = tokenStore('tianyi.staff.token');
export const api = createApi(staffToken, () => {
  staffToken.set(null);
  window.dispatchEvent(new Event('tianyi:staff-signed-out'));
});
