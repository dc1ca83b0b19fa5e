// The console in a real browser against the real product. Each test is a user's errand; axe checks every page the
// errand visits, and the main pages are saved as screenshots for docs/console.md.
import { expect, test, type Page } from '@playwright/test';
import { api, AUDITOR, baseUrl, expectAccessible, organisation, screenshot, signIn, STAFF } from './support';

test.describe.configure({ mode: 'serial' });

test.beforeAll(async () => {
  await organisation('สำนักงานนวัตกรรมแห่งชาติ (องค์การมหาชน)', 'National Innovation Agency (NIA)');
  await organisation('โครงการพัฒนาแห่งสหประชาชาติ ประเทศไทย', 'UNDP Thailand', 'international');
});

async function pickOrganisation(page: Page, label: string, name: string) {
  await page.getByRole('combobox', { name: label }).click();
  await page.getByRole('combobox', { name: label }).fill(name);
  await page
    .getByRole('option', { name: new RegExp(name) })
    .first()
    .click();
}

async function saveDialog(page: Page) {
  const dialog = page.getByRole('dialog');
  await dialog.getByRole('button', { name: 'Save' }).click();
  await expect(dialog).toBeHidden();
}

test('signs in in Thai by default, and English is one click away and remembered', async ({ page }) => {
  await page.goto(`${baseUrl()}/`);
  // Not signed in: the console sends the visitor to the sign-in page, in Thai
  await expect(page).toHaveURL(/\/sign-in\?returnTo=%2F/);
  await expect(page.getByLabel('อีเมล')).toBeVisible();
  await expect(page.getByRole('textbox', { name: 'รหัสผ่าน' })).toBeVisible();
  await expectAccessible(page);
  await screenshot(page, 'sign-in-th');

  // A wrong password is refused in words, nobody is signed in
  await page.getByLabel('อีเมล').fill(STAFF.email);
  await page.getByRole('textbox', { name: 'รหัสผ่าน' }).fill('not the password');
  await page.getByRole('button', { name: 'เข้าสู่ระบบ', exact: true }).click();
  await expect(page.getByRole('alert')).toContainText('อีเมลหรือรหัสผ่านไม่ถูกต้อง');

  await page.getByRole('textbox', { name: 'รหัสผ่าน' }).fill(STAFF.password);
  await page.getByRole('button', { name: 'เข้าสู่ระบบ', exact: true }).click();
  await expect(page.getByRole('heading', { name: 'แดชบอร์ด' })).toBeVisible();
  await expect(page.getByRole('navigation')).toContainText('บันทึกความเข้าใจ (MOU)');
  await expectAccessible(page);

  await page.getByRole('radiogroup', { name: 'ภาษา' }).getByText('English').click();
  await expect(page.getByRole('heading', { name: 'Dashboard' })).toBeVisible();
  await page.reload();
  await expect(page.getByRole('heading', { name: 'Dashboard' })).toBeVisible();
  await page.goto(`${baseUrl()}/?lang=th`);
  await expect(page.getByRole('heading', { name: 'แดชบอร์ด' })).toBeVisible();
});

test('story 1: staff draft an MOU, every party signs, it is active and its kickoff activity shows', async ({ page }) => {
  await signIn(page, STAFF);
  await page.getByRole('link', { name: 'MOUs' }).click();
  await expect(page.getByRole('heading', { name: 'MOUs' })).toBeVisible();
  await page.getByRole('link', { name: 'Draft an MOU' }).click();
  await expect(page.getByRole('heading', { name: 'Draft an MOU' })).toBeVisible();
  await expectAccessible(page);

  await page.getByRole('textbox', { name: 'Title', exact: true }).fill('NIA–UNDP innovation cooperation');
  await page.getByLabel('Areas of cooperation').fill('Innovation networks\nYouth Co:Lab\nRegional Innovation Centre for CLMV');
  await page.getByLabel('Level of collaboration').selectOption('strategic');
  await page.getByLabel('Effective from').fill('2025-01-07');
  await page.getByLabel('Term (months)').fill('36');
  await page.getByLabel('Lead team').fill('IASA');
  await pickOrganisation(page, 'Party 1', 'National Innovation Agency');
  await page.getByLabel('Signatory’s name').first().fill('Executive Director');
  await page.getByLabel('Signatory’s title').first().fill('ผู้อำนวยการ');
  await pickOrganisation(page, 'Party 2', 'UNDP Thailand');
  await page.getByLabel('Signatory’s name').nth(1).fill('Resident Representative');
  await page.getByLabel('Signatory’s title').nth(1).fill('Resident Representative');
  await page.getByRole('button', { name: 'Add a KPI' }).click();
  await page.getByLabel('KPI 1').fill('Youth Co:Lab prototypes built');
  await page.getByLabel('Target').fill('20');
  await page.getByLabel('Why (optional)').fill('Signed at the NIA board meeting');
  await page.getByRole('button', { name: 'Save the draft' }).click();

  await expect(page).toHaveURL(/\/mous\/[0-9a-f-]{36}$/);
  await expect(page.getByRole('heading', { name: 'NIA–UNDP innovation cooperation' })).toBeVisible();
  await expect(page.getByText('Draft', { exact: true })).toBeVisible();
  await expect(page.getByText('7 January 2025')).toBeVisible();

  // Revising the draft's terms edits its KPIs: a new target for the first, a second one with a unit
  await page.getByRole('button', { name: 'Revise terms' }).click();
  const revise = page.getByRole('dialog');
  await expect(revise.getByLabel('KPI 1')).toHaveValue('Youth Co:Lab prototypes built');
  await revise.getByLabel('Target').first().fill('25');
  await revise.getByRole('button', { name: 'Add a KPI' }).click();
  await revise.getByLabel('KPI 2').fill('Innovation networks joined');
  await revise.getByLabel('Target').nth(1).fill('4');
  await revise.getByLabel('Unit').nth(1).fill('networks');
  await expectAccessible(page);
  await saveDialog(page);
  await expect(page.getByText('0 of 25')).toBeVisible();
  await expect(page.getByText('Innovation networks joined')).toBeVisible();
  await expect(page.getByText('0 of 4 networks')).toBeVisible();

  await page.getByRole('button', { name: 'Request signatures' }).click();
  await saveDialog(page);
  await expect(page.getByText('Awaiting signatures', { exact: true })).toBeVisible();

  await page.getByRole('button', { name: /Signed by National Innovation Agency/ }).click();
  await saveDialog(page);
  await expect(page.getByRole('button', { name: /Signed by National Innovation Agency/ })).toBeHidden();
  await page.getByRole('button', { name: /Signed by UNDP Thailand/ }).click();
  await saveDialog(page);

  await expect(page.getByText('Active', { exact: true })).toBeVisible();
  await expect(page.getByText(/Signed on/)).toHaveCount(2);
  await expect(page.getByRole('progressbar')).toHaveCount(2);
  // The kickoff is planned by a workflow when the MOU becomes active; it appears under the MOU
  await expect(async () => {
    await page.reload();
    await expect(page.getByRole('link', { name: 'Kickoff: NIA–UNDP innovation cooperation' })).toBeVisible({ timeout: 2000 });
  }).toPass({ timeout: 30_000 });
  await expectAccessible(page);
  await screenshot(page, 'mou');

  await page.getByRole('link', { name: 'Dashboard' }).click();
  await expect(page.getByRole('heading', { name: 'MOUs by state' })).toBeVisible();
  await expectAccessible(page);
  await screenshot(page, 'dashboard');

  await page.getByRole('link', { name: 'Organisations' }).click();
  await page.getByLabel('Name').fill('UNDP');
  await page.getByRole('button', { name: 'Search' }).click();
  await page.getByRole('link', { name: 'โครงการพัฒนาแห่งสหประชาชาติ ประเทศไทย' }).click();
  await expect(page.getByRole('heading', { name: 'UNDP Thailand' })).toBeVisible();
  await expect(page.getByRole('link', { name: 'NIA–UNDP innovation cooperation' })).toBeVisible();
  await expectAccessible(page);
  await screenshot(page, 'organisation');
});

test('a refused command is shown beside the field it names, and nothing changes', async ({ page }) => {
  await signIn(page, STAFF);
  await page.goto(`${baseUrl()}/mous?status=active`);
  await page.getByRole('link', { name: 'NIA–UNDP innovation cooperation' }).click();
  const version = await page.getByText(/^Version \d+$/).textContent();
  await page.getByRole('button', { name: 'Renew' }).click();
  const dialog = page.getByRole('dialog');
  await dialog.getByLabel('Term (months)').fill('0');
  await dialog.getByRole('button', { name: 'Save' }).click();
  const field = dialog.getByLabel('Term (months)');
  await expect(field).toHaveAttribute('aria-invalid', 'true');
  await expect(field).toHaveAccessibleDescription(/must be at least 1/);
  await expect(dialog.getByRole('alert')).toContainText('Some fields need attention.');
  await expectAccessible(page);
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await page.reload();
  await expect(page.getByText(/^Version \d+$/)).toHaveText(version!);
});

test('an auditor sees an amended MOU as it stood before the amendment, marked as past, and its history', async ({ page }) => {
  // Arranged through the API: story 3's ministry MOU, active, then amended
  const most = await organisation('กระทรวงวิทยาศาสตร์และเทคโนโลยี', 'Ministry of Science and Technology');
  const moi = await organisation('กระทรวงมหาดไทย', 'Ministry of Interior');
  const mou = await api<{ id: string }>('POST', '/mous', {
    title: 'Provincial development with science and technology',
    cooperationAreas: ['A Provincial Chief Science Officer in every province', 'Four regional coordination centres'],
    collaborationLevel: 'strategic',
    effectiveFrom: '2009-04-20',
    termMonths: 240,
    parties: [
      { organisationId: most, signatoryName: 'Permanent Secretary', signatoryTitle: 'ปลัดกระทรวง' },
      { organisationId: moi, signatoryName: 'Permanent Secretary', signatoryTitle: 'ปลัดกระทรวง' },
    ],
  });
  await api('POST', `/mous/${mou.id}/signature-request`, {});
  await api('POST', `/mous/${mou.id}/signatures`, { organisationId: most, signedAt: '2009-04-20T03:00:00Z' });
  const signed = await api<{ version: number }>('POST', `/mous/${mou.id}/signatures`, { organisationId: moi, signedAt: '2009-04-20T03:00:00Z' });
  await api('POST', `/mous/${mou.id}/amendments`, {
    summary: 'A fifth centre in Phitsanulok',
    changes: 'Adds the lower north centre',
    effectiveOn: '2012-01-01',
    reason: 'Cabinet resolution',
  });

  await signIn(page, AUDITOR);
  await page.goto(`${baseUrl()}/mous/${mou.id}`);
  await expect(page.getByText('A fifth centre in Phitsanulok')).toBeVisible();
  await expect(page.getByRole('button', { name: 'Amend' })).toBeHidden(); // auditors read, they do not change
  await expect(page.getByText(/Chain valid/)).toBeVisible();
  await expectAccessible(page);

  const amendments = page.locator('.mantine-Card-root', { has: page.getByRole('heading', { name: 'Amendments' }) });
  await page.getByRole('radiogroup', { name: 'Choose by' }).getByText('Version').click();
  await page.getByRole('textbox', { name: 'Version number' }).fill(String(signed.version));
  await page.getByRole('button', { name: 'Show' }).click();
  await expect(page).toHaveURL(new RegExp(`version=${signed.version}`));
  await expect(page.getByText('A past view: not the current record')).toBeVisible();
  await expect(amendments).toContainText('None');
  await expect(page.getByText('A fifth centre in Phitsanulok')).toBeHidden();
  await expectAccessible(page);
  await screenshot(page, 'mou-as-of');

  await page.getByRole('button', { name: 'Back to now' }).first().click();
  await expect(page.getByText('A past view: not the current record')).toBeHidden();
  await expect(page.getByText('A fifth centre in Phitsanulok')).toBeVisible();

  await page.getByRole('link', { name: 'History' }).click();
  await expect(page.getByRole('heading', { name: 'History' })).toBeVisible();
  await expect(page.getByText('Amendment 1: A fifth centre in Phitsanulok (effective 1 January 2012)')).toBeVisible();
  await expect(page.getByText('Why: Cabinet resolution')).toBeVisible();
  await page.getByRole('button', { name: 'Show raw JSON' }).last().click();
  await expect(page.getByText('"type": "MouAmended"')).toBeVisible();
  await expectAccessible(page);
  await screenshot(page, 'history');

  await page.getByRole('link', { name: 'Audit' }).click();
  await expect(page.getByRole('heading', { name: /Audit/ })).toBeVisible();
  await expect(page.getByText('MouAmended').first()).toBeVisible();
  await expectAccessible(page);
  await screenshot(page, 'audit');
});

test('dates are in the Buddhist Era in Thai and Gregorian in English', async ({ page }) => {
  await signIn(page, STAFF, 'th');
  await page.goto(`${baseUrl()}/mous?status=active`);
  await expect(page.getByText('7 มกราคม 2568').first()).toBeVisible();
  await screenshot(page, 'mous-th');
  await page.goto(`${baseUrl()}/mous?status=active&lang=en`);
  await expect(page.getByText('7 January 2025').first()).toBeVisible();
  await expectAccessible(page);
});
