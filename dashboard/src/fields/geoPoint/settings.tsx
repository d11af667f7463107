// Geo point has no options beyond the common ones.
export { NoSettings as GeoPointSettings } from '../common.tsx';
