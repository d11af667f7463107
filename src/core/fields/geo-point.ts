// `geoPoint`: `{lon, lat}` coordinates; (0,0) is the zero value ("Null Island") (§4.2).
import { fieldError } from '../errors.ts';
import { toStr } from './cast.ts';
import type { FieldKind } from './kind.ts';
import { boolOpt, checkTypes, requiredError, unsupportedValueType } from './option-rules.ts';

export interface GeoPoint {
  lon: number;
  lat: number;
}

const coord = (v: unknown): number => (typeof v === 'number' && Number.isFinite(v) ? v : 0);

/** Key lookup is case-insensitive, as Go's JSON decoding into a struct is. */
function pick(o: Record<string, unknown>, key: string): unknown {
  if (key in o) return o[key];
  const k = Object.keys(o).find((x) => x.toLowerCase() === key);
  return k === undefined ? undefined : o[k];
}

/** An object or its JSON text (`'{"lat":1,"lon":2}'`, any key order) → `{lon, lat}`. */
export function toGeoPoint(value: unknown): GeoPoint {
  let v = value;
  if (typeof v === 'string' || v instanceof Uint8Array) {
    try {
      v = JSON.parse(toStr(v));
    } catch {
      return { lon: 0, lat: 0 };
    }
  }
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return { lon: 0, lat: 0 };
  const o = v as Record<string, unknown>;
  return { lon: coord(pick(o, 'lon')), lat: coord(pick(o, 'lat')) };
}

function isGeoPoint(v: unknown): v is GeoPoint {
  return (
    typeof v === 'object' &&
    v !== null &&
    typeof (v as GeoPoint).lon === 'number' &&
    typeof (v as GeoPoint).lat === 'number'
  );
}

export const geoPointField: FieldKind = {
  type: 'geoPoint',
  defaultOptions: () => ({ help: '', required: false }),
  validateOptions: (field) => checkTypes(field, { required: 'bool' }),
  columnType: () => `JSON DEFAULT '{"lon":0,"lat":0}' NOT NULL`,
  isMultiple: () => false,
  zeroValue: () => ({ lon: 0, lat: 0 }),
  normalize: toGeoPoint,
  validate(value, field) {
    if (!isGeoPoint(value)) return unsupportedValueType();
    if (value.lat === 0 && value.lon === 0)
      return boolOpt(field, 'required') ? requiredError() : null;
    if (!(value.lat >= -90 && value.lat <= 90)) {
      return fieldError(
        'validation_invalid_latitude',
        'Latitude must be between -90 and 90 degrees.',
      );
    }
    if (!(value.lon >= -180 && value.lon <= 180)) {
      return fieldError(
        'validation_invalid_longitude',
        'Longitude must be between -180 and 180 degrees.',
      );
    }
    return null;
  },
  toDb(value) {
    const p = toGeoPoint(value);
    return JSON.stringify({ lon: p.lon, lat: p.lat });
  },
  fromDb: toGeoPoint,
};
