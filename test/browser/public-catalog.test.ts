/**
 * The public catalog in a real browser: search in Chinese, pinyin and English (traditional too),
 * facets, a record page, English one click away, and a reader signing in on a phone-sized screen
 * to see their account and the QR card.
 */
import { after, before, test as nodeTest } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser } from 'playwright-core';
import { browserMissing, launch, openPage, screenshot, type Watched } from './support/browser.js';
import { startWebServer, type WebServer } from './support/web-server.js';

const skip = browserMissing();
const test = (name: string, fn: () => Promise<void>) => nodeTest(name, { skip: skip ?? false }, fn);

let server: WebServer;
let browser: Browser;

before(async () => {
  if (skip) return;
  server = await startWebServer();
  browser = await launch();
});

after(async () => {
  await browser?.close();
  await server?.close();
});

async function search(w: Watched, q: string): Promise<number> {
  await w.page.goto(`/?q=${encodeURIComponent(q)}`);
  await w.page.getByTestId('search-hit').first().waitFor();
  const text = await w.page.getByTestId('result-count').innerText();
  return Number(text.replace(/[^\d]/g, ''));
}

test('search in Chinese, pinyin, traditional characters and English', async () => {
  const w = await openPage(browser, { baseURL: server.url });
  try {
    await w.page.goto('/');
    await w.page.getByRole('heading', { name: '天一 · 馆藏目录' }).waitFor();
    await screenshot(w.page, 'public-01-home');

    const chinese = await search(w, '李白');
    assert.ok(chinese > 0, 'Chinese finds records');
    const firstTitle = await w.page.getByTestId('search-hit').first().locator('h3').innerText();
    assert.match(firstTitle, /李白/);
    await w.page.getByTestId('availability').first().waitFor();
    await screenshot(w.page, 'public-02-results-chinese');

    assert.ok((await search(w, 'li bai')) >= chinese, 'pinyin finds the records (and homophones)');
    assert.match(await w.page.getByTestId('search-hit').first().locator('h3').innerText(), /李白/);
    const traditional = await search(w, '詩');
    assert.equal(traditional, await search(w, '诗'), 'traditional and simplified find the same');

    const english = await search(w, 'history');
    assert.ok(english > 0, 'English finds records');
    await screenshot(w.page, 'public-03-results-english');

    // a facet narrows the results
    await w.page.goto(`/?q=${encodeURIComponent('李白')}`);
    await w.page.getByTestId('facet-library').getByRole('checkbox').first().click();
    await w.page.waitForURL(/library=/);
    await w.page.locator('[data-testid="result-count"][data-stale="false"]').waitFor();
    const narrowed = Number((await w.page.getByTestId('result-count').innerText()).replace(/[^\d]/g, ''));
    assert.ok(narrowed > 0 && narrowed <= chinese);

    // the record page
    await w.page.getByTestId('search-hit').first().locator('h3 a').click();
    await w.page.getByTestId('record-title').waitFor();
    assert.match(await w.page.getByTestId('record-title').innerText(), /李白/);
    await screenshot(w.page, 'public-04-record');

    // nothing found says so in plain words
    await w.page.goto(`/?q=${encodeURIComponent('zzqqxxnotaword')}`);
    await w.page.locator('[data-state="empty"]').waitFor();
    assert.match(await w.page.locator('[data-state="empty"]').innerText(), /没有找到/);

    // English one click away, remembered
    await w.page.getByTestId('language-switch').click();
    await w.page.getByRole('heading', { name: 'Tianyi Catalog' }).or(w.page.getByText('Nothing found for')).first().waitFor();
    await w.page.goto('/');
    await w.page.getByRole('heading', { name: 'Tianyi Catalog' }).waitFor();
    await screenshot(w.page, 'public-05-home-english');
    assert.deepEqual(w.problems, []);
  } finally {
    await w.context.close();
  }
});

test('a reader signs in on a phone and sees their account and QR card', async () => {
  const w = await openPage(browser, { baseURL: server.url, mobile: true });
  try {
    await w.page.goto('/?q=' + encodeURIComponent('唐诗'));
    await w.page.getByTestId('search-hit').first().waitFor();
    await screenshot(w.page, 'public-10-phone-results');
    // on a phone the facets are in a drawer
    await w.page.getByRole('button', { name: /筛选/ }).click();
    await w.page.getByTestId('facets').waitFor();
    await screenshot(w.page, 'public-11-phone-facets');
    await w.page.keyboard.press('Escape');

    await w.page.getByTestId('account-link').click();
    await w.page.getByTestId('sign-in-submit').click();
    const cardRequired = w.page.getByText('请输入读者证号');
    await cardRequired.waitFor(); // validated before sending
    await w.page.getByTestId('card-number').fill('R0000002');
    await w.page.getByTestId('pin').fill('9999');
    await cardRequired.waitFor({ state: 'hidden' }); // its exit moves the button up
    await w.page.getByTestId('sign-in-submit').click();
    await w.page.locator('[data-state="error"]').waitFor();
    assert.match(await w.page.locator('[data-state="error"]').innerText(), /不正确/);
    await w.page.getByTestId('pin').fill('1234');
    await w.page.getByTestId('sign-in-submit').click();
    await w.page.getByTestId('reader-name').waitFor();
    await screenshot(w.page, 'public-12-phone-account');
    const body = await w.page.locator('body').innerText();
    assert.match(body, /\*{4,}/, 'the ID number is shown masked');
    assert.doesNotMatch(body, /\d{17}[\dX]/, 'no clear ID number anywhere');

    await w.page.getByTestId('show-qr').click();
    await w.page.getByTestId('qr-card').locator('canvas').waitFor();
    await screenshot(w.page, 'public-13-phone-qr-card');
    await w.page.getByTestId('qr-close').click();

    await w.page.getByTestId('sign-out').click();
    await w.page.getByTestId('card-number').waitFor();
    assert.deepEqual(w.problems, []);
  } finally {
    await w.context.close();
  }
});
