import { describe, expect, test } from 'bun:test';
import { geoPointField } from '../../../src/core/fields/geo-point.ts';
import { check, createCtx, makeField, optionsCtx } from './field-helpers.ts';

const field = makeField('geoPoint');

describe('geoPoint normalize', () => {
  test.each<[unknown, unknown]>([
    [
      { lon: 23.32, lat: 42.69 },
      { lon: 23.32, lat: 42.69 },
    ],
    [
      { lat: 1, lon: 2 },
      { lon: 2, lat: 1 },
    ],
    ['{"lon":1.5,"lat":-2}', { lon: 1.5, lat: -2 }],
    ['{"lat":0,"lon":0}', { lon: 0, lat: 0 }],
    [
      { LON: 3, Lat: 4 },
      { lon: 3, lat: 4 },
    ],
    [{ lon: 5 }, { lon: 5, lat: 0 }],
    [
      { lon: '5', lat: 1 },
      { lon: 0, lat: 1 },
    ],
    [
      { lon: 1, lat: 2, extra: true },
      { lon: 1, lat: 2 },
    ],
    ['not json', { lon: 0, lat: 0 }],
    ['', { lon: 0, lat: 0 }],
    [null, { lon: 0, lat: 0 }],
    [[1, 2], { lon: 0, lat: 0 }],
    [7, { lon: 0, lat: 0 }],
  ])('%p → %p', (input, expected) => {
    expect(geoPointField.normalize(input, field)).toEqual(expected);
  });
});

describe('geoPoint validate', () => {
  test.each<[string, Record<string, unknown>, unknown, unknown]>([
    ['zero optional', {}, { lon: 0, lat: 0 }, null],
    [
      'required rejects null island',
      { required: true },
      { lon: 0, lat: 0 },
      { code: 'validation_required', message: 'Cannot be blank.' },
    ],
    ['required ok', { required: true }, { lon: 0, lat: 1 }, null],
    ['bounds ok', {}, { lon: -180, lat: 90 }, null],
    [
      'lat',
      {},
      { lon: 0, lat: 90.1 },
      {
        code: 'validation_invalid_latitude',
        message: 'Latitude must be between -90 and 90 degrees.',
      },
    ],
    [
      'lat negative',
      {},
      { lon: 0, lat: -91 },
      {
        code: 'validation_invalid_latitude',
        message: 'Latitude must be between -90 and 90 degrees.',
      },
    ],
    [
      'lon',
      {},
      { lon: 180.5, lat: 0 },
      {
        code: 'validation_invalid_longitude',
        message: 'Longitude must be between -180 and 180 degrees.',
      },
    ],
  ])('%s', (_name, options, input, expected) => {
    expect(check('geoPoint', options, input)).toEqual(expected as never);
  });

  test('wrong internal type', () => {
    expect(geoPointField.validate('x', field, createCtx())).toMatchObject({
      code: 'validation_unsupported_value_type',
    });
  });

  test('options', () => {
    expect(geoPointField.validateOptions(field, optionsCtx())).toEqual({});
  });
});

describe('geoPoint db', () => {
  test.each<[unknown, unknown]>([
    ['{"lat":0,"lon":0}', { lon: 0, lat: 0 }],
    ['{"lon":23.333157,"lat":42.654318}', { lon: 23.333157, lat: 42.654318 }],
    [null, { lon: 0, lat: 0 }],
  ])('fromDb %p', (raw, expected) => {
    expect(geoPointField.fromDb(raw, field)).toEqual(expected);
  });

  test('toDb writes lon first', () => {
    expect(geoPointField.toDb({ lat: 1, lon: 2 }, field)).toBe('{"lon":2,"lat":1}');
  });
});
