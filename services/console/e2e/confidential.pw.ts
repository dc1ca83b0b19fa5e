// Confidential records in a real browser (issue 12): IASA staff draft a confidential MOU and see it marked; NMCO staff
// do not find it in the MOU list and get the same "not found" page at its URL as at an address with no record; once
// IASA opens it to all, NMCO staff see it. An open IASA MOU made through the API shows that the NMCO list did load.
import { expect, test, type Page } from '@playwright/test';
import { randomUUID } from 'node:crypto';
import { api, baseUrl, expectAccessible, NMCO_STAFF, organisation, signIn, STAFF } from './support';

test.describe.configure({ mode: 'serial' });

const stamp = Date.now();
const SECRET_TITLE = `Kiln licensing terms ${stamp}`;
const OPEN_TITLE = `Kiln training programme ${stamp}`;
const BADGE = 'Confidential: only the lead team, admins and auditors see this record';
let mouUrl = '';

async function pickOrganisation(page: Page, label: string, name: string) {
  await page.getByRole('combobox', { name: label }).click();
  await page.getByRole('combobox', { name: label }).fill(name);
  await page
    .getByRole('option', { name: new RegExp(name) })
    .first()
    .click();
}

/** The MOU list of lead team IASA, once it has loaded (the open MOU is in it for everyone). */
async function iasaMous(page: Page) {
  await page.goto(`${baseUrl()}/mous?leadTeam=IASA`);
  await expect(page.getByRole('link', { name: OPEN_TITLE })).toBeVisible();
}

test.beforeAll(async () => {
  const step = await organisation('อุทยานวิทยาศาสตร์ มหาวิทยาลัยเชียงใหม่', `Chiang Mai Science Park ${stamp}`, 'academic');
  const ceramics = await organisation('Lampang Ceramics', `Lampang Ceramics ${stamp}`, 'private');
  await api('POST', '/mous', {
    title: OPEN_TITLE,
    parties: [
      { organisationId: step, signatoryName: 'Director', signatoryTitle: 'ผู้อำนวยการ' },
      { organisationId: ceramics, signatoryName: 'Managing Director', signatoryTitle: 'Managing Director' },
    ],
    cooperationAreas: ['Kiln operator training'],
    collaborationLevel: 'operational',
    effectiveFrom: '2026-01-05',
    termMonths: 12,
    leadTeam: 'IASA',
  });
});

test('IASA staff draft a confidential MOU and see it marked as confidential', async ({ page }) => {
  await signIn(page, STAFF);
  await page.goto(`${baseUrl()}/mous/new`);
  await page.getByRole('textbox', { name: 'Title', exact: true }).fill(SECRET_TITLE);
  await page.getByLabel('Areas of cooperation').fill('Licensing of the low-energy kiln design');
  await page.getByLabel('Effective from').fill('2026-01-05');
  await page.getByLabel('Term (months)').fill('24');
  await page.getByLabel('Lead team').fill('IASA');
  await page.getByRole('switch', { name: 'Confidential' }).check();
  await expect(page.getByText('Only the lead team, admins and auditors will see it. Needs a lead team.')).toBeVisible();
  await pickOrganisation(page, 'Party 1', `Chiang Mai Science Park ${stamp}`);
  await page.getByLabel('Signatory’s name').first().fill('Director');
  await page.getByLabel('Signatory’s title').first().fill('ผู้อำนวยการ');
  await pickOrganisation(page, 'Party 2', `Lampang Ceramics ${stamp}`);
  await page.getByLabel('Signatory’s name').nth(1).fill('Managing Director');
  await page.getByLabel('Signatory’s title').nth(1).fill('Managing Director');
  await expectAccessible(page);
  await page.getByRole('button', { name: 'Save the draft' }).click();

  await expect(page).toHaveURL(/\/mous\/[0-9a-f-]{36}$/);
  mouUrl = page.url();
  await expect(page.getByRole('heading', { name: SECRET_TITLE })).toBeVisible();
  await expect(page.getByRole('img', { name: BADGE })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Open to all' })).toBeVisible();
  await expectAccessible(page);

  // In the list too, beside its title (and the open MOU has no badge)
  await iasaMous(page);
  await expect(page.getByRole('row').filter({ hasText: SECRET_TITLE }).getByRole('img', { name: BADGE })).toBeVisible();
  await expect(page.getByRole('row').filter({ hasText: OPEN_TITLE }).getByRole('img', { name: BADGE })).toHaveCount(0);
  await expectAccessible(page);
});

test('NMCO staff do not see it in the MOU list, and its address is "not found" like an unknown one', async ({ page }) => {
  expect(mouUrl).not.toBe('');
  await signIn(page, NMCO_STAFF);
  await iasaMous(page);
  await expect(page.getByRole('link', { name: SECRET_TITLE })).toHaveCount(0);

  await page.goto(mouUrl);
  await expect(page.getByRole('heading', { name: 'Not found', level: 1 })).toBeVisible();
  const hidden = await page.getByRole('main').innerText();
  expect(hidden).not.toContain(SECRET_TITLE);
  await expect(page.getByRole('link', { name: /Back to the list/ })).toHaveAttribute('href', '/mous');
  await expectAccessible(page);

  // An id that was never used reads the same: the page does not tell hidden from absent
  await page.goto(`${baseUrl()}/mous/${randomUUID()}`);
  await expect(page.getByRole('heading', { name: 'Not found', level: 1 })).toBeVisible();
  expect(await page.getByRole('main').innerText()).toBe(hidden);
});

test('once IASA opens it to all, NMCO staff see it, without the badge', async ({ page }) => {
  expect(mouUrl).not.toBe('');
  await signIn(page, STAFF);
  await page.goto(mouUrl);
  await page.getByRole('button', { name: 'Open to all' }).click();
  const dialog = page.getByRole('dialog', { name: 'Confidentiality' });
  await expect(dialog.getByRole('switch', { name: 'Confidential' })).not.toBeChecked();
  await dialog.getByLabel('Why (optional)').fill('Terms agreed; the partners announce it');
  await expectAccessible(page);
  await dialog.getByRole('button', { name: 'Save' }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByRole('img', { name: BADGE })).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Make confidential' })).toBeVisible();

  await page.context().clearCookies();
  await signIn(page, NMCO_STAFF);
  await iasaMous(page);
  await expect(page.getByRole('link', { name: SECRET_TITLE })).toBeVisible();
  await page.goto(mouUrl);
  await expect(page.getByRole('heading', { name: SECRET_TITLE })).toBeVisible();
});
