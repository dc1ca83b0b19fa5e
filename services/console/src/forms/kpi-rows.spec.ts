import { bodyFrom } from './fields';

describe('KPI rows in a command form', () => {
  it('given rows as the revise form holds them, the body has the API’s kpis: ids kept, targets as numbers, empty units left out', () => {
    const rows = [
      { id: 'k1', name: 'Prototypes built', target: '25', unit: '', owner: 'IASA', dueOn: '2026-12-31' },
      { name: 'Networks joined', target: '4', unit: 'networks' },
    ];
    expect(bodyFrom([{ name: 'kpis', label: 'mou.kpis', kind: 'kpis' }], { kpis: JSON.stringify(rows) })).toEqual({
      kpis: [
        { id: 'k1', name: 'Prototypes built', target: 25, owner: 'IASA', dueOn: '2026-12-31' },
        { name: 'Networks joined', target: 4, unit: 'networks' },
      ],
    });
  });

  it('given a target that is not a number, it is sent as typed so the API names the field', () => {
    const body = bodyFrom([{ name: 'kpis', label: 'mou.kpis', kind: 'kpis' }], { kpis: JSON.stringify([{ name: 'X', target: 'lots', unit: '' }]) });
    expect(body).toEqual({ kpis: [{ name: 'X', target: 'lots' }] });
  });

  it('given picks of a multi-select, the body has them as a list', () => {
    expect(bodyFrom([{ name: 'partnerIds', label: 'proposal.partners', kind: 'multiselect' }], { partnerIds: 'a\nb' })).toEqual({ partnerIds: ['a', 'b'] });
  });
});
