import { test } from 'node:test';
import assert from 'node:assert/strict';
import { gb11643CheckChar, idNumberRefusal, isValidResidentId, maskIdNumber, maskPhone, normalizeIdNumber, phoneRefusal, pinRefusal } from './identity.js';
import { demoIdNumber } from '../demo.js';

test('GB 11643: the check character of published examples', () => {
  // the standard's own worked example and a well-known sample number
  assert.equal(gb11643CheckChar('11010519491231002'), 'X');
  assert.equal(gb11643CheckChar('44052418800101001'), '4');
  assert.equal(isValidResidentId('11010519491231002X'), true);
  assert.equal(isValidResidentId('440524188001010014'), true);
});

test('GB 11643: wrong check character, bad date, bad shape are invalid', () => {
  assert.equal(isValidResidentId('110105194912310021'), false, 'check char should be X');
  assert.equal(isValidResidentId('110105194902300027'), false, '30 February');
  assert.equal(isValidResidentId('11010519491231002'), false, '17 characters');
  assert.equal(isValidResidentId('010105194912310029'), false, 'region cannot start with 0');
  assert.equal(isValidResidentId('1101051949123100AX'), false);
  assert.equal(isValidResidentId('110105203001010011', new Date('2026-01-01')), false, 'born in the future');
});

test('every single-digit typo is caught by the check character', () => {
  const good = '11010519491231002X';
  for (let i = 0; i < 17; i++) {
    for (let d = 0; d <= 9; d++) {
      if (String(d) === good[i]) continue;
      const bad = good.slice(0, i) + d + good.slice(i + 1);
      if (isValidResidentId(bad)) assert.fail(`${bad} passed`);
    }
  }
});

test('normalising accepts a lowercase x and blanks; refusal names the parameter', () => {
  assert.equal(normalizeIdNumber('resident_id', ' 11010519491231002x '), '11010519491231002X');
  assert.equal(idNumberRefusal('resident_id', '110105194912310021')?.code, 'ID_NUMBER_INVALID');
  assert.equal(idNumberRefusal('resident_id', '110105194912310021')?.parameter?.name, 'idNumber');
  assert.equal(idNumberRefusal('passport', 'E12345678'), null);
  assert.equal(idNumberRefusal('passport', 'E1')?.code, 'ID_NUMBER_INVALID');
});

test('demo ID numbers are all valid', () => {
  for (let i = 0; i < 20; i++) assert.equal(isValidResidentId(demoIdNumber(i)), true, demoIdNumber(i));
});

test('masking keeps 4 + 4 of a resident ID number and 3 + 4 of a mobile', () => {
  assert.equal(maskIdNumber('resident_id', '440305199001011234'), '4403**********1234');
  assert.equal(maskIdNumber('passport', 'E12345678'), 'E1*****78');
  assert.equal(maskIdNumber('other', 'AB12'), '****');
  assert.equal(maskPhone('13812345678'), '138****5678');
  assert.equal(maskPhone('057487654321'), '057*****4321');
});

test('phones and PINs', () => {
  assert.equal(phoneRefusal('13812345678'), null);
  assert.equal(phoneRefusal('057487654321'), null);
  assert.equal(phoneRefusal('12345')?.code, 'PHONE_INVALID');
  assert.equal(pinRefusal('1234'), null);
  assert.equal(pinRefusal('12a4')?.code, 'PIN_FORMAT');
  assert.equal(pinRefusal('123')?.code, 'PIN_FORMAT');
});
