// Geo point input: longitude and latitude.
import type { InputProps } from '../types.ts';

interface Point {
  lon: number;
  lat: number;
}

export function GeoPointInput({ field, value, onChange, id }: InputProps) {
  const p = (value as Point) ?? { lon: 0, lat: 0 };
  return (
    <div class="row" id={id}>
      <input
        type="number"
        step="any"
        name={`${field.name}.lon`}
        aria-label="Longitude"
        placeholder="lon"
        value={p.lon}
        onInput={(e) => onChange({ ...p, lon: Number(e.currentTarget.value) })}
      />
      <input
        type="number"
        step="any"
        name={`${field.name}.lat`}
        aria-label="Latitude"
        placeholder="lat"
        value={p.lat}
        onInput={(e) => onChange({ ...p, lat: Number(e.currentTarget.value) })}
      />
    </div>
  );
}
