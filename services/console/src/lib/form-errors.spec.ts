import { mapFieldErrors, normalisePath } from './form-errors';

describe('API field errors mapped to form fields', () => {
  const fields = ['title', 'parties[0].organisationId', 'parties[1].organisationId', 'kpis[0]', 'effectiveFrom'];

  it('puts each message beside the field its path names', () => {
    const mapped = mapFieldErrors(
      [
        { path: 'title', message: 'is required' },
        { path: 'parties[1].organisationId', message: 'is not a known organisation' },
      ],
      fields,
    );
    expect(mapped.fields).toEqual({ title: 'is required', 'parties[1].organisationId': 'is not a known organisation' });
    expect(mapped.other).toEqual([]);
  });

  it('reads dotted and pointer paths as the same field', () => {
    expect(normalisePath('parties.1.organisationId')).toBe('parties[1].organisationId');
    expect(normalisePath('/parties/1/organisationId')).toBe('parties[1].organisationId');
    expect(mapFieldErrors([{ path: 'parties.0.organisationId', message: 'bad' }], fields).fields).toEqual({ 'parties[0].organisationId': 'bad' });
  });

  it('gives an error on a part the form has no input for to the nearest enclosing field', () => {
    expect(mapFieldErrors([{ path: 'kpis[0].target', message: 'must be positive' }], fields).fields).toEqual({ 'kpis[0]': 'must be positive' });
  });

  it('keeps errors no field owns for the list above the form, naming their path', () => {
    const mapped = mapFieldErrors([{ path: 'colour', message: 'is not a known field' }], fields);
    expect(mapped.fields).toEqual({});
    expect(mapped.other).toEqual(['colour: is not a known field']);
  });
});
